/**
 * A grid run in a `.hjblab` project file: named float64 arrays `axis.k`, `value`,
 * `policy.j`, `residual`, `exact.value`, `exact.policy.j`, `times`, `values`, `policies.j`,
 * `history.*`, and a plain JSON summary (method, converged, iterations, seconds,
 * residualMax, residualL2, gridStatus, warnings, grid { shape, bounds, periodic },
 * exactError). Decoding gives back every array bit for bit; files written before the solver
 * registry hold exactly these keys, so they read unchanged.
 */
import type { StoredArray } from '../../project/array-codec';
import type { JsonValue } from '../../project/json-value';
import type { StoredRun } from '../solver';
import type { GridSolution } from './types';

const f64 = (data: Float64Array, shape: number[] = [data.length]): StoredArray => ({
  dtype: 'float64',
  shape,
  data,
});

export function gridRunArrays(
  sol: GridSolution,
  exact: { value: Float64Array; policy: Float64Array[] } | null,
  valueError: readonly number[],
): Record<string, StoredArray> {
  const shape = sol.grid.shape;
  const arrays: Record<string, StoredArray> = {};
  sol.grid.axes.forEach((a, k) => (arrays[`axis.${k}`] = f64(a)));
  arrays['value'] = f64(sol.value, shape);
  sol.policy.forEach((p, j) => (arrays[`policy.${j}`] = f64(p, shape)));
  arrays['residual'] = f64(sol.residual, shape);
  if (exact) {
    arrays['exact.value'] = f64(exact.value, shape);
    exact.policy.forEach((p, j) => (arrays[`exact.policy.${j}`] = f64(p, shape)));
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
  // Only the final grid is compared with the exact solution: the coarse levels' rows are NaN.
  arrays['history.exactError'] = f64(Float64Array.from(valueError.filter((e) => !Number.isNaN(e))));
  return arrays;
}

export function gridRunSummary(sol: GridSolution): Record<string, JsonValue> {
  const summary: Record<string, JsonValue> = {
    method: sol.method,
    converged: sol.status === 'converged' || sol.status === 'done',
    iterations: sol.iterations,
    seconds: sol.seconds,
    residualMax: sol.residualMax,
    residualL2: sol.residualL2,
    gridStatus: sol.status,
    warnings: sol.warnings,
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
  return summary;
}

// ---- back from a project ----

/** Thrown for a stored run that lacks what a grid run needs; the project layer names the file. */
export class StoredRunError extends Error {
  override name = 'StoredRunError';
}

function arr(run: StoredRun, key: string): Float64Array | null {
  const a = run.arrays[key];
  if (!a) return null;
  return a.data instanceof Float64Array ? a.data : Float64Array.from(a.data);
}

function need(run: StoredRun, key: string): Float64Array {
  const a = arr(run, key);
  if (!a) throw new StoredRunError(`the run lacks its array '${key}'`);
  return a;
}

export function storedList(run: StoredRun, prefix: string): Float64Array[] {
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
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) ? v : {};
}

/** A stored grid run back into its solution, the exact fields and the error history. */
export function storedGridSolution(pr: StoredRun): {
  solution: GridSolution;
  exact: { value: Float64Array; policy: Float64Array[] } | null;
  valueError: number[];
} {
  const s = pr.summary;
  const grid = obj(s['grid']);
  const axes = storedList(pr, 'axis');
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
  // Files from before the registry carry `converged` only; `gridStatus` wins when present.
  const status =
    (s['gridStatus'] as GridSolution['status'] | undefined) ??
    (s['converged'] === false ? 'max-iterations' : 'converged');
  const solution: GridSolution = {
    solver: 'grid',
    method: (s['method'] as GridSolution['method'] | undefined) ?? 'howard',
    grid: { shape, axes, bounds, periodic },
    value: need(pr, 'value'),
    policy: storedList(pr, 'policy'),
    residual: need(pr, 'residual'),
    residualMax: num(s['residualMax']),
    residualL2: num(s['residualL2']),
    history,
    iterations: num(s['iterations'], history.iteration.length),
    seconds: num(s['seconds'], 0),
    status,
    warnings: Array.isArray(s['warnings'])
      ? s['warnings'].filter((w): w is string => typeof w === 'string')
      : [],
    ...(exactError ? { exactError } : {}),
    ...(times ? { times, values: need(pr, 'values'), policies: storedList(pr, 'policies') } : {}),
  };
  const exactValue = arr(pr, 'exact.value');
  // The stored error history covers the final grid only: its rows are the last ones.
  const stored = Array.from(arr(pr, 'history.exactError') ?? []);
  const pad = history.iteration.length - stored.length;
  const valueError = pad >= 0 ? [...new Array<number>(pad).fill(NaN), ...stored] : [];
  return {
    solution,
    exact: exactValue ? { value: exactValue, policy: storedList(pr, 'exact.policy') } : null,
    valueError,
  };
}
