/**
 * The diffusion lab's view (1-D and 2-D data): the particles of a reverse SDE flowing from
 * noise (t = 0) to data (t = T − sEnd) under a time slider with a play button; in 2-D,
 * V(·, t) as a surface with the control u(·, t) as arrows and an error map as its colour;
 * in 1-D, V(x, t) over (x, t) with sample paths on it. Exact, grid and trained are
 * selectable. Clicking the plane with "draw" on adds data points to the source; "Load
 * CSV…" replaces the data with a file's points. Everything drawn comes precomputed from the
 * solver (DiffusionResult.lab); this component only slices and uploads it.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { DiffusionResult, FrameKind } from '../../../core/solvers/diffusion';
import type { ProblemSummary } from '../../../workers/protocol';
import { compileNow } from '../../state/controller';
import { useLab } from '../../state/store';
import type { Run } from '../../state/types';
import { ColorBar } from '../ColorBar';
import { exportView } from '../export-view';
import { sceneToData } from '../layers/frame';
import { Scene } from '../Scene';
import { colorRange } from '../surface-arrays';
import { countInsideBox, type SurfaceData } from '../surface-data';
import type { LayerSpec, PathOptions, PointCoordinates, SceneSpec } from '../scene-spec';
import { ToolbarSelect, ToolbarToggle } from '../ToolbarControls';
import { canCompare, compareMaps } from './compare-maps';
import { DiffusionCompare } from './DiffusionCompare';
import { DiffusionFigures } from './DiffusionFigures';
import { DiffusionLegend } from './DiffusionLegend';
import {
  frame2d,
  kindsOf,
  KIND_LABEL,
  paths1d,
  particlesAt,
  surface1d,
  type ColourMode,
} from './frames-view';
import { addPoints, parsePointsCsv } from './source-points';
import './diffusion.css';

/** Milliseconds per particle frame while playing: the 100 frames of a run in about 4 s. */
const PLAY_MS = 40;
const PATHS_1D = 40;
// Paths of a bimodal flow have a meaningless mean: draw the paths only.
const PATH_OPTIONS: PathOptions = { axes: [0, 'time'], maxPaths: PATHS_1D, mean: false };
const PARTICLE_STYLE = { color: '#ffffff', size: 2.5, opacity: 0.8 };
const DATA_STYLE = { color: '#ff5c5c', size: 5, opacity: 0.95 };

/** Dots on the surface as a layer spec, with how many lie in its box (the legend's count). */
function pointsLayer(
  key: string,
  x: PointCoordinates,
  y: PointCoordinates | number,
  surface: SurfaceData,
  style: { color: string; size: number; opacity: number },
): { spec: LayerSpec; drawn: number } {
  return { spec: { kind: 'points', key, x, y, surface, style }, drawn: countInsideBox(x, y, surface) };
}

function setSourceAsDocument(next: string): void {
  // A new text for the editor (docNonce) that stays the same document for save and undo-less
  // editing; the compile that follows keeps the selected solver (it accepts points data).
  useLab.setState((s) => ({ source: next, docNonce: s.docNonce + 1 }));
  compileNow();
}

function notify(kind: 'info' | 'error', text: string): void {
  useLab.setState({ notice: { kind, text } });
}

/** A flat plane over the problem's box (1-D: over (x, t)) to draw data on before any run. */
function planeOf(problem: ProblemSummary): SurfaceData {
  const s0 = problem.states[0];
  const s1 = problem.states[1];
  const ys = s1 ? Float64Array.of(s1.min, s1.max) : Float64Array.of(0, problem.horizon ?? 1);
  return {
    xs: Float64Array.of(s0.min, s0.max),
    ys,
    z: new Float64Array(4),
    labels: { x: s0.name, y: s1 ? s1.name : 't', z: '' },
  };
}

export function DiffusionView({ run, problem }: { run: Run | null; problem: ProblemSummary }) {
  const result = (run?.result?.result as DiffusionResult | undefined) ?? null;
  const dim = problem.states.length;
  const kinds = useMemo(() => (result ? kindsOf(result) : []), [result]);
  const [kindChoice, setKind] = useState<FrameKind | null>(null);
  const kind: FrameKind | null =
    kindChoice && kinds.includes(kindChoice) ? kindChoice : (kinds.at(-1) ?? null);
  const [colour, setColour] = useState<ColourMode>('height');
  const [arrows, setArrows] = useState(true);
  const [showParticles, setShowParticles] = useState(true);
  const [draw, setDraw] = useState(false);
  const [sideBySide, setSideBySide] = useState(false);
  const [camera, setCamera] = useState<{ preset: 'iso' | 'top' | 'front'; nonce: number }>({
    preset: 'iso',
    nonce: 0,
  });
  const particles = (kind && result?.lab?.particles[kind]) || null;
  const times = particles?.times ?? result?.display.times ?? null;
  const last = times ? times.length - 1 : 0;
  const [frameIndex, setFrame] = useState<number | null>(null);
  const frame = frameIndex === null || frameIndex > last ? last : frameIndex;
  const t = times ? times[frame] : 0;
  const [playing, setPlaying] = useState(false);
  const csvInput = useRef<HTMLInputElement>(null);

  // A new result starts at the data end of the flow.
  useEffect(() => {
    setFrame(null);
    setPlaying(false);
  }, [result]);

  // One frame per tick until the data end, where playing stops.
  useEffect(() => {
    if (!playing) return;
    if (frame >= last) {
      setPlaying(false);
      return;
    }
    const id = setTimeout(() => setFrame(frame + 1), PLAY_MS);
    return () => clearTimeout(id);
  }, [playing, frame, last]);

  const picture = useMemo(() => {
    if (!result || !kind) return null;
    if (dim === 2) return frame2d(result, kind, t, colour);
    const s = surface1d(result, kind);
    return s ? { surface: s.surface, color: null, arrows: null, note: s.note } : null;
  }, [result, kind, t, colour, dim]);
  const surface = picture?.surface ?? planeOf(problem);
  const colorField = picture?.color ?? null;

  const particleLayer = useMemo(() => {
    if (!particles || !showParticles) return null;
    const at = particlesAt(particles, dim, t);
    return pointsLayer('particles', at.xs[0], dim === 2 ? at.xs[1] : t, surface, PARTICLE_STYLE);
  }, [particles, showParticles, dim, t, surface]);

  const data = problem.dataPoints;
  const dataLayer = useMemo(() => {
    if (!data || data.length === 0 || (result && !draw)) return null;
    const x = data.map((p) => p[0]);
    const y = dim === 2 ? data.map((p) => p[1]) : surface.ys[surface.ys.length - 1];
    return pointsLayer('data', x, y, surface, DATA_STYLE);
  }, [data, dim, surface, result, draw]);

  const pathsLayer = useMemo(() => {
    if (dim !== 1 || !particles || !showParticles) return null;
    const set = paths1d(particles, PATHS_1D);
    const spec: LayerSpec = { kind: 'paths', key: 'paths', set, surface, options: PATH_OPTIONS };
    return { spec, drawn: Math.min(set.paths, PATHS_1D) };
  }, [dim, particles, showParticles, surface]);

  const arrowField = dim === 2 && arrows ? (picture?.arrows ?? null) : null;
  const surfaceColor = useMemo(
    () => (colorField ? { values: colorField.values, diverging: false } : null),
    [colorField],
  );
  const spec = useMemo((): SceneSpec => {
    const layers: LayerSpec[] = [];
    if (arrowField) layers.push({ kind: 'vector-field', key: 'arrows', field: arrowField });
    for (const layer of [pathsLayer, particleLayer, dataLayer]) if (layer) layers.push(layer.spec);
    return {
      data: surface,
      color: surfaceColor,
      colormap: 'viridis',
      camera: camera.preset,
      cameraNonce: camera.nonce,
      pickable: draw,
      hideSurface: false,
      zTicks: undefined,
      layers,
    };
  }, [
    arrowField,
    pathsLayer,
    particleLayer,
    dataLayer,
    surface,
    surfaceColor,
    camera.preset,
    camera.nonce,
    draw,
  ]);

  const onPick = (point: { x: number; z: number }) => {
    if (!draw) return;
    const [x, y] = sceneToData(point, {
      x: [surface.xs[0], surface.xs[surface.xs.length - 1]],
      y: [surface.ys[0], surface.ys[surface.ys.length - 1]],
    });
    const edit = addPoints(useLab.getState().source, [dim === 2 ? [x, y] : [x]]);
    if (edit.ok) setSourceAsDocument(edit.source);
    else notify('error', edit.message);
  };

  const loadCsv = async (file: File) => {
    const parsed = parsePointsCsv(await file.text(), dim);
    if (!parsed.ok) return notify('error', `${file.name}: ${parsed.message}`);
    const edit = addPoints(useLab.getState().source, parsed.points, true);
    if (!edit.ok) return notify('error', edit.message);
    setSourceAsDocument(edit.source);
    notify('info', `${parsed.points.length} points from ${file.name} are the data now`);
  };

  const running = run?.status === 'running';
  const legendRows: [string, string][] = [
    ['surface', picture?.note ?? (running ? 'training… (progress in the chart)' : 'the data plane')],
  ];
  if (colorField) legendRows.push(['colour', colorField.label]);
  if (dim === 2 && arrows && picture?.arrows)
    legendRows.push(['floor', `control u(·, t) of the ${KIND_LABEL[kind as FrameKind]} solution`]);
  if (particleLayer)
    legendRows.push([
      'particles',
      `${particleLayer.drawn} of the ${KIND_LABEL[kind as FrameKind]} reverse SDE at t`,
    ]);
  if (pathsLayer) legendRows.push(['paths', `${pathsLayer.drawn} sample paths x(t)`]);
  if (dataLayer) legendRows.push(['data', `${dataLayer.drawn} data points${draw ? ': click to add' : ''}`]);
  else if (draw) legendRows.push(['data', 'click the plane to add data points']);

  const bar = colorField ? colorRange(colorField.values, false) : null;
  const canErr = result?.lab?.fields.exact !== undefined && kind !== null && kind !== 'exact';
  const comparable = result !== null && canCompare(result, kind);
  const compared = useMemo(
    () => (sideBySide && comparable && result ? compareMaps(result, kind, t) : null),
    [sideBySide, comparable, result, kind, t],
  );

  return (
    <div className="lab-view" data-testid="diffusion-view">
      <div className="view-toolbar" role="toolbar" aria-label="Diffusion view">
        <ToolbarSelect
          label="Solution"
          testId="diffusion-kind"
          value={kind ?? ''}
          options={kinds.map((k) => ({ value: k, label: KIND_LABEL[k] }))}
          placeholder="no solution yet"
          onChange={(k) => setKind(k as FrameKind)}
        />
        {dim === 2 && (
          <ToolbarSelect<ColourMode>
            label="Colour by"
            testId="diffusion-colour"
            value={canErr ? colour : 'height'}
            options={[
              { value: 'height', label: 'colour: height' },
              ...(kind === 'grid' ? [{ value: 'value-error' as ColourMode, label: 'colour: |V − V*|' }] : []),
              { value: 'control-error', label: 'colour: |u − u*|' },
            ]}
            disabled={!canErr}
            onChange={setColour}
          />
        )}
        {dim === 2 && (
          <ToolbarToggle checked={arrows} onChange={setArrows}>
            control arrows
          </ToolbarToggle>
        )}
        {dim === 2 && (
          <ToolbarToggle
            testId="diffusion-compare-toggle"
            checked={sideBySide && comparable}
            disabled={!comparable}
            title="Exact | chosen solution | error map, at the slider's time"
            onChange={setSideBySide}
          >
            side by side
          </ToolbarToggle>
        )}
        <ToolbarToggle testId="diffusion-particles" checked={showParticles} onChange={setShowParticles}>
          {dim === 2 ? 'particles' : 'particles and paths'}
        </ToolbarToggle>
        <span className="sep" />
        <ToolbarToggle
          testId="diffusion-draw"
          checked={draw}
          title="Click the plane to add data points to the source"
          onChange={setDraw}
        >
          draw data
        </ToolbarToggle>
        <button
          data-testid="diffusion-csv"
          onClick={() => csvInput.current?.click()}
          title={`A file of ${dim}-column points`}
        >
          Load CSV…
        </button>
        <input
          ref={csvInput}
          type="file"
          accept=".csv,.txt,text/csv,text/plain"
          data-testid="diffusion-csv-input"
          style={{ display: 'none' }}
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void loadCsv(f);
          }}
        />
        <span className="sep" />
        {(['iso', 'top', 'front'] as const).map((p) => (
          <button
            key={p}
            className={camera.preset === p ? 'active' : ''}
            onClick={() => setCamera((c) => ({ preset: p, nonce: c.nonce + 1 }))}
            title={`Camera: ${p}`}
          >
            {p}
          </button>
        ))}
        <button
          data-testid="export-png"
          onClick={() => void exportView('png')}
          disabled={!result}
          title="PNG at twice the screen resolution"
        >
          PNG
        </button>
      </div>
      <div className="viewport" data-testid="viewport">
        <Scene spec={spec} onPick={draw ? onPick : undefined} />
        {bar && colorField && (
          <ColorBar colormap="viridis" min={bar.min} max={bar.max} title={colorField.label} />
        )}
        <DiffusionLegend rows={legendRows} />
        {compared && <DiffusionCompare maps={compared} />}
        {!result && !running && !draw && (
          <div className="view-empty muted">Run the diffusion solver to see the flow, or draw data.</div>
        )}
      </div>
      <div className="view-toolbar secondary" role="toolbar" aria-label="Time">
        <button
          data-testid="diffusion-play"
          disabled={!times}
          onClick={() => {
            if (!playing && frame >= last) setFrame(0);
            setPlaying(!playing);
          }}
          title="Play the flow from noise to data"
        >
          {playing ? 'pause' : 'play'}
        </button>
        <label className="toggle" style={{ flex: 1 }}>
          <span>noise</span>
          <input
            type="range"
            data-testid="diffusion-time"
            aria-label="Control time"
            style={{ flex: 1 }}
            min={0}
            max={last}
            value={frame}
            disabled={!times}
            onChange={(e) => {
              setPlaying(false);
              setFrame(Number(e.target.value));
            }}
          />
          <span>data</span>
        </label>
        <span className="muted small" data-testid="diffusion-time-value">
          t = {t.toFixed(3)}
        </span>
      </div>
      {result && <DiffusionFigures result={result} />}
    </div>
  );
}
