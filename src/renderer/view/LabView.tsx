import { useMemo, useRef, useState } from 'react';
import { simulateFrom } from '../state/controller';
import { selectedRun, shownStatus, useLab } from '../state/store';
import type { Overlay } from '../state/types';
import type { DiffusionResult } from '../../core/solvers/diffusion';
import { ColorBar } from './ColorBar';
import { DiffusionView } from './diffusion/DiffusionView';
import type { ColormapName } from './colormap';
import { differenceField } from './compare-diff';
import { deriveView, type DerivedView } from './derive';
import { sceneToData } from './layers/frame';
import type { ScalarField3D } from './layers/isosurface';
import type { PathAxis } from './layers/trajectories';
import { Legend } from './Legend';
import { PathsBar } from './PathsBar';
import { differenceApplies, pathAxes, startState, toSet, waitingText } from './view-logic';
import { ViewToolbar } from './ViewToolbar';
import { Scene } from './Scene';
import { SliceToolbar } from './SliceToolbar';
import { StateSliceBar } from './StateSliceBar';
import type { LayerSpec, SceneSpec } from './scene-spec';
import { colorRange } from './surface-arrays';
import { finiteRange, surfaceRange, type SurfaceData } from './surface-data';
import {
  applyScale,
  forward,
  pickScale,
  symlogTicks,
  type ScaleChoice,
  type ValueScale,
} from './value-scale';

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

  const axes = useMemo(() => (derived && run ? pathAxes(derived, run) : null), [derived, run]);
  const periods = useMemo((): readonly [number | null, number | null] => {
    const g = result?.result.display.grid;
    if (!g || !axes) return [null, null];
    const period = (a: PathAxis) =>
      typeof a === 'number' && g.periodic[a] ? g.bounds[a][1] - g.bounds[a][0] : null;
    return [period(axes[0]), period(axes[1])];
  }, [result, axes]);
  const runId = run?.id;
  const shownPaths = useMemo(() => trajectories.filter((t) => t.runId === runId), [trajectories, runId]);
  const grid1d = d === 1 ? result?.result.display.grid : undefined;
  const periods1d = grid1d?.periodic[0] ? grid1d.bounds[0][1] - grid1d.bounds[0][0] : null;
  const floorPaths = derived?.mode === 'convergence-1d' && shownPaths.length > 0;

  const pathOptions = useMemo(() => (axes ? { axes, periods, maxPaths: 40 } : null), [axes, periods]);
  const showContours = derived !== null && view.contours && !iso && run?.status !== 'running';
  const spec = useMemo((): SceneSpec => {
    const layers: LayerSpec[] = [];
    if (derived && showContours) layers.push({ kind: 'contours', key: 'contours', data: derived.surface });
    if (vectorField) layers.push({ kind: 'vector-field', key: 'vector-field', field: vectorField });
    if (compare && !iso) layers.push({ kind: 'compare', key: 'compare', data: compare });
    if (iso) layers.push({ kind: 'isosurface', key: 'isosurface', field: iso.field, levels: iso.levels });
    if (derived && pathOptions && !iso)
      for (const t of shownPaths)
        layers.push({
          kind: 'paths',
          key: `paths-${t.id}`,
          set: toSet(t),
          surface: derived.surface,
          options: pathOptions,
        });
    if (derived?.mode === 'convergence-1d')
      for (const t of shownPaths)
        layers.push({
          kind: 'floor-paths',
          key: `floor-${t.id}`,
          set: toSet(t),
          surface: derived.surface,
          period: periods1d,
        });
    return {
      data: derived?.surface ?? null,
      zTicks,
      color: derived?.color ?? null,
      colormap,
      camera: view.camera,
      cameraNonce: view.cameraNonce,
      hideSurface: iso !== null,
      pickable: result !== null,
      layers,
    };
  }, [
    derived,
    showContours,
    vectorField,
    compare,
    iso,
    pathOptions,
    shownPaths,
    periods1d,
    zTicks,
    colormap,
    view.camera,
    view.cameraNonce,
    result,
  ]);

  const pick = (point: { x: number; z: number }) => {
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
      <ViewToolbar
        overlays={overlays}
        d={d}
        sliced={sliceOf !== null}
        scaleChoice={scaleChoice}
        scale={scale}
        onScaleChoice={setScaleChoice}
        canExportPicture={derived !== null}
        canExportResult={result !== null}
      />
      <div className="viewport" data-testid="viewport">
        <Scene spec={spec} onPick={result ? pick : undefined} />
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
        {d >= 3 && run && !sliceOf && <SliceToolbar run={run} derived={derived} />}
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
