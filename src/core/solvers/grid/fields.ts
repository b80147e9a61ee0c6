/**
 * A grid solution as functions of (x, t): multilinear interpolation in x on the solution's
 * grid and, for a finite horizon, linear in t between the stored times (uniform in [0, T]).
 * These are the grid solver's `policy` and `value` for simulation, trajectories, the
 * vector field and `hjb solve --at`.
 */
import { interpolateBatch } from '../../grid/interpolate';
import type { BatchField } from '../solver';
import type { GridSolution } from './types';

/**
 * One field at every node (`field`, t = 0 or no horizon) or stored at every time
 * (`stack`, time-major), as a BatchField with one output.
 */
function fieldOf(sol: GridSolution, field: Float64Array, stack: Float64Array | undefined): BatchField {
  const times = sol.times;
  if (!times || !stack) return (xs, _t, out, n) => interpolateBatch(sol.grid, field, xs, out[0], n);
  const K = times.length;
  const nodes = sol.value.length;
  let scratch = new Float64Array(0);
  return (xs, t, out, n) => {
    const pos = Math.min(K - 1, Math.max(0, (t / times[K - 1]) * (K - 1)));
    const i0 = Math.min(K - 2, Math.floor(pos));
    const w = pos - i0;
    const o = out[0];
    interpolateBatch(sol.grid, stack.subarray(i0 * nodes, (i0 + 1) * nodes), xs, o, n);
    if (w > 0) {
      if (scratch.length < n) scratch = new Float64Array(n);
      interpolateBatch(sol.grid, stack.subarray((i0 + 1) * nodes, (i0 + 2) * nodes), xs, scratch, n);
      for (let p = 0; p < n; p++) o[p] = (1 - w) * o[p] + w * scratch[p];
    }
  };
}

/** a(x, t) per control (not clipped to the control's range: the caller decides). */
export function gridPolicyField(sol: GridSolution): BatchField {
  const parts = sol.policy.map((a, j) => fieldOf(sol, a, sol.policies?.[j]));
  return (xs, t, out, n) => parts.forEach((f, j) => f(xs, t, [out[j]], n));
}

/** V(x, t) in the problem's own sense. */
export function gridValueField(sol: GridSolution): BatchField {
  return fieldOf(sol, sol.value, sol.values);
}
