/** The view of a compiled problem this solver uses: the simulator's, plus ∂/∂a of the dynamics. */
import type { ProblemKernels } from '../../problem/types';
import type { SolverProblem } from '../problem';

export type PiProblem = SolverProblem & {
  kernels: SolverProblem['kernels'] & Pick<ProblemKernels, 'dynamicsDa'>;
};
