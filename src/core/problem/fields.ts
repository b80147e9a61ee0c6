/**
 * Fields of a compiled problem evaluated on a tensor grid, for the view: the exact
 * solution (when the problem gives one) and the closed-loop drift f(x, a(x), t) under a
 * policy given on the grid. One batch-kernel call each, over all nodes.
 */
import { gridCoordinates, gridSize, type GridGeometry } from '../grid/tensor';
import type { CompiledProblem } from './types';

export interface ExactFields {
  /** V*(x) in the problem's own sense. */
  value: Float64Array;
  /** a*(x) per control; empty when the problem gives a value only. */
  policy: Float64Array[];
}

function kernelInputs(
  problem: CompiledProblem,
  grid: GridGeometry,
  controls: readonly Float64Array[],
  t: number,
) {
  const n = gridSize(grid.shape);
  const time = new Float64Array(n).fill(t);
  return { n, ins: [...gridCoordinates(grid), ...controls, time] };
}

export function exactFields(problem: CompiledProblem, grid: GridGeometry, t = 0): ExactFields | null {
  const kernel = problem.kernels.exact;
  if (!kernel) return null;
  const n = gridSize(grid.shape);
  const zeros = problem.controls.map(() => new Float64Array(n));
  const { ins } = kernelInputs(problem, grid, zeros, t);
  const outs = kernel.outputs.map(() => new Float64Array(n));
  kernel.run(ins, outs, n);
  return { value: outs[0], policy: outs.slice(1) };
}

/** f(x, a(x), t) at every node: one array per state. */
export function closedLoopDrift(
  problem: CompiledProblem,
  grid: GridGeometry,
  policy: readonly Float64Array[],
  t = 0,
): Float64Array[] {
  const { n, ins } = kernelInputs(problem, grid, policy, t);
  const kernel = problem.kernels.dynamics;
  const outs = kernel.outputs.map(() => new Float64Array(n));
  kernel.run(ins, outs, n);
  return outs.slice(0, problem.states.length);
}
