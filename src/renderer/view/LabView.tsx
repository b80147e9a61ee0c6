import { useMemo, useRef, useState } from 'react';
import type * as THREE from 'three';
import { exportView, registerScene } from './export-view';
import { simulateFrom } from '../state/controller';
import { selectedRun, setView, shownStatus, useLab } from '../state/store';
import type { Overlay, Run, TrajectoryBundle } from '../state/types';
import type { DiffusionResult } from '../../core/solvers/diffusion';
import { ColorBar } from './ColorBar';
import { DiffusionView } from './diffusion/DiffusionView';
import type { ColormapName } from './colormap';
import { differenceField } from './compare-diff';
import { deriveView, type DerivedView } from './derive';
import { ContourLayer, FloorPathsLayer, IsosurfaceLayer, TrajectoryLayer, VectorFieldLayer } from './Layers';
import { sceneToData } from './layers/frame';
import type { ScalarField3D } from './layers/isosurface';
import type { PathAxis, TrajectorySet } from './layers/trajectories';
import { Legend } from './Legend';
import { PathsBar } from './PathsBar';
import { Scene } from './Scene';
import { StateSliceBar } from './StateSliceBar';
import { colorRange, CompareMesh } from './SurfaceMesh';
import { finiteRange, surfaceRange, type SurfaceData } from './surface-data';
import {
  applyScale,
  forward,
  pickScale,
  symlogTicks,
  type ScaleChoice,
  type ValueScale,
} from './value-scale';

/** Which path coordinates run along the surface's axes, or null when paths are not drawn. */
function pathAxes(derived: DerivedView, run: Run): readonly [PathAxis, PathAxis] | null {
  if (derived.sliceOf) return derived.sliceOf.axes;
  if (derived.mode === 'surface-2d') return [0, 1];
  if (derived.mode === 'time-1d') return [0, 'time'];
  if (derived.mode === 'slice') {
    const d = run.problem.states.length;
    const ab = [...Array(d).keys()].filter((k) => k !== derived.slice?.axis);
    return [ab[0], ab[1]];
  }
  return null;
}

/**
 * Whether two derived views can be differenced node by node: the same kind of surface over
 * the same quantities (and, for slices of 3-D grids, the same slice). Not for 1-D
 * convergence views, whose second axis is each run's own iteration count.
 */
function differenceApplies(own: DerivedView, other: DerivedView): boolean {
  if (own.mode === 'convergence-1d' || own.mode !== other.mode) return false;
  const a = own.surface.labels;
  const b = other.surface.labels;
  if (a.x !== b.x || a.y !== b.y) return false;
  if (own.slice || other.slice) {
    const span = Math.abs(own.surface.xs[own.surface.xs.length - 1] - own.surface.xs[0]) || 1;
    return (
      !!own.slice &&
      !!other.slice &&
      own.slice.axis === other.slice.axis &&
      Math.abs(own.slice.value - other.slice.value) <= 1e-9 * span
    );
  }
  if (own.sliceOf || other.sliceOf) return JSON.stringify(own.sliceOf) === JSON.stringify(other.sliceOf);
  return true;
}

/** The full start state for a click at data point (x, y) of the displayed surface. */
function startState(derived: DerivedView, run: Run, x: number, y: number): number[] | null {
  const grid = run.result?.result.display.grid;
  if (!grid) return null;
  if (derived.sliceOf) {
    if (!derived.sliceOf.at) return null;
    const from = [...derived.sliceOf.at];
    from[derived.sliceOf.axes[0]] = x;
    from[derived.sliceOf.axes[1]] = y;
    return from;
  }
  if (derived.mode === 'surface-2d') return [x, y];
  if (derived.mode === 'time-1d' || derived.mode === 'convergence-1d') return [x];
  const axes = pathAxes(derived, run);
  if (!axes || !derived.slice) return null;
  const from = grid.axes.map((a) => a[Math.floor(a.length / 2)]);
  from[derived.slice.axis] = derived.slice.value;
  from[axes[0] as number] = x;
  from[axes[1] as number] = y;
  return from;
}

/** What an empty view says while the selected run has nothing to draw yet. */
function waitingText(status: string): string {
  if (status === 'paused') return 'Paused before the first picture: Step or Resume to go on.';
  if (status === 'running') return 'Solving: the surface appears with the first snapshot.';
  return `No surface to show (${status}). Run again to see the value function.`;
}

function toSet(b: TrajectoryBundle): TrajectorySet {
  return { d: b.d, paths: b.paths, steps: b.steps, times: b.times, states: b.states, reward: b.reward };
}

/**
 * The centre of the lab: the diffusion view for 1-D and 2-D diffusion problems (a run
 * without the lab's frames, from an older file, or of another dimension than the edited
 * problem falls back to the generic view), else the 3D scene for the selected run.
 */
export function LabView() {
  const run = useLab(selectedRun);
  const problem = useLab((s) => s.compile?.problem ?? null);
  const result = run?.result?.result as DiffusionResult | undefined;
  const diffusion =
    problem?.kind === 'diffusion' &&
    problem.states.length <= 2 &&
    (!run || run.solver === 'diffusion') &&
    (!result || (result.lab !== undefined && result.display.policy.length === problem.states.length));
  return diffusion ? <DiffusionView run={run} problem={problem} /> : <ControlView />;
}

/** The 3D scene for the selected run, with its view toolbar. */
function ControlView() {
  const run = useLab(selectedRun);
  const view = useLab((s) => s.view);
  const trajectories = useLab((s) => s.trajectories);
  const [startText, setStartText] = useState('');
  // A start state typed or picked for one document means nothing in the next (another
  // problem, often another dimension): the box empties when the document changes.
  const documentKey = useLab((s) => `${s.exampleId}\u0000${s.docNonce}`);
  const [startDocument, setStartDocument] = useState(documentKey);
  if (startDocument !== documentKey) {
    setStartDocument(documentKey);
    setStartText('');
  }
  const fresh = useMemo(() => (run ? deriveView(run, view) : null), [run, view]);
  // A run that has just started has nothing to show until its first snapshot: keep the
  // previous picture meanwhile rather than flashing an empty view.
  const shown = useRef<DerivedView | null>(null);
  if (fresh || run?.status !== 'running') shown.current = fresh;
  const own = shown.current;
  // "Compare": the other run's surface as a wireframe, both on one value scale.
  const compareRun = useLab((s) => s.runs.find((r) => r.id === s.compareRunId) ?? null);
  const linear = useMemo(() => {
    const other = compareRun?.result && own ? deriveView(compareRun, { ...view, overlay: 'value' }) : null;
    if (!own || !other || other.mode !== own.mode) return { derived: own, compare: null, comparable: false };
    const a = finiteRange(own.surface.z);
    const b = finiteRange(other.surface.z);
    const zRange = { min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
    const comparable = differenceApplies(own, other);
    const color =
      comparable && view.overlay === 'difference' && compareRun
        ? {
            values: differenceField(own.surface, other.surface),
            label: `|V − V of ${compareRun.label}|`,
            diverging: false,
          }
        : own.color;
    return {
      derived: { ...own, color, surface: { ...own.surface, zRange } },
      compare: { ...other.surface, zRange },
      comparable,
    };
  }, [own, compareRun, view]);
  // The height's scale: symmetric log when V spans decades (or when chosen), applied to the
  // surface and the compared one alike so that every layer sits on what is drawn.
  const [scaleChoice, setScaleChoice] = useState<ScaleChoice>('auto');
  const ownZ = own?.surface.z;
  const scale = useMemo(
    (): ValueScale => (ownZ ? pickScale(ownZ, scaleChoice) : { kind: 'linear' }),
    [ownZ, scaleChoice],
  );
  const { derived, compare, zTicks } = useMemo(() => {
    if (scale.kind === 'linear' || !linear.derived) return { ...linear, zTicks: undefined };
    const scaled = (sd: SurfaceData): SurfaceData => ({
      ...sd,
      z: applyScale(sd.z, scale),
      zRange: sd.zRange && { min: forward(sd.zRange.min, scale), max: forward(sd.zRange.max, scale) },
      labels: { ...sd.labels, z: `${sd.labels.z} (symlog)` },
    });
    const surface = scaled(linear.derived.surface);
    const r = surfaceRange(surface);
    return {
      derived: { ...linear.derived, surface },
      compare: linear.compare && scaled(linear.compare),
      zTicks: symlogTicks(r.min, r.max, scale),
    };
  }, [linear, scale]);
  const d = run?.problem.states.length ?? 0;
  const result = run?.result ?? null;

  const overlays: { value: Overlay; label: string }[] = [{ value: 'value', label: 'value' }];
  if (result) {
    run?.problem.controls.forEach((c, j) =>
      overlays.push({ value: `policy:${j}`, label: `policy ${c.label || c.name}` }),
    );
    if (result.result.display.residual) overlays.push({ value: 'residual', label: 'HJB residual' });
    if (result.result.display.exact) overlays.push({ value: 'error', label: 'error vs exact' });
    if (linear.comparable) overlays.push({ value: 'difference', label: 'difference vs compared run' });
  }
  const colormap: ColormapName = derived?.color ? 'coolwarm' : view.colormap;
  const bar = useMemo(() => {
    if (!derived) return null;
    if (derived.color)
      return { ...colorRange(derived.color.values, derived.color.diverging), title: derived.color.label };
    return { ...surfaceRange(derived.surface), title: derived.surface.labels.z, ticks: zTicks };
  }, [derived, zTicks]);

  const sliceOf = derived?.sliceOf ?? null;
  const vectorField = useMemo(() => {
    if (!view.vectorField || !result || derived?.mode !== 'surface-2d') return null;
    const [a, b] = sliceOf?.axes ?? [0, 1];
    if (d !== 2 && !sliceOf) return null;
    const g = result.result.display.grid;
    return { xs: g.axes[0], ys: g.axes[1], fx: result.drift[a], fy: result.drift[b] };
  }, [view.vectorField, result, d, derived?.mode, sliceOf]);

  const iso = useMemo(() => {
    if (!view.isosurface || !result || d !== 3) return null;
    const { grid: g, value } = result.result.display;
    const field: ScalarField3D = { axes: [g.axes[0], g.axes[1], g.axes[2]], values: value };
    const r = finiteRange(value);
    const levels = [0.2, 0.4, 0.6, 0.8].map((q) => r.min + q * (r.max - r.min));
    return { field, levels };
  }, [view.isosurface, result, d]);

  const axes = derived && run ? pathAxes(derived, run) : null;
  const periods = useMemo((): readonly [number | null, number | null] => {
    const g = result?.result.display.grid;
    if (!g || !axes) return [null, null];
    const period = (a: PathAxis) =>
      typeof a === 'number' && g.periodic[a] ? g.bounds[a][1] - g.bounds[a][0] : null;
    return [period(axes[0]), period(axes[1])];
  }, [result, axes]);
  const shownPaths = trajectories.filter((t) => t.runId === run?.id);
  const grid1d = d === 1 ? result?.result.display.grid : undefined;
  const periods1d = grid1d?.periodic[0] ? grid1d.bounds[0][1] - grid1d.bounds[0][0] : null;
  const floorPaths = derived?.mode === 'convergence-1d' && shownPaths.length > 0;

  const pick = (point: THREE.Vector3) => {
    if (!derived || !run) return;
    const s = derived.surface;
    const [x, y] = sceneToData(point, {
      x: [s.xs[0], s.xs[s.xs.length - 1]],
      y: [s.ys[0], s.ys[s.ys.length - 1]],
    });
    const from = startState(derived, run, x, y);
    if (from) {
      setStartText(from.map((v) => Number(v.toPrecision(4))).join(', '));
      void simulateFrom(from);
    }
  };

  return (
    <div className="lab-view">
      <div className="view-toolbar" role="toolbar" aria-label="View">
        {/* The toolbar keeps the same controls for every problem (disabled where they do not
            apply): a control that came and went could re-wrap the toolbar and resize the
            canvas, which costs a 0.1–0.4 s reallocation of its buffers with software GL. */}
        <select
          aria-label="Colour by"
          data-testid="overlay-select"
          value={view.overlay}
          disabled={d < 2}
          title={d < 2 ? 'Colour overlays need a 2-D or larger state' : 'Colour the surface by'}
          onChange={(e) => setView({ overlay: e.target.value as Overlay })}
        >
          {overlays.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <select
          aria-label="Colormap"
          data-testid="colormap-select"
          value={view.colormap}
          onChange={(e) => setView({ colormap: e.target.value as ColormapName })}
        >
          <option value="viridis">viridis</option>
          <option value="magma">magma</option>
          <option value="coolwarm">coolwarm</option>
        </select>
        <select
          aria-label="Value scale"
          data-testid="scale-select"
          value={scaleChoice}
          title="Height scale: symmetric log when the value spans decades"
          onChange={(e) => setScaleChoice(e.target.value as ScaleChoice)}
        >
          <option value="auto">{`auto (${scale.kind === 'symlog' ? 'symlog' : 'linear'})`}</option>
          <option value="linear">linear</option>
          <option value="symlog">symlog</option>
        </select>
        <label className="toggle">
          <input
            type="checkbox"
            checked={view.contours}
            onChange={(e) => setView({ contours: e.target.checked })}
          />
          contours
        </label>
        <label
          className={`toggle ${d === 2 || sliceOf ? '' : 'disabled'}`}
          title="The closed-loop drift (2-D state, or a slice's two states)"
        >
          <input
            type="checkbox"
            data-testid="vector-field"
            checked={view.vectorField && (d === 2 || sliceOf !== null)}
            disabled={d !== 2 && !sliceOf}
            onChange={(e) => setView({ vectorField: e.target.checked })}
          />
          vector field
        </label>
        <span className="sep" />
        {(['iso', 'top', 'front'] as const).map((p) => (
          <button
            key={p}
            className={view.camera === p ? 'active' : ''}
            onClick={() => setView({ camera: p, cameraNonce: view.cameraNonce + 1 })}
            title={`Camera: ${p}`}
          >
            {p}
          </button>
        ))}
        <button
          onClick={() => setView({ camera: 'iso', cameraNonce: view.cameraNonce + 1 })}
          title="Reset the camera"
        >
          reset
        </button>
        <span className="sep" />
        <button
          data-testid="export-png"
          onClick={() => void exportView('png')}
          disabled={!derived}
          title="PNG at twice the screen resolution"
        >
          PNG
        </button>
        <button
          data-testid="export-csv"
          onClick={() => void exportView('csv')}
          disabled={!result}
          title="Value and policy on the grid"
        >
          CSV
        </button>
        <button
          data-testid="export-json"
          onClick={() => void exportView('json')}
          disabled={!result}
          title="The run's result"
        >
          JSON
        </button>
      </div>
      <div className="viewport" data-testid="viewport">
        <Scene
          data={derived?.surface ?? null}
          zTicks={zTicks}
          color={derived?.color ?? null}
          colormap={colormap}
          camera={view.camera}
          cameraNonce={view.cameraNonce}
          hideSurface={iso !== null}
          onPick={result ? pick : undefined}
          onCreated={registerScene}
        >
          {derived && view.contours && !iso && run?.status !== 'running' && (
            <ContourLayer data={derived.surface} />
          )}
          {vectorField && <VectorFieldLayer field={vectorField} />}
          {compare && !iso && <CompareMesh data={compare} />}
          {iso && <IsosurfaceLayer field={iso.field} levels={iso.levels} />}
          {derived &&
            axes &&
            !iso &&
            shownPaths.map((t) => (
              <TrajectoryLayer
                key={t.id}
                set={toSet(t)}
                surface={derived.surface}
                axes={axes}
                periods={periods}
              />
            ))}
          {derived?.mode === 'convergence-1d' &&
            shownPaths.map((t) => (
              <FloorPathsLayer key={t.id} set={toSet(t)} surface={derived.surface} period={periods1d} />
            ))}
        </Scene>
        {bar && derived && !iso && (
          <ColorBar
            colormap={colormap}
            min={bar.min}
            max={bar.max}
            title={bar.title}
            ticks={'ticks' in bar ? bar.ticks : undefined}
          />
        )}
        {derived && (
          <Legend
            surface={iso ? 'isosurfaces of V at 20, 40, 60 and 80 % of its range' : derived.note}
            notes={[
              ...(compare && compareRun ? [`wireframe: ${compareRun.label}`] : []),
              ...(floorPaths ? ['paths: x(t) on the floor, t from 0 (front) to the end (back)'] : []),
            ]}
            overlay={derived.color?.label ?? null}
            colormap={colormap}
            contours={view.contours}
            vectorField={vectorField !== null}
            trajectories={shownPaths.reduce((n, t) => n + t.paths, 0)}
          />
        )}
        {/* Over the scene's top-left corner, not above it: appearing with a 3-D run, it
            would otherwise shrink the canvas (see the toolbar above). */}
        {run && sliceOf?.at && run.status !== 'running' && (
          <StateSliceBar key={run.id} run={run} axes={sliceOf.axes} at={sliceOf.at} />
        )}
        {d >= 3 && run && !sliceOf && (
          <div className="view-toolbar secondary" role="toolbar" aria-label="Slice">
            {[0, 1].map((slot) => (
              <select
                key={slot}
                aria-label={slot === 0 ? 'Surface x axis' : 'Surface y axis'}
                value={view.axes[slot]}
                onChange={(e) => {
                  const next: [number, number] = [...view.axes];
                  next[slot] = Number(e.target.value);
                  setView({ axes: next, sliceIndex: -1 });
                }}
              >
                {run.problem.states.map((s, k) => (
                  <option key={k} value={k}>
                    {s.label || s.name}
                  </option>
                ))}
              </select>
            ))}
            {derived?.slice && (
              <label className="toggle" title="Slice through the remaining state">
                {run.problem.states[derived.slice.axis]?.label} = {derived.slice.value.toPrecision(3)}
                <input
                  type="range"
                  data-testid="slice-slider"
                  min={0}
                  max={derived.slice.count - 1}
                  value={derived.slice.index}
                  onChange={(e) => setView({ sliceIndex: Number(e.target.value) })}
                />
              </label>
            )}
            {d === 3 && (
              <label className="toggle">
                <input
                  type="checkbox"
                  checked={view.isosurface}
                  onChange={(e) => setView({ isosurface: e.target.checked })}
                />
                isosurfaces
              </label>
            )}
          </div>
        )}
        {!run && <div className="view-empty muted">Run a solver to see the value function.</div>}
        {run && !derived && (
          <div className="view-empty muted" data-testid="view-waiting">
            {waitingText(shownStatus(run))}
          </div>
        )}
      </div>
      <PathsBar run={run} startText={startText} setStartText={setStartText} shownPaths={shownPaths.length} />
    </div>
  );
}
