/**
 * 1-D stochastic LQR (docs/numerics.md §12.1) learned with the default settings, seed only:
 * the learned feedback is linear with gain within 10 % of K = βP/r_a, and V within 10 %
 * (relative L2) of −½Px² − c on the middle 60 % of the box — for several seeds and three
 * parameter sets (the lab's α = −0.5; open-loop unstable α = +0.5; σ = 0.5 with ρ = 0.2).
 *
 * Why 10 % holds with margin (docs/numerics.md, "What limits the accuracy"):
 * - the hold bias is systematic: at the default Δt = 0.03 the optimal policy of the sampled
 *   system has a gain 4.6–4.8 % under K and a value (P, c) about 5 % above the closed form;
 * - the rest is the run's own scatter. V is the Monte-Carlo value of the final actor
 *   (1024 returns, least squares; the standard error of the level is under 1 % of c), and
 *   the actor is the exact maximiser of the quadratic advantage fitted against that value.
 *   Over seeds 1–8 of the lab's problem the gains were −4.4 … +1.2 % and V 4.8–8.3 %; over
 *   seeds 1–3 of α = +0.5, +1.0 … −0.5 % and 5.9–6.3 %; σ = 0.5, seeds 1–2, −3.0, −4.2 %
 *   and 4.6, 5.6 %. The worst V (8.3 %, seed 5) is an offset of the actor at x = 0 of 0.16,
 *   which raises the level by ½(q + r_a α²)(a₀/κ)²/ρ. Seed 5 is kept in the test for it.
 */
import { describe, expect, it } from 'vitest';
import type { CompiledProblem } from '../../../../src/core/problem/types';
import { qLearningSolver } from '../../../../src/core/solvers/q-learning';
import { lqr } from './fixtures';

/** Learned gain (least squares of a = −Kx) and V's relative L2 error on |x| ≤ 1.8. */
async function learn(problem: CompiledProblem, P: number, c: number, seed: number) {
  const result = await qLearningSolver.solve(problem, { seed }, {});
  expect(result.status).toBe('done');
  const n = 121;
  const xs = Float64Array.from({ length: n }, (_, i) => -1.8 + (3.6 * i) / (n - 1));
  const a = new Float64Array(n);
  const v = new Float64Array(n);
  qLearningSolver.policy(problem, result)([xs], 0, [a], n);
  qLearningSolver.value(problem, result)([xs], 0, [v], n);
  let ax = 0;
  let xx = 0;
  let dv = 0;
  let vv = 0;
  for (let i = 0; i < n; i++) {
    ax += a[i] * xs[i];
    xx += xs[i] * xs[i];
    const exact = -0.5 * P * xs[i] ** 2 - c;
    dv += (v[i] - exact) ** 2;
    vv += exact ** 2;
  }
  return { gain: -ax / xx, valueError: Math.sqrt(dv / vv) };
}

describe('q-learning on the 1-D LQR', () => {
  const cases = [
    { name: 'the lab example, seed 1', seed: 1, ...lqr(-0.5) },
    { name: 'the lab example, seed 2', seed: 2, ...lqr(-0.5) },
    { name: 'the lab example, seed 5', seed: 5, ...lqr(-0.5) },
    { name: 'open-loop unstable (α = +0.5), seed 2', seed: 2, ...lqr(0.5) },
    { name: 'σ = 0.5, ρ = 0.2, seed 1', seed: 1, ...lqr(-0.5, 0.5, 0.2) },
  ];
  for (const { name, seed, problem, P, K, c } of cases)
    it(`learns the gain and the value: ${name}`, async () => {
      const { gain, valueError } = await learn(problem, P, c, seed);
      console.log(
        `q-learning LQR ${name}: gain ${gain.toFixed(4)} (K ${K.toFixed(4)}), value error ${valueError.toFixed(4)}`,
      );
      expect(Math.abs(gain / K - 1)).toBeLessThan(0.1);
      expect(valueError).toBeLessThan(0.1);
    }, 600_000);
});
