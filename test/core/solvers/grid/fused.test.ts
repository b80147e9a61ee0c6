/**
 * The fused policy-step kernel (compileUpwindMaxKernel, used when the problem carries its IR)
 * must give the same bits as the batch-kernel path (one call per action), and a NaN from
 * the problem must still stop the run with the function and the point.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../../../src/core/problem/compile';
import type { CompiledProblem } from '../../../../src/core/problem/types';
import { solveGrid } from '../../../../src/core/solvers/grid/solve';
import type { GridSettings } from '../../../../src/core/solvers/grid/settings';
import { SolverError, type SolverProblem } from '../../../../src/core/solvers/problem';

function compile(source: string): CompiledProblem {
  const r = compileProblem(source);
  if (!r.problem || r.problem.kind !== 'control')
    throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.problem;
}

function example(name: string): CompiledProblem {
  return compile(readFileSync(join(__dirname, '../../../../resources/examples', name), 'utf8'));
}

/** The same problem without its IR: the solver falls back to the batch kernel. */
function withoutIr(p: CompiledProblem): SolverProblem {
  const {
    states,
    controls,
    sense,
    discount,
    horizon,
    noiseDim,
    noiseDiagonal,
    noiseControlFree,
    timeDependent,
  } = p;
  return {
    states,
    controls,
    sense,
    discount,
    horizon,
    noiseDim,
    noiseDiagonal,
    noiseControlFree,
    timeDependent,
    kernels: p.kernels,
  };
}

describe('fused policy step', () => {
  const cases: Array<[string, Partial<GridSettings>]> = [
    ['lqr-1d.ts', { shape: [101], actions: [21] }],
    ['double-integrator-lqr.ts', { shape: [31, 31], actions: [21] }],
    ['double-integrator-lqr.ts', { shape: [31, 31], actions: [21], refine: false, multilevel: false }],
    ['dubins-car.ts', { shape: [15, 15, 12], actions: [11] }],
  ];
  it.each(cases)('%s gives the same bits as the batch kernel (%j)', (name, settings) => {
    const p = example(name);
    const a = solveGrid(p, settings);
    const b = solveGrid(withoutIr(p), settings);
    expect(a.iterations).toBe(b.iterations);
    expect(Array.from(a.value)).toEqual(Array.from(b.value));
    a.policy.forEach((pol, j) => expect(Array.from(pol)).toEqual(Array.from(b.policy[j])));
  });

  it('a NaN from the problem still names the function and the point', () => {
    const p = compile(`import { problem, sqrt } from 'hjb-lab';
export default problem({
  states: { x: [-1, 1] },
  controls: { u: [-1, 1] },
  maximize: ({ x }) => -x * x,
  discount: 1,
  drift: ({ x }, { u }) => ({ x: sqrt(x + 0.5) + u }),
});`);
    const run = () => solveGrid(p, { shape: [21], actions: [3], multilevel: false });
    expect(run).toThrow(SolverError);
    expect(run).toThrow(/drift f_x returned NaN at x = -1 \(u = -1, t = 0\)/);
  });
});
