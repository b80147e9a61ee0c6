/**
 * Minimum-time double integrator (docs/numerics.md §12.5): ẋ = v, v̇ = u, |u| ≤ 1, target the origin,
 * T(x, v) = v + √(4x + 2v²) if x > −v|v|/2 and the mirror formula below the switching curve.
 * To measure the scheme and not the size of a grid target, the target is the box
 * |x|, |v| ≤ 0.25 with the exact remaining time as exit cost (dynamic programming makes the
 * answer exactly T). T is only Lipschitz (√-singular at the switching curve), so Markov-chain
 * schemes converge at order ½ in h (Bardi–Capuzzo-Dolcetta, ch. VI; Kushner–Dupuis §10),
 * not 1: we check that errors fall with h, the observed order, the mirror symmetry, and the
 * reference values within 3√h.
 */
import { describe, expect, it } from 'vitest';
import { interpolate } from '../../../../src/core/grid/interpolate';
import { solveGrid } from '../../../../src/core/solvers/grid/solve';
import { makeProblem } from '../fixtures';

function minTime(x: number, v: number): number {
  const s = x + (v * Math.abs(v)) / 2;
  if (s > 0) return v + Math.sqrt(4 * x + 2 * v * v);
  if (s < 0) return -v + Math.sqrt(-4 * x + 2 * v * v);
  return Math.abs(v);
}

const problem = makeProblem({
  states: [
    { name: 'x', min: -2, max: 2 },
    { name: 'v', min: -2, max: 2 },
  ],
  controls: [{ name: 'u', min: -1, max: 1 }],
  drift: (z, a) => [z[1], a[0]],
  minimize: () => 1,
  target: (z) => Math.abs(z[0]) <= 0.25 && Math.abs(z[1]) <= 0.25,
  exit: (z) => minTime(z[0], z[1]),
  exact: (z) => [minTime(z[0], z[1])],
});

describe('grid HJB: minimum-time double integrator', () => {
  it('converges to T(x, v) and its mirror', () => {
    const errs: number[] = [];
    for (const n of [41, 81]) {
      const sol = solveGrid(problem, { shape: [n, n], actions: [3] });
      expect(sol.status).toBe('converged');
      const h = 4 / (n - 1);
      for (const [x, v] of [
        [1, 0],
        [0, 1],
        [1, 1],
      ]) {
        const a = interpolate(sol.grid, sol.value, [x, v]);
        const b = interpolate(sol.grid, sol.value, [-x, -v]);
        expect(Math.abs(a - b)).toBeLessThan(1e-6); // the mirror (x, v) → (−x, −v)
        expect(Math.abs(a - minTime(x, v))).toBeLessThan(3 * Math.sqrt(h));
      }
      errs.push(sol.exactError!.value.max);
    }
    const order = Math.log2(errs[0] / errs[1]);
    expect(order).toBeGreaterThan(0.25);
    expect(order).toBeLessThan(1.5);
  });
});
