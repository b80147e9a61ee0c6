/**
 * The batch kernels of a control problem's model (docs/architecture.md §4): the dynamics
 * (f, Σ, r) in one kernel, their derivatives with respect to every control in another, and
 * the terminal, exit, target and exact-solution kernels the problem has.
 */
import type { CompiledProblem, ProblemExprs } from './types';
import { dagSize } from '../lang/ir-graph';
import { diffMany } from '../lang/diff';
import { compileKernel } from '../lang/kernel';

/** Largest model (distinct IR nodes over all outputs and derivatives) we compile. */
export const MAX_MODEL_NODES = 200_000;

/** The kernels, or the model's size when it is over MAX_MODEL_NODES. */
export function compileModelKernels(
  exprs: ProblemExprs,
  noiseDim: number,
  stateNames: readonly string[],
  controlNames: readonly string[],
): { kernels: CompiledProblem['kernels'] } | { tooLarge: number } {
  const inputs = [...stateNames, ...controlNames, 't'];
  const dynOut = [...exprs.drift, ...exprs.noise.flat(), exprs.reward];
  const derivatives = controlNames.map((c) => diffMany(dynOut, c));
  const size = dagSize([...dynOut, ...derivatives.flat()]);
  if (size > MAX_MODEL_NODES) return { tooLarge: size };
  const dynNames = [
    ...stateNames.map((s) => `f[${s}]`),
    ...stateNames.flatMap((s) => Array.from({ length: noiseDim }, (_, l) => `sigma[${s},${l}]`)),
    'r',
  ];
  const kernels: CompiledProblem['kernels'] = {
    dynamics: compileKernel(dynOut, inputs, dynNames),
    dynamicsDa: compileKernel(
      derivatives.flat(),
      inputs,
      controlNames.flatMap((c) => dynNames.map((n) => `d${n}/d${c}`)),
    ),
  };
  if (exprs.terminal) kernels.terminal = compileKernel([exprs.terminal], inputs, ['g']);
  if (exprs.exit) kernels.exit = compileKernel([exprs.exit], inputs, ['exit']);
  if (exprs.target) kernels.target = compileKernel([exprs.target], inputs, ['target']);
  if (exprs.exactValue) {
    kernels.exact = compileKernel([exprs.exactValue, ...(exprs.exactPolicy ?? [])], inputs, [
      'V',
      ...(exprs.exactPolicy ? controlNames.map((c) => `${c}*`) : []),
    ]);
  }
  return { kernels };
}
