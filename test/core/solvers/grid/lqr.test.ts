/**
 * Discounted LQR against its Riccati solution (docs/numerics.md §12.1, §12.3), on the middle 60 % of the box.
 *
 * Tolerances come from the scheme's truncation error. Upwinding the drift f costs
 * ½ h |f| |V''| per unit time (the central second difference is O(h²)); along the optimal
 * closed loop the error in V is at most that rate accumulated with discount ρ and the
 * closed-loop contraction. For the scalar LQR with closed-loop rate κ = β K − α and
 * V'' = −P, starting at x (|x| ≤ 0.6 L): ½hP(|x| + κ·s∞/ρ) where s∞ = σ/√(2κ) is the
 * stationary spread of the closed loop (the noise keeps |f| ≈ κ s∞ forever). We allow
 * a factor 2 on that estimate.
 */
import { describe, expect, it } from 'vitest';
import { solveGrid } from '../../../../src/core/solvers/grid/solve';
import { DI_C, doubleIntegratorLqr, LQR_ARTICLE, lqr1d } from '../fixtures';

const SECOND = { alpha: 0.2, beta: 0.5, q: 2, r: 0.5, sigma: 0.5, rho: 0.2, L: 4, amax: 30 };

function scalarBound(p: typeof LQR_ARTICLE, P: number, K: number, n: number): number {
  const h = (2 * p.L) / (n - 1);
  const kappa = p.beta * K - p.alpha;
  const spread = p.sigma / Math.sqrt(2 * kappa);
  return 2 * 0.5 * h * P * (0.6 * p.L + (kappa * spread) / p.rho);
}

describe('grid HJB: scalar LQR', () => {
  for (const [name, params] of [
    ['article parameters', LQR_ARTICLE],
    ['an unstable open loop (α = 0.2)', SECOND],
  ] as const) {
    it(`matches the Riccati solution with ${name}`, () => {
      const { problem, P, K } = lqr1d(params);
      const n = 401;
      const sol = solveGrid(problem, { shape: [n], actions: [41] });
      expect(sol.status).toBe('converged');
      const bound = scalarBound(params, P, K, n);
      expect(sol.exactError!.value.max).toBeLessThan(bound);
      // a* = −βV'/r: one more derivative, still first order; K·h·(1 + the same factor).
      expect(sol.exactError!.policy!.max).toBeLessThan(
        (bound * params.beta) / params.r / Math.min(1, 0.6 * params.L),
      );
      // Minimisation problems report cost-to-go: the value is a cost, positive.
      expect(sol.value[(n - 1) / 2]).toBeLessThan(0);
    });
  }

  it('converges at first order: the error halves with the spacing', () => {
    const { problem } = lqr1d(LQR_ARTICLE);
    const errs = [201, 401, 801].map(
      (n) => solveGrid(problem, { shape: [n], actions: [41] }).exactError!.value.max,
    );
    for (let i = 1; i < errs.length; i++) {
      const ratio = errs[i - 1] / errs[i];
      expect(ratio).toBeGreaterThan(1.6);
      expect(ratio).toBeLessThan(2.6);
    }
  });

  it('gives the same answer with value iteration and with Gauss–Seidel policy evaluation', () => {
    const { problem } = lqr1d(LQR_ARTICLE);
    const howard = solveGrid(problem, { shape: [51], actions: [21], linearSolver: 'bicgstab' });
    const gs = solveGrid(problem, { shape: [51], actions: [21], linearSolver: 'gauss-seidel' });
    const vi = solveGrid(problem, {
      shape: [51],
      actions: [21],
      method: 'value',
      maxIter: 200000,
      tol: 1e-11,
    });
    expect(vi.status).toBe('converged');
    for (let p = 0; p < 51; p++) {
      expect(Math.abs(gs.value[p] - howard.value[p])).toBeLessThan(1e-6);
      expect(Math.abs(vi.value[p] - howard.value[p])).toBeLessThan(1e-6);
    }
  });
});

describe('grid HJB: 2-D double-integrator LQR', () => {
  it('matches the Riccati P, K and c, at first order', () => {
    const problem = doubleIntegratorLqr();
    const errs: number[] = [];
    for (const n of [51, 101]) {
      const sol = solveGrid(problem, { shape: [n, n], actions: [41] });
      expect(sol.status).toBe('converged');
      const h = 6 / (n - 1);
      // Truncation ½h(|v||V_pp| + |u||V_vv|) with |v| ≤ 1.8, |u| ≤ |K·x| ≤ 5.7 on the middle
      // box is ≈ 3.8h, accumulated over the closed-loop time scale 1/(ρ + 0.93) ≈ 1: allow 6h.
      expect(sol.exactError!.value.max).toBeLessThan(6 * h);
      expect(sol.exactError!.policy!.max).toBeLessThan(6 * h);
      // V(0, 0) = −c.
      const centre = ((n - 1) / 2) * n + (n - 1) / 2;
      expect(Math.abs(sol.value[centre] + DI_C)).toBeLessThan(6 * h);
      errs.push(sol.exactError!.value.max);
    }
    const ratio = errs[0] / errs[1];
    expect(ratio).toBeGreaterThan(1.6);
    expect(ratio).toBeLessThan(2.6);
  });
});
