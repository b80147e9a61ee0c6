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

/** An error whose message is meant for the user as is (settings, memory, NaN from the problem). */
export class SolverError extends Error {
  override name = 'SolverError';
}
