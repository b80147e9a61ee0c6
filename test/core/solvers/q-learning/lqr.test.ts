/**
 * 1-D stochastic LQR (docs/numerics.md §12.1) learned with the default settings, seed only:
 * the learned feedback is linear with gain within 10 % of K = βP/r_a, and, on the lab's
 * example, V within 10 % (relative L2) of −½Px² − c on the middle 60 % of the box.
 *
 * What sets the tolerance: at the default Δt = 0.03 the optimal policy of the sampled
 * system (the control held over each step) has a gain 4.6–4.8 % under K for both parameter
 * sets below (a discrete-time Riccati solve, exact or Euler discretisation alike), and seeds
 * 1–3 put the learned gain between −5.4 % and +8.9 % of K (docs/numerics.md, "Q-learning").
 *
 * The second set is open-loop unstable (α = +0.5, K = 3.644). Its gain is checked; its
 * value is not: V there comes out 12 % off with seed 1 (the level of V drifts, see the
 * docs), a known weakness rather than a tolerance to widen.
 */
import { describe, expect, it } from 'vitest';
import type { CompiledProblem } from '../../../../src/core/problem/types';
import { qLearningSolver } from '../../../../src/core/solvers/q-learning';
import { example, lqr, LQR_C, LQR_K, LQR_P } from './fixtures';

/** Learned gain (least squares of a = −Kx) and V's relative L2 error on |x| ≤ 1.8. */
async function learn(problem: CompiledProblem, P: number, c: number) {
  const result = await qLearningSolver.solve(problem, { seed: 1 }, {});
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
  it('learns the gain and the value of the lab example with the default settings', async () => {
    const { gain, valueError } = await learn(example('lqr-1d'), LQR_P, LQR_C);
    console.log(
      `q-learning LQR: gain ${gain.toFixed(4)} (K ${LQR_K.toFixed(4)}), value error ${valueError.toFixed(4)}`,
    );
    expect(Math.abs(gain / LQR_K - 1)).toBeLessThan(0.1);
    expect(valueError).toBeLessThan(0.1);
  }, 600_000);

  it('learns the gain of an open-loop unstable system with the default settings', async () => {
    const { problem, P, K, c } = lqr(0.5);
    const { gain, valueError } = await learn(problem, P, c);
    console.log(
      `q-learning LQR α = +0.5: gain ${gain.toFixed(4)} (K ${K.toFixed(4)}), value error ${valueError.toFixed(4)}`,
    );
    expect(Math.abs(gain / K - 1)).toBeLessThan(0.1);
  }, 600_000);
});
