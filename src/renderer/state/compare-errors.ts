/**
 * Errors of a run against a grid run the user picked for comparison (gridErrors in
 * core/solvers/compare.ts): per iteration from the value snapshots the renderer holds
 * (every iteration in 1-D), and for the final result, whose policy is known too. Pure: no
 * React, no store.
 */
import {
  GRID_POLICY_ERROR,
  GRID_VALUE_ERROR,
  gridErrors,
  type FieldsOnGrid,
} from '../../core/solvers/compare';
import type { MetricSpec, RunHistory } from '../../core/solvers/solver';
import type { Run } from './types';

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
