/**
 * Undiscounted problems (ρ = 0) at every grid size: Howard is only sound on proper policies
 * (howard.ts, proper.ts). Before properness was enforced the minimum-time double integrator
 * of resources/examples failed at some sizes (41²: residual 1e58; 61², 81²: 200 iterations
 * without converging) and passed at others. Here every size of a sweep must converge, with
 * T(1, 0) = 2 and T(0, 1) = 1 + √2 (docs/numerics.md §12.5) within a multiple of √h (T is only
 * Lipschitz, the scheme converges at order ½; the target is a ball of radius 0.05 that holds
 * a single node on the coarse grids, hence the constant), and the error on the middle 60 %
 * falling with h. Nodes that cannot reach the target are capped, not left singular.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpolate } from '../../../../src/core/grid/interpolate';
import { compileProblem } from '../../../../src/core/problem/compile';
import type { CompiledProblem } from '../../../../src/core/problem/types';
import { solveGrid } from '../../../../src/core/solvers/grid/solve';
import { makeProblem } from '../fixtures';

function example(name: string): CompiledProblem {
  const source = readFileSync(join(__dirname, '../../../../resources/examples', name), 'utf8');
  const r = compileProblem(source);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (!r.problem || r.problem.kind !== 'control') throw new Error(`${name} is not a control problem`);
  return r.problem;
}

describe('grid HJB: undiscounted problems at every grid size', () => {
  it('the minimum-time double integrator converges at 21² … 81²', () => {
    const problem = example('min-time-double-integrator.ts');
    const errors: number[] = [];
    for (const n of [21, 31, 41, 51, 61, 81]) {
      const sol = solveGrid(problem, { shape: [n, n] });
      expect(sol.status, `${n}²`).toBe('converged');
      expect(sol.iterations, `${n}²`).toBeLessThan(40);
      expect(sol.value.every(Number.isFinite)).toBe(true);
      expect(sol.warnings.filter((w) => w.includes('capped'))).toEqual([]);
      const h = 4 / (n - 1);
      expect(Math.abs(interpolate(sol.grid, sol.value, [1, 0]) - 2), `T(1, 0) at ${n}²`).toBeLessThan(
        4 * Math.sqrt(h),
      );
      expect(
        Math.abs(interpolate(sol.grid, sol.value, [0, 1]) - (1 + Math.SQRT2)),
        `T(0, 1) at ${n}²`,
      ).toBeLessThan(4 * Math.sqrt(h));
      const err = sol.exactError!.value.max;
      expect(err, `max error at ${n}²`).toBeLessThan(6 * Math.sqrt(h));
      errors.push(err);
    }
    expect(errors[errors.length - 1]).toBeLessThan(0.5 * errors[0]);
  });

  it('converges from an interpolated start with near-zero controls (99² from 25²) and says when no node is in the target', () => {
    const problem = example('min-time-double-integrator.ts');
    const sol = solveGrid(problem, { shape: [99, 99] });
    expect(sol.status).toBe('converged');
    expect(sol.exactError!.value.max).toBeLessThan(6 * Math.sqrt(4 / 98));
    // 40²: the nodes nearest the origin are (±h/2, ±h/2), outside the ball of radius 0.05.
    const none = solveGrid(problem, { shape: [40, 40] });
    expect(none.status).toBe('converged');
    expect(none.value.every(Number.isFinite)).toBe(true);
    expect(none.warnings.some((w) => w.includes('no grid node lies in the target'))).toBe(true);
  });

  it('caps the nodes that cannot reach the target instead of failing', () => {
    // ẋ = u ∈ [0, 1]: only rightward motion, so nodes right of the target never reach it.
    const problem = makeProblem({
      states: [{ name: 'x', min: -1, max: 1 }],
      controls: [{ name: 'u', min: 0, max: 1 }],
      drift: (_z, a) => [a[0]],
      minimize: () => 1,
      target: (z) => Math.abs(z[0]) <= 0.05,
      exit: () => 0,
    });
    const sol = solveGrid(problem, { shape: [201], actions: [5] });
    expect(sol.status).toBe('converged');
    expect(sol.value.every(Number.isFinite)).toBe(true);
    expect(sol.warnings.some((w) => w.includes('capped'))).toBe(true);
    // Left of the target: the time to reach x = −0.05 at full speed.
    for (const x of [-0.9, -0.5, -0.2]) {
      expect(Math.abs(interpolate(sol.grid, sol.value, [x]) - (-0.05 - x))).toBeLessThan(0.02);
    }
    // Right of it: a large finite cost, far above every reachable one.
    expect(interpolate(sol.grid, sol.value, [0.5])).toBeGreaterThan(10);
  });
});
