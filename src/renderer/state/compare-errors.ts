/**
 * Errors of a run against a grid run the user picked for comparison: the relative L2
 * difference of V and of the policy over the grid run's nodes in the middle of the box
 * (the same centred fraction as the errors against an exact solution), the other run's
 * fields interpolated multilinearly from its display grid to those nodes. Per iteration
 * from the value snapshots the renderer holds (every iteration in 1-D), and for the final
 * result, whose policy is known too. Pure: no React, no store.
 */
import { interpolateBatch } from '../../core/grid/interpolate';
import { gridCoordinates, type GridGeometry } from '../../core/grid/tensor';
import type { MetricSpec, RunHistory } from '../../core/solvers/solver';
import type { Run } from './types';

export interface FieldsOnGrid {
  grid: GridGeometry;
  value: Float64Array;
  policy?: readonly Float64Array[];
}

export interface GridErrors {
  value: number;
  /** null when either side has no policy, or the controls differ in number. */
  policy: number | null;
}

/** The metrics added to the compared run's history (see withGridErrors). */
export const GRID_VALUE_ERROR = 'gridValueError';
export const GRID_POLICY_ERROR = 'gridPolicyError';

/**
 * Relative L2 errors of `own` against `ref` over ref's nodes inside the centred fraction
 * `region` of own's domain: ‖V − V_ref‖/‖V_ref‖, and for the policy the same summed over
 * the controls. null when the two are of different dimension or no node of ref lies there.
 */
export function gridErrors(own: FieldsOnGrid, ref: FieldsOnGrid, region = 0.6): GridErrors | null {
  const d = own.grid.shape.length;
  if (ref.grid.shape.length !== d) return null;
  const coords = gridCoordinates(ref.grid);
  const n = ref.value.length;
  const inside: number[] = [];
  for (let p = 0; p < n; p++) {
    let ok = true;
    for (let k = 0; k < d && ok; k++) {
      const [lo, hi] = own.grid.bounds[k];
      const c = 0.5 * (lo + hi);
      const h = 0.5 * region * (hi - lo) * (1 + 1e-12);
      ok = Math.abs(coords[k][p] - c) <= h;
    }
    if (ok) inside.push(p);
  }
  const m = inside.length;
  if (m === 0) return null;
  const pts = coords.map((x) => Float64Array.from(inside, (p) => x[p]));
  const at = new Float64Array(m);
  const rel = (mine: Float64Array, theirs: Float64Array): [number, number] => {
    interpolateBatch(own.grid, mine, pts, at, m);
    let num = 0;
    let den = 0;
    for (let q = 0; q < m; q++) {
      const r = theirs[inside[q]];
      num += (at[q] - r) ** 2;
      den += r * r;
    }
    return [num, den];
  };
  const [vn, vd] = rel(own.value, ref.value);
  let policy: number | null = null;
  if (own.policy && ref.policy && own.policy.length === ref.policy.length && own.policy.length > 0) {
    let num = 0;
    let den = 0;
    for (let j = 0; j < own.policy.length; j++) {
      const [a, b] = rel(own.policy[j], ref.policy[j]);
      num += a;
      den += b;
    }
    policy = den > 0 ? Math.sqrt(num / den) : Math.sqrt(num / m);
  }
  return { value: vd > 0 ? Math.sqrt(vn / vd) : Math.sqrt(vn / m), policy };
}

/**
 * The run's history with GRID_VALUE_ERROR per iteration where a value snapshot of that
 * iteration is held (`run.snapshots[k]` is iteration k + 1), and both errors at the last
 * iteration from the final result; NaN (a gap in the chart) elsewhere. The history as it
 * was when `ref` has no result or does not match.
 */
export function withGridErrors(run: Run, ref: Run | null, region = 0.6): RunHistory {
  const h = run.history;
  const refDisplay = ref?.result?.result.display;
  if (!ref || ref.id === run.id || !refDisplay || refDisplay.slice) return h;
  const refFields: FieldsOnGrid = {
    grid: refDisplay.grid,
    value: refDisplay.value,
    policy: refDisplay.policy,
  };
  const own = run.result?.result.display;
  const grid = own?.grid ?? run.liveGrid;
  if (!grid || own?.slice) return h;
  const n = h.iteration.length;
  const value = new Array<number>(n).fill(Number.NaN);
  const policy = new Array<number>(n).fill(Number.NaN);
  let any = false;
  for (let k = 0; k < Math.min(n, run.snapshots.length); k++) {
    const e = gridErrors({ grid, value: run.snapshots[k] }, refFields, region);
    if (e) {
      value[k] = e.value;
      any = true;
    }
  }
  if (own && n > 0) {
    const e = gridErrors({ grid: own.grid, value: own.value, policy: own.policy }, refFields, region);
    if (e) {
      value[n - 1] = e.value;
      if (e.policy !== null) policy[n - 1] = e.policy;
      any = true;
    }
  }
  if (!any) return h;
  return { ...h, metrics: { ...h.metrics, [GRID_VALUE_ERROR]: value, [GRID_POLICY_ERROR]: policy } };
}

/** Chart labels of the two metrics, naming the compared run by its number ("#2"). */
export function gridErrorSpecs(ref: Run): MetricSpec[] {
  const name = ref.label.split(' ')[0];
  return [
    { name: GRID_VALUE_ERROR, label: `V vs run ${name}`, scale: 'log' },
    { name: GRID_POLICY_ERROR, label: `policy vs run ${name}`, scale: 'log' },
  ];
}

/**
 * What the convergence chart of a neural run draws: its history and metric specs, with the
 * errors against the compared run added when there is one.
 */
export function chartWithComparison(
  run: Run,
  ref: Run | null,
  metrics: readonly MetricSpec[],
): { history: RunHistory; metrics: readonly MetricSpec[] } {
  if (run.solver !== 'neural-pi' || !ref) return { history: run.history, metrics };
  const history = withGridErrors(run, ref);
  return history === run.history
    ? { history, metrics }
    : { history, metrics: [...metrics, ...gridErrorSpecs(ref)] };
}
