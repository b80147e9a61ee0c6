/**
 * Closed-loop simulation against closed forms (DESIGN.md §8): dx = ax dt + b dW has mean
 * e^{at}x₀ and variance b²(e^{2at} − 1)/(2a). Tolerances: 4 Monte-Carlo standard errors
 * (sd/√N for the mean, sd²·√(2/(N−1)) for the variance) plus the exact Euler–Maruyama bias,
 * |(1 + a dt)^n − e^{at}| x₀ for the mean and the analogous sum for the variance.
 */
import { describe, expect, it } from 'vitest';
import { gridPolicyField } from '../../../src/core/solvers/grid/fields';
import { simulate } from '../../../src/core/sim/simulate';
import { solveGrid } from '../../../src/core/solvers/grid/solve';
import { LQR_ARTICLE, lqr1d, makeProblem } from '../solvers/fixtures';

describe('Euler–Maruyama simulation', () => {
  it('reproduces the mean and variance of an uncontrolled linear SDE', () => {
    const a = -0.8;
    const b = 0.5;
    const x0 = 1.5;
    const problem = makeProblem({
      states: [{ name: 'x', min: -50, max: 50 }],
      drift: (x) => [a * x[0]],
      noise: () => [b],
      maximize: (x) => x[0],
      discount: 0.5,
    });
    const N = 20_000;
    const dt = 0.01;
    const T = 1;
    const r = simulate(problem, null, { from: [x0], paths: N, horizon: T, dt, seed: 1 });
    const steps = Math.round(T / dt);
    expect(r.times[steps]).toBeCloseTo(T, 12);
    const mean = r.mean[steps];
    const sd = r.std[steps];
    const exactMean = Math.exp(a * T) * x0;
    const exactVar = (b * b * (Math.exp(2 * a * T) - 1)) / (2 * a);
    const emMean = (1 + a * dt) ** steps * x0;
    let emVar = 0;
    for (let j = 0; j < steps; j++) emVar += b * b * dt * (1 + a * dt) ** (2 * j);
    expect(Math.abs(mean - exactMean)).toBeLessThan((4 * sd) / Math.sqrt(N) + Math.abs(emMean - exactMean));
    expect(Math.abs(sd * sd - exactVar)).toBeLessThan(
      4 * sd * sd * Math.sqrt(2 / (N - 1)) + Math.abs(emVar - exactVar),
    );
    // The same seed gives the same paths.
    const once = simulate(problem, null, { from: [x0], paths: 50, horizon: T, dt, seed: 1 });
    const again = simulate(problem, null, { from: [x0], paths: 50, horizon: T, dt, seed: 1 });
    const other = simulate(problem, null, { from: [x0], paths: 50, horizon: T, dt, seed: 2 });
    expect(Array.from(again.paths)).toEqual(Array.from(once.paths));
    expect(Array.from(other.paths)).not.toEqual(Array.from(once.paths));
  });

  it('under the solved LQR policy, the discounted cost matches V(x₀) within Monte-Carlo error', () => {
    const { problem, P, c, K } = lqr1d(LQR_ARTICLE);
    const sol = solveGrid(problem, { shape: [401], actions: [41] });
    const x0 = 1;
    const T = 40;
    const N = 1000;
    const r = simulate(problem, gridPolicyField(sol), {
      from: [x0],
      paths: N,
      horizon: T,
      dt: 0.01,
      seed: 3,
    });
    const steps = r.times.length - 1;
    // E ∫_0^T e^{−ρt} r dt = V(x₀) − e^{−ρT} E V(X_T), with X_T in the closed loop's
    // stationary law N(0, σ²/(2κ)), κ = βK − α (maximize convention: negative rewards).
    const { sigma, rho, alpha, beta } = LQR_ARTICLE;
    const spread2 = (sigma * sigma) / (2 * (beta * K - alpha));
    const exact = -0.5 * P * x0 * x0 - c - Math.exp(-rho * T) * (-0.5 * P * spread2 - c);
    const se = r.rewardStd[steps] / Math.sqrt(N);
    // 4 MC standard errors, plus the O(h) policy error and the O(dt) EM bias: EM inflates the
    // stationary variance by 2/(2 − κ dt) ≈ 1.6 %, about 1 % of this value.
    expect(Math.abs(r.rewardMean[steps] - exact)).toBeLessThan(4 * se + 0.02 * Math.abs(exact));
    expect(r.reward[0]).toBe(r.cumulative[steps]);
  });
});
