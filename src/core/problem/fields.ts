/**
 * Fields of a compiled problem at many points, for the view: the exact solution (when the
 * problem gives one) and the closed-loop drift f(x, a, t) under given controls. One
 * batch-kernel call each, over all points (a tensor grid's nodes, or a display's slice:
 * solvers/display-slice.ts).
 */
import { gridCoordinates, gridSize, type GridGeometry } from '../grid/tensor';
import type { CompiledProblem } from './types';

export interface ExactFields {
  /** V*(x) in the problem's own sense. */
  value: Float64Array;
  /** a*(x) per control; empty when the problem gives a value only. */
  policy: Float64Array[];
}

/** V* and a* at n points given by their coordinates (one array per state). */
export function exactAt(
  problem: CompiledProblem,
  xs: readonly Float64Array[],
  n: number,
  t = 0,
): ExactFields | null {
  const kernel = problem.kernels.exact;
  if (!kernel) return null;
  const zeros = problem.controls.map(() => new Float64Array(n));
  const outs = kernel.outputs.map(() => new Float64Array(n));
  kernel.run([...xs, ...zeros, new Float64Array(n).fill(t)], outs, n);
  return { value: outs[0], policy: outs.slice(1) };
}

export function exactFields(problem: CompiledProblem, grid: GridGeometry, t = 0): ExactFields | null {
  return exactAt(problem, gridCoordinates(grid), gridSize(grid.shape), t);
}

/** f(x, a, t) at n points given by their coordinates and controls: one array per state. */
export function closedLoopDriftAt(
  problem: CompiledProblem,
  xs: readonly Float64Array[],
  policy: readonly Float64Array[],
  n: number,
  t = 0,
): Float64Array[] {
  const kernel = problem.kernels.dynamics;
  const outs = kernel.outputs.map(() => new Float64Array(n));
  kernel.run([...xs, ...policy, new Float64Array(n).fill(t)], outs, n);
  return outs.slice(0, problem.states.length);
}
