/** The generated fused policy step of a discretization and its arguments (upwind-kernel.ts). */
import { compileUpwindMaxKernel, type UpwindMaxArgs, type UpwindMaxKernel } from './upwind-kernel';
import type { ProblemExprs } from '../../problem/types';
import type { SolverProblem } from '../problem';
import type { Discretization } from './discretization';
import { GOLDEN, GOLDEN_STEPS } from './golden';
import type { QEvaluator } from './q-evaluator';

/**
 * The fused policy-step kernel of a compiled problem (src/core/lang/kernel.ts,
 * compileUpwindMaxKernel): Q for every action and the golden-section search in registers,
 * about 10× less work and memory traffic than one batch-kernel call per action. Needs the
 * problem's IR, and noise that does not depend on the control (its diffusion term is then
 * the control-free `base`); null otherwise or where code generation is refused.
 */
const fusedKernels = new WeakMap<object, UpwindMaxKernel | null>();

export function upwindMaxKernel(disc: Discretization): UpwindMaxKernel | null {
  const problem: SolverProblem & { exprs?: ProblemExprs } = disc.problem;
  const exprs = problem.exprs;
  if (!exprs || (disc.k > 0 && !problem.noiseControlFree)) return null;
  const cached = fusedKernels.get(problem);
  if (cached !== undefined) return cached;
  let kernel: UpwindMaxKernel | null = null;
  try {
    kernel = compileUpwindMaxKernel(
      exprs.drift,
      exprs.reward,
      problem.states.map((s) => s.name),
      problem.controls.map((c) => c.name),
    );
  } catch {
    kernel = null; // e.g. IR that does not match the kernels' inputs: keep the batch path
  }
  fusedKernels.set(problem, kernel);
  return kernel;
}

export function upwindMaxArgs(
  disc: Discretization,
  ev: QEvaluator,
  t: number,
  policy: Float64Array[],
  best: Float64Array,
  refine: boolean,
): UpwindMaxArgs {
  const { actions } = disc;
  return {
    states: disc.coords,
    t,
    dPlus: ev.dp,
    dMinus: ev.dm,
    base: ev.qDiff,
    actions: actions.values,
    count: actions.count,
    refine,
    lo: Float64Array.from(actions.lo),
    hi: Float64Array.from(actions.hi),
    step: Float64Array.from(actions.steps),
    goldenSteps: GOLDEN_STEPS,
    golden: GOLDEN,
    skip: disc.stencil.dirichlet,
    best,
    policy,
    start: 0,
    end: 0,
  };
}
