/**
 * A diffusion run's project-file form: toRun writes it, fromRun rebuilds the result from
 * the file alone (the trained network, samples and the lab's frames included, so a reopened
 * run needs no retraining).
 */
import type { GridGeometry } from '../../grid/tensor';
import { gridSize } from '../../grid/tensor';
import { mlpFromStored } from '../../nn';
import { ProjectError } from '../../project/errors';
import type { JsonValue } from '../../project/json-value';
import type { DisplayFields, StoredRun } from '../solver';
import type { PointSet } from './data';
import type { FokkerPlanckSolution } from './fokker-planck';
import { readLabFrames, writeLabFrames } from './stored-frames';
import type { DiffusionResult, SamplerReport, TrainedNet } from './result';
import type { ScoreNet } from './score-net';

const f64 = (data: Float64Array) => ({ dtype: 'float64' as const, shape: [data.length], data });

export function toRun(r: DiffusionResult): StoredRun {
  const arrays: StoredRun['arrays'] = {};
  // No `status` here: the project's run record stores the status as the lab shows it
  // ('converged'), and a solver's own summary key would override it on reopen.
  const summary: Record<string, JsonValue> = {
    warnings: r.warnings,
    seconds: r.seconds,
    iterations: r.iterations,
    sEnd: r.sEnd,
    dim: r.display.policy.length,
    horizon: r.horizon,
    display: {
      shape: r.display.grid.shape,
      bounds: r.display.grid.bounds,
      slice: r.display.slice ? { axes: r.display.slice.axes, at: r.display.slice.at } : null,
      exact: r.display.exact !== undefined,
    },
    figures: r.summary,
    scoreErrors: r.scoreErrors.map((e) => ({ ...e })),
    samplers: r.samplers.map((s) => ({ ...s })),
    dataFloor: r.dataFloor ? { ...r.dataFloor } : null,
    controlGap: Object.fromEntries(
      Object.entries(r.controlGap).map(([k, g]) => [
        k,
        {
          paths: g.paths,
          steps: g.steps,
          cost: g.cost,
          costSE: g.costSE,
          gap: g.gap,
          gapSE: g.gapSE,
          residual: g.residual,
          residualSE: g.residualSE,
        },
      ]),
    ),
    history: { iteration: r.history.iteration, seconds: r.history.seconds, metrics: r.history.metrics },
  };
  if (r.grid) {
    summary.grid = { shape: r.grid.grid.shape, bounds: r.grid.grid.bounds, steps: r.grid.steps };
    arrays['grid.times'] = f64(r.grid.times);
    arrays['grid.logp'] = {
      dtype: 'float64',
      shape: [r.grid.times.length, gridSize(r.grid.grid.shape)],
      data: r.grid.logp,
    };
  }
  if (r.trained) {
    const n = r.trained.net;
    summary.trained = {
      spec: { ...n.net.spec, hidden: [...n.net.spec.hidden] },
      frequencies: n.frequencies,
      horizon: n.horizon,
      steps: r.trained.steps,
      seconds: r.trained.seconds,
    };
    arrays['net.params'] = f64(n.net.params);
    arrays['net.fourier'] = f64(n.fourier);
    arrays['net.mean'] = f64(n.mean);
    arrays['net.variance'] = f64(n.variance);
  }
  const disp = r.display;
  disp.grid.axes.forEach((a, k) => (arrays[`display.axis${k}`] = f64(a)));
  arrays['display.value'] = f64(disp.value);
  disp.policy.forEach((a, k) => (arrays[`display.policy${k}`] = f64(a)));
  if (disp.times && disp.values && disp.policies) {
    arrays['display.times'] = f64(disp.times);
    arrays['display.values'] = f64(disp.values);
    disp.policies.forEach((a, k) => (arrays[`display.policies${k}`] = f64(a)));
  }
  if (disp.exact) {
    arrays['display.exact.value'] = f64(disp.exact.value);
    disp.exact.policy.forEach((a, k) => (arrays[`display.exact.policy${k}`] = f64(a)));
  }
  for (const [k, g] of Object.entries(r.controlGap)) {
    arrays[`controlGap.${k}.times`] = f64(g.times);
    arrays[`controlGap.${k}.gapRate`] = f64(g.gapRate);
  }
  for (const [k, set] of Object.entries(r.samples))
    arrays[`samples.${k}`] = {
      dtype: 'float64',
      shape: [set.dim, set.n],
      data: Float64Array.from(
        { length: set.dim * set.n },
        (_, q) => set.xs[Math.floor(q / set.n)][q % set.n],
      ),
    };
  if (r.lab) summary.lab = writeLabFrames(r.lab, r.display.policy.length, arrays);
  return { summary, arrays };
}

function fail(path: string, message: string): never {
  throw new ProjectError('invalid-field', message, path);
}

function float64(run: StoredRun, key: string, length?: number): Float64Array {
  const a = run.arrays[key];
  if (!a || a.dtype !== 'float64') fail(`arrays.${key}`, `the diffusion run needs a float64 array '${key}'`);
  if (length !== undefined && a.data.length !== length)
    fail(`arrays.${key}`, `'${key}' must have ${length} numbers, not ${a.data.length}`);
  return a.data;
}

/** Rebuilds a result from a project file alone (the problem is not compiled where files are opened). */
export function fromRun(run: StoredRun): DiffusionResult {
  const s = run.summary;
  const obj = (v: JsonValue | undefined): Record<string, JsonValue> | null =>
    v && typeof v === 'object' && !Array.isArray(v) ? v : null;
  const d = s.dim;
  const horizon = s.horizon;
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 1)
    fail('summary.dim', 'dim must be a whole number ≥ 1');
  if (typeof horizon !== 'number' || !(horizon > 0))
    fail('summary.horizon', 'horizon must be a positive number');
  let grid: FokkerPlanckSolution | undefined;
  const g = obj(s.grid);
  if (g) {
    const shape = g.shape;
    const bounds = g.bounds;
    if (
      !Array.isArray(shape) ||
      shape.length !== d ||
      !shape.every((c) => Number.isInteger(c) && (c as number) >= 3)
    )
      fail('summary.grid.shape', `grid.shape must be ${d} cell counts`);
    if (!Array.isArray(bounds) || bounds.length !== d)
      fail('summary.grid.bounds', 'grid.bounds must be one pair per axis');
    const cells = shape as number[];
    const box = bounds.map((b, k) => {
      if (
        !Array.isArray(b) ||
        b.length !== 2 ||
        typeof b[0] !== 'number' ||
        typeof b[1] !== 'number' ||
        !(b[0] < b[1])
      )
        fail(`summary.grid.bounds[${k}]`, 'each bound must be [min, max] with min < max');
      return [b[0], b[1]] as [number, number];
    });
    const times = float64(run, 'grid.times');
    const N = cells.reduce((a, b) => a * b, 1);
    const logp = float64(run, 'grid.logp', times.length * N);
    const h = cells.map((c, k) => (box[k][1] - box[k][0]) / c);
    grid = {
      grid: {
        shape: cells,
        axes: cells.map((c, k) => Float64Array.from({ length: c }, (_, i) => box[k][0] + (i + 0.5) * h[k])),
        bounds: box,
        periodic: cells.map(() => false),
      },
      times,
      logp,
      steps: typeof g.steps === 'number' ? g.steps : 0,
      cancelled: false,
    };
  }
  let trained: TrainedNet | undefined;
  const t = obj(s.trained);
  if (t) {
    let net;
    try {
      net = mlpFromStored(t.spec, float64(run, 'net.params'));
    } catch (e) {
      if (e instanceof ProjectError) throw e;
      fail('summary.trained.spec', `the trained network does not fit: ${(e as Error).message}`);
    }
    const frequencies = t.frequencies;
    if (typeof frequencies !== 'number' || !Number.isInteger(frequencies) || frequencies < 0)
      fail('summary.trained.frequencies', 'frequencies must be a whole number');
    const fourier = float64(run, 'net.fourier');
    const sn: ScoreNet = {
      net,
      dim: d,
      horizon,
      frequencies,
      fourier,
      mean: float64(run, 'net.mean', d),
      variance: float64(run, 'net.variance', d),
    };
    if (
      fourier.length % d !== 0 ||
      net.spec.inputs !== d + 1 + 2 * frequencies + (2 * fourier.length) / d ||
      net.spec.outputs !== d
    )
      fail('summary.trained.spec', 'the trained network does not match the data dimension');
    trained = {
      net: sn,
      steps: typeof t.steps === 'number' ? t.steps : 0,
      seconds: typeof t.seconds === 'number' ? t.seconds : 0,
    };
  }
  const samples: Record<string, PointSet> = {};
  for (const [key, a] of Object.entries(run.arrays)) {
    if (!key.startsWith('samples.')) continue;
    if (a.dtype !== 'float64' || a.shape.length !== 2 || a.shape[0] !== d)
      fail(`arrays.${key}`, `samples must be a float64 array of shape [${d}, n]`);
    const n = a.shape[1];
    samples[key.slice(8)] = {
      dim: d,
      n,
      xs: Array.from({ length: d }, (_, i) => a.data.slice(i * n, (i + 1) * n)),
    };
  }
  const history = obj(s.history);
  const figures = obj(s.figures) ?? {};
  const sEnd = typeof s.sEnd === 'number' && s.sEnd >= 0 && s.sEnd < horizon ? s.sEnd : 0;
  const display = readDisplay(run, obj(s.display), d);
  const lab = readLabFrames(run, s.lab, d, display.values?.length ?? 0);
  return {
    solver: 'diffusion',
    status: s.status === 'cancelled' ? 'cancelled' : 'done',
    warnings: Array.isArray(s.warnings) ? s.warnings.filter((w): w is string => typeof w === 'string') : [],
    seconds: typeof s.seconds === 'number' ? s.seconds : 0,
    iterations: typeof s.iterations === 'number' ? s.iterations : 0,
    history: {
      iteration: (history?.iteration as number[] | undefined) ?? [],
      seconds: (history?.seconds as number[] | undefined) ?? [],
      metrics: (history?.metrics as Record<string, number[]> | undefined) ?? {},
    },
    summary: Object.fromEntries(
      Object.entries(figures).filter((e): e is [string, number | string | boolean] =>
        ['number', 'string', 'boolean'].includes(typeof e[1]),
      ),
    ),
    grid,
    trained,
    scoreErrors: (Array.isArray(s.scoreErrors) ? s.scoreErrors : []) as DiffusionResult['scoreErrors'],
    samplers: (Array.isArray(s.samplers) ? s.samplers : []) as unknown as SamplerReport[],
    dataFloor: (obj(s.dataFloor) as DiffusionResult['dataFloor'] | null) ?? undefined,
    samples,
    controlGap: readGaps(run, obj(s.controlGap)),
    sEnd,
    horizon,
    display,
    ...(lab ? { lab } : {}),
  };
}

function readGaps(run: StoredRun, stored: Record<string, JsonValue> | null): DiffusionResult['controlGap'] {
  const out: DiffusionResult['controlGap'] = {};
  if (!stored) return out;
  const keys = ['paths', 'steps', 'cost', 'costSE', 'gap', 'gapSE', 'residual', 'residualSE'] as const;
  for (const kind of ['exact', 'grid', 'trained'] as const) {
    const g = stored[kind];
    if (!g || typeof g !== 'object' || Array.isArray(g)) continue;
    const nums = {} as Record<(typeof keys)[number], number>;
    for (const k of keys) {
      const v = g[k];
      if (typeof v !== 'number')
        fail(`summary.controlGap.${kind}.${k}`, `controlGap.${kind}.${k} must be a number`);
      nums[k] = v;
    }
    const times = float64(run, `controlGap.${kind}.times`);
    out[kind] = { ...nums, times, gapRate: float64(run, `controlGap.${kind}.gapRate`, times.length) };
  }
  return out;
}

function readDisplay(run: StoredRun, meta: Record<string, JsonValue> | null, d: number): DisplayFields {
  if (!meta) fail('summary.display', 'the diffusion run needs its display fields');
  const shape = meta.shape;
  if (!Array.isArray(shape) || !shape.every((c) => Number.isInteger(c) && (c as number) >= 1))
    fail('summary.display.shape', 'display.shape must be whole numbers');
  const cells = shape as number[];
  const N = cells.reduce((a, b) => a * b, 1);
  const axes = cells.map((c, k) => float64(run, `display.axis${k}`, c));
  const grid: GridGeometry = {
    shape: cells,
    axes,
    bounds: axes.map((a): [number, number] => [a[0], a[a.length - 1]]),
    periodic: axes.map(() => false),
  };
  const out: DisplayFields = {
    grid,
    value: float64(run, 'display.value', N),
    policy: Array.from({ length: d }, (_, k) => float64(run, `display.policy${k}`, N)),
  };
  if (run.arrays['display.times']) {
    const times = float64(run, 'display.times');
    out.times = times;
    out.values = float64(run, 'display.values', times.length * N);
    out.policies = Array.from({ length: d }, (_, k) =>
      float64(run, `display.policies${k}`, times.length * N),
    );
  }
  if (meta.exact === true)
    out.exact = {
      value: float64(run, 'display.exact.value', N),
      policy: Array.from({ length: d }, (_, k) => float64(run, `display.exact.policy${k}`, N)),
    };
  const slice = meta.slice;
  if (slice && typeof slice === 'object' && !Array.isArray(slice)) {
    const ax = slice.axes;
    const at = slice.at;
    if (
      !Array.isArray(ax) ||
      ax.length !== 2 ||
      !Array.isArray(at) ||
      !at.every((v) => typeof v === 'number')
    )
      fail('summary.display.slice', 'display.slice must be { axes: [i, j], at: numbers }');
    out.slice = { axes: [ax[0] as number, ax[1] as number], at: at as number[] };
  }
  return out;
}
