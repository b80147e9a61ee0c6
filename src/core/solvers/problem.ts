/**
 * The narrow view of a compiled problem that the grid solver and the simulator use
 * (src/core/problem/types.ts is the full contract), and the solver's error types.
 */
import type { CompiledProblem, ProblemKernels } from '../problem/types';

export type SolverKernels = Pick<ProblemKernels, 'dynamics' | 'terminal' | 'exit' | 'target' | 'exact'>;

export type SolverProblem = Pick<
  CompiledProblem,
  | 'states'
  | 'controls'
  | 'sense'
  | 'discount'
  | 'horizon'
  | 'noiseDim'
  | 'noiseDiagonal'
  | 'noiseControlFree'
  | 'timeDependent'
> & { kernels: SolverKernels; title?: string };

/**
 * No discount (ρ absent or 0): exit and minimum-time problems, which need a target set or
 * exit faces to be well posed.
 */
export function isUndiscounted(problem: Pick<SolverProblem, 'discount'>): boolean {
  return !(problem.discount !== null && problem.discount > 0);
}

/** An error whose message is meant for the user as is (settings, memory, NaN from the problem). */
export class SolverError extends Error {
  override name = 'SolverError';
}
