/**
 * A grid-solver run as stored in a `.hjblab` project (DOM-free; shared by the lab's codec,
 * src/renderer/project/codec.ts, and the command line, `hjb solve --save`).
 *
 * Named float64 arrays: `axis.k`, `value`, `policy.j`, `residual`, `drift.i`, `exact.value`,
 * `exact.policy.j`, `times`, `values`, `policies.j`, `history.*` and optionally `snapshots`;
 * and a plain JSON summary: status, method, converged, iterations, seconds, residualMax,
 * residualL2, gridStatus, warnings, source, grid { shape, bounds, periodic }, exactError.
 * Decoding gives back every array bit for bit.
 */
import { closedLoopDrift, exactFields, type ExactFields } from '../problem/fields';
import type { CompiledProblem } from '../problem/types';
import type { GridSolution } from '../solvers/grid/types';
import type { StoredArray } from './array-codec';
import type { JsonValue } from './json-value';
import type { ProjectRun, SettingsValues } from './types';

/** What the view draws from a grid run: the solution, the exact fields (if any) and the closed-loop drift. */
export interface GridRunFields {
  solution: GridSolution;
  /** Exact value and policy on the grid at t = 0, when the problem gives them. */
  exact: ExactFields | null;
  /** Closed-loop drift f(x, a(x), 0) per state on the grid. */
  drift: Float64Array[];
}

/** The rest of a stored run besides its fields. */
export interface GridRunMeta {
  id: string;
  label: string;
  /** The run's status as the lab shows it (`converged`, `stopped`, …). */
  status: string;
  /** The problem source the run was solved from. */
  source: string;
  /** The settings the run was made with. */
  settings: SettingsValues;
  /** Error against the exact solution per iteration (empty when there is none). */
  exactErrorHistory: readonly number[];
  /** Snapshots of V while solving (1-D: every iterate); those of the wrong length are left out. */
  snapshots: readonly Float64Array[];
  /** ISO 8601; now when omitted. */
  createdAt?: string;
}

/** The solution's exact fields and closed-loop drift, as the lab's worker computes them. */
export function gridRunFields(problem: CompiledProblem, solution: GridSolution): GridRunFields {
  return {
    solution,
    exact: exactFields(problem, solution.grid),
    drift: closedLoopDrift(problem, solution.grid, solution.policy),
  };
}

const f64 = (data: Float64Array, shape: number[] = [data.length]): StoredArray => ({
  dtype: 'float64',
  shape,
  data,
});

export function gridRunToProjectRun(fields: GridRunFields, meta: GridRunMeta): ProjectRun {
  const sol = fields.solution;
  const shape = sol.grid.shape;
  const arrays: Record<string, StoredArray> = {};
  sol.grid.axes.forEach((a, k) => (arrays[`axis.${k}`] = f64(a)));
  arrays['value'] = f64(sol.value, shape);
  sol.policy.forEach((p, j) => (arrays[`policy.${j}`] = f64(p, shape)));
  arrays['residual'] = f64(sol.residual, shape);
  fields.drift.forEach((f, i) => (arrays[`drift.${i}`] = f64(f, shape)));
  if (fields.exact) {
    arrays['exact.value'] = f64(fields.exact.value, shape);
    fields.exact.policy.forEach((p, j) => (arrays[`exact.policy.${j}`] = f64(p, shape)));
  }
  if (sol.times && sol.values) {
    const K = sol.times.length;
    arrays['times'] = f64(sol.times);
    arrays['values'] = f64(sol.values, [K, ...shape]);
    sol.policies?.forEach((p, j) => (arrays[`policies.${j}`] = f64(p, [K, ...shape])));
  }
  const h = sol.history;
  arrays['history.iteration'] = f64(Float64Array.from(h.iteration));
  arrays['history.residualMax'] = f64(Float64Array.from(h.residualMax));
  arrays['history.residualL2'] = f64(Float64Array.from(h.residualL2));
  arrays['history.policyChanges'] = f64(Float64Array.from(h.policyChanges));
  arrays['history.seconds'] = f64(Float64Array.from(h.seconds));
  arrays['history.exactError'] = f64(Float64Array.from(meta.exactErrorHistory));
  const n = sol.value.length;
  const snaps = meta.snapshots.filter((s) => s.length === n);
  if (snaps.length > 0) {
    const stacked = new Float64Array(snaps.length * n);
    snaps.forEach((s, k) => stacked.set(s, k * n));
    arrays['snapshots'] = f64(stacked, [snaps.length, n]);
  }
  const summary: Record<string, JsonValue> = {
    status: meta.status,
    method: sol.method,
    converged: sol.converged,
    iterations: sol.iterations,
    seconds: sol.seconds,
    residualMax: sol.residualMax,
    residualL2: sol.residualL2,
    gridStatus: sol.status,
    warnings: sol.warnings,
    source: meta.source,
    grid: {
      shape: sol.grid.shape,
      bounds: sol.grid.bounds.map(([a, b]) => [a, b]),
      periodic: sol.grid.periodic,
    },
  };
  if (sol.exactError) {
    const e: Record<string, JsonValue> = {
      value: { max: sol.exactError.value.max, relMax: sol.exactError.value.relMax },
    };
    if (sol.exactError.policy) e['policy'] = { max: sol.exactError.policy.max };
    summary['exactError'] = e;
  }
  return {
    id: meta.id,
    solver: 'grid',
    label: meta.label,
    createdAt: meta.createdAt ?? new Date().toISOString(),
    settings: meta.settings,
    summary,
    arrays,
  };
}

// ---- back from a project ----

/** A stored grid run decoded: its fields and what else it carried. */
export interface DecodedGridRun {
  fields: GridRunFields;
  /** The summary's status, when it has one. */
  status: string | null;
  source: string;
  exactErrorHistory: number[];
  snapshots: Float64Array[];
}

function arr(run: ProjectRun, key: string): Float64Array | null {
  const a = run.arrays[key];
  if (!a) return null;
  return a.data instanceof Float64Array ? a.data : Float64Array.from(a.data);
}

function need(run: ProjectRun, key: string): Float64Array {
  const a = arr(run, key);
  if (!a) throw new Error(`run '${run.label}' lacks its array '${key}'`);
  return a;
}

function list(run: ProjectRun, prefix: string): Float64Array[] {
  const out: Float64Array[] = [];
  for (let j = 0; ; j++) {
    const a = arr(run, `${prefix}.${j}`);
    if (!a) return out;
    out.push(a);
  }
}

function num(v: JsonValue | undefined, fallback = NaN): number {
  return typeof v === 'number' ? v : fallback;
}

function obj(v: JsonValue | undefined): Record<string, JsonValue> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
}

/** A stored grid run back into its fields; throws an Error naming a missing required array. */
export function projectRunToGridRun(pr: ProjectRun): DecodedGridRun {
  const s = pr.summary;
  const grid = obj(s['grid']);
  const axes = list(pr, 'axis');
  const shape = Array.isArray(grid['shape']) ? grid['shape'].map((v) => num(v)) : axes.map((a) => a.length);
  const bounds = Array.isArray(grid['bounds'])
    ? grid['bounds'].map((b): [number, number] => (Array.isArray(b) ? [num(b[0]), num(b[1])] : [NaN, NaN]))
    : axes.map((a): [number, number] => [a[0], a[a.length - 1]]);
  const periodic = Array.isArray(grid['periodic'])
    ? grid['periodic'].map((v) => v === true)
    : axes.map(() => false);
  const history = {
    iteration: Array.from(need(pr, 'history.iteration')),
    residualMax: Array.from(need(pr, 'history.residualMax')),
    residualL2: Array.from(need(pr, 'history.residualL2')),
    policyChanges: Array.from(need(pr, 'history.policyChanges')),
    seconds: Array.from(need(pr, 'history.seconds')),
  };
  const exactErrorJson = obj(s['exactError']);
  const exactError =
    s['exactError'] !== undefined
      ? {
          value: {
            max: num(obj(exactErrorJson['value'])['max']),
            relMax: num(obj(exactErrorJson['value'])['relMax']),
          },
          ...(exactErrorJson['policy'] !== undefined
            ? { policy: { max: num(obj(exactErrorJson['policy'])['max']) } }
            : {}),
        }
      : undefined;
  const times = arr(pr, 'times');
  const solution: GridSolution = {
    solver: 'grid',
    method: (s['method'] as GridSolution['method'] | undefined) ?? 'howard',
    grid: { shape, axes, bounds, periodic },
    value: need(pr, 'value'),
    policy: list(pr, 'policy'),
    residual: need(pr, 'residual'),
    residualMax: num(s['residualMax']),
    residualL2: num(s['residualL2']),
    history,
    converged: s['converged'] === true,
    iterations: num(s['iterations'], history.iteration.length),
    seconds: num(s['seconds'], 0),
    status: (s['gridStatus'] as GridSolution['status'] | undefined) ?? 'converged',
    warnings: Array.isArray(s['warnings'])
      ? s['warnings'].filter((w): w is string => typeof w === 'string')
      : [],
    ...(exactError ? { exactError } : {}),
    ...(times ? { times, values: need(pr, 'values'), policies: list(pr, 'policies') } : {}),
  };
  const exactValue = arr(pr, 'exact.value');
  const snapshotsArr = pr.arrays['snapshots'];
  const snapshots: Float64Array[] = [];
  if (snapshotsArr && snapshotsArr.shape.length === 2) {
    const [K, n] = snapshotsArr.shape;
    const data = need(pr, 'snapshots');
    for (let k = 0; k < K; k++) snapshots.push(data.slice(k * n, (k + 1) * n));
  }
  return {
    fields: {
      solution,
      exact: exactValue ? { value: exactValue, policy: list(pr, 'exact.policy') } : null,
      drift: list(pr, 'drift'),
    },
    status: typeof s['status'] === 'string' ? s['status'] : null,
    source: typeof s['source'] === 'string' ? s['source'] : '',
    exactErrorHistory: Array.from(arr(pr, 'history.exactError') ?? []),
    snapshots,
  };
}
