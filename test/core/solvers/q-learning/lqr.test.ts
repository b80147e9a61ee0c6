/**
 * 1-D stochastic LQR (docs/numerics.md §12.1) learned with the default settings, seed only:
 * the learned feedback is linear with gain within 10 % of K = βP/r_a, and V within 10 %
 * (relative L2) of −½Px² − c on the middle 60 % of the box — for several seeds and five
 * parameter sets (the lab's α = −0.5; open-loop unstable α = +0.5 and α = +1.5; σ = 0.5
 * with ρ = 0.2; β = 3, a closed-loop rate κ = βK − α of 9.5 against the lab's 3.2).
 *
 * Why 10 % holds with margin (docs/numerics.md, "What limits the accuracy"):
 * - the hold bias (a policy applied every Δt = 0.03 is the sampled system's, gain about
 *   κΔt/2 under K: −4.8 % at κ = 3.2, −13 % at κ = 9.5) is removed to second order by
 *   Richardson's extrapolation of the returns and of the improvement's advantages;
 * - the actor's offset at x = 0, which raises V's level by ½(q + r_a α²)(a₀/κ)²/ρ, is
 *   taken out by two rounds of policy iteration: one improvement step from TD's actor
 *   left a₀ = 0.70 on α = +1.5, seed 1 (V 30 % off), because that actor's gain was 19 %
 *   high and its value has a real slope at 0;
 * - the rest is the run's own scatter. V is the Monte-Carlo value of the final actor
 *   (1024 extrapolated returns, least squares), and the actor is the maximiser of the
 *   quadratic advantage fitted against that value, its output layer solved on the pairs.
 *   Measured with this code (session 11): gains +0.2, −0.4, −0.2 % and V 1.9, 1.3, 1.0 % on
 *   the lab's seeds 1, 2, 5; α = +0.5, seed 2, −0.2 % and 1.3 %; α = +1.5, seed 1, −4.1 %
 *   and 4.7 % (a₀ 0.07; session 10's single round: +0.6 % and 30 %); σ = 0.5, seed 1,
 *   −0.4 % and 2.5 %; β = 3, seed 1, −1.4 % and 1.4 %. Five other runs (α = +1.5 and
 *   β = 3, seed 2; α = +0.5, σ = 1 and a box twice as wide, seed 1): gains −3.4 … +3.4 %,
 *   V at most 4.0 % (σ = 1, whose refits' slope at x = 0 is Monte-Carlo noise).
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
    { name: 'open-loop rate 1.5 (α = +1.5), seed 1', seed: 1, ...lqr(1.5) },
    { name: 'σ = 0.5, ρ = 0.2, seed 1', seed: 1, ...lqr(-0.5, 0.5, 0.2) },
    { name: 'a fast closed loop (β = 3, κ = 9.5), seed 1', seed: 1, ...lqr(-0.5, 0.3, 0.1, 3) },
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
