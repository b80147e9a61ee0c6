/**
 * Errors of a run against a grid run picked for comparison (docs/architecture.md, "Comparing
 * with a grid run"): the relative L2 difference of V and of the policy over the grid run's
 * nodes in the middle of the box (the same centred fraction as the errors against an exact
 * solution), the other run's fields interpolated multilinearly from its display grid to
 * those nodes. Shared by the lab's convergence chart and `hjb solve --compare-grid`.
 */
import { interpolateBatch } from '../grid/interpolate';
import { gridCoordinates, type GridGeometry } from '../grid/tensor';
import { relativeFromSums } from './relative-error';
import type { DisplayFields, DisplaySnapshot, RunHistory } from './solver';

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

/** The metrics added to the compared run's history. */
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
    policy = relativeFromSums(num, den, m);
  }
  return { value: relativeFromSums(vn, vd, m), policy };
}

/** Whether two displays cover the same states: both the whole box, or the same 2-D slice. */
export function sameCoverage(a: Pick<DisplayFields, 'slice'>, b: Pick<DisplayFields, 'slice'>): boolean {
  if (!a.slice || !b.slice) return !a.slice && !b.slice;
  return (
    a.slice.axes[0] === b.slice.axes[0] &&
    a.slice.axes[1] === b.slice.axes[1] &&
    a.slice.at.length === b.slice.at.length &&
    a.slice.at.every((v, i) => v === b.slice!.at[i])
  );
}

/**
 * The history with GRID_VALUE_ERROR and GRID_POLICY_ERROR at every iteration whose display
 * snapshot is in `snapshots` (by iteration number), NaN elsewhere; the snapshots and `ref`
 * must cover the same states (sameCoverage), which the caller checks.
 */
export function historyWithGridErrors(
  history: RunHistory,
  snapshots: ReadonlyMap<number, DisplaySnapshot>,
  ref: FieldsOnGrid,
  region = 0.6,
): RunHistory {
  const n = history.iteration.length;
  const value = new Array<number>(n).fill(Number.NaN);
  const policy = new Array<number>(n).fill(Number.NaN);
  for (let k = 0; k < n; k++) {
    const s = snapshots.get(history.iteration[k]);
    const e = s ? gridErrors(s, ref, region) : null;
    if (!e) continue;
    value[k] = e.value;
    if (e.policy !== null) policy[k] = e.policy;
  }
  return {
    ...history,
    metrics: { ...history.metrics, [GRID_VALUE_ERROR]: value, [GRID_POLICY_ERROR]: policy },
  };
}
