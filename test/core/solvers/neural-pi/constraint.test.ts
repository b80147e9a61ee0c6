import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../../../src/core/problem/compile';
import type { CompiledProblem } from '../../../../src/core/problem/types';
import { rolloutPaths, type RolloutJob } from '../../../../src/core/solvers/neural-pi';
import { parseSettings } from '../../../../src/core/solvers/neural-pi/settings';
import { initialModel } from '../../../../src/core/solvers/neural-pi/solve';

/**
 * Consuming u moves the state down at rate u and pays u; the floor x = 0 is a constraint
 * face. The first actor is the middle of the control box, u = 1.
 */
function consumer(noise: number): CompiledProblem {
  const r = compileProblem(`
import { problem } from 'hjb-lab';
export default problem({
  states: { x: { min: 0, max: 1, boundary: 'constraint' } },
  controls: { u: [0, 2] },
  maximize: ({ x }, { u }) => u + 0 * x,
  discount: 0.5,
  drift: ({ x }, { u }) => ({ x: -u + 0 * x }),
  noise: { x: ${noise} },
});`);
  if (!r.problem || r.problem.kind !== 'control') throw new Error(JSON.stringify(r.diagnostics));
  return r.problem;
}

function job(problem: CompiledProblem, start: number, dt: number): RolloutJob {
  return {
    model: initialModel(problem, parseSettings(problem, {})),
    seed: 1,
    iteration: 0,
    starts: Float64Array.from([start]),
    paths: 4,
    horizon: 2,
    dt,
    table: 65,
  };
}

describe('rollouts at a constraint face', () => {
  it('earn nothing on the face where every paying control would push out, and do not move', () => {
    // Projection alone paid u = 1 for nothing there: (1 − e^{−ρT})/ρ = 1.26 (and the noise
    // moved the path off the face and back).
    const p = consumer(0.3);
    const out = rolloutPaths(p, job(p, 0, 0.01), 0, 1);
    expect(Math.abs(out.returns[0])).toBeLessThan(1e-12);
    for (const x of out.terminal) expect(x).toBe(0);
  });

  it('pay until the path reaches the face, and nothing after', () => {
    // From x = 0.5 at u = 1 (no noise) the floor is reached at t = 0.5 exactly (8 steps of
    // 1/16): the return is ∫₀^0.5 e^{−ρt} dt, the weight of each step being the exact
    // integral of the discount over it.
    const p = consumer(0);
    const rho = 0.5;
    const out = rolloutPaths(p, job(p, 0.5, 1 / 16), 0, 1);
    expect(out.returns[0]).toBeCloseTo(-Math.expm1(-0.5 * rho) / rho, 12);
  });
});
