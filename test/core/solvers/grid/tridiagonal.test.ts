import { describe, expect, it } from 'vitest';
import { createDiscretization, type Discretization } from '../../../../src/core/solvers/grid/discretization';
import { resolveGridSettings } from '../../../../src/core/solvers/grid/settings';
import {
  assemblePolicy,
  createSystem,
  finishSystem,
  type LinearSystem,
} from '../../../../src/core/solvers/grid/system';
import { isTridiagonal, TridiagonalSolver } from '../../../../src/core/solvers/grid/tridiagonal';
import type { SolverProblem } from '../../../../src/core/solvers/problem';
import { doubleIntegratorLqr, makeProblem } from '../fixtures';
import { denseSolve } from './dense-solve';

type Boundary = 'reflect' | 'constraint' | 'exit' | 'periodic';

function problem1d(boundary: Boundary, discount: number): SolverProblem {
  return makeProblem({
    states: [{ name: 'x', min: -2, max: 2, boundary }],
    controls: [{ name: 'a', min: -1, max: 1 }],
    drift: (x, a) => [0.3 * x[0] + a[0]],
    noise: () => [0.4],
    maximize: (x, a) => -x[0] * x[0] - 0.5 * a[0] * a[0],
    discount,
  });
}

function systemOf(problem: SolverProblem, n: number): { disc: Discretization; sys: LinearSystem } {
  const disc = createDiscretization(problem, resolveGridSettings(problem, { shape: [n] }), [n]);
  // A feedback that pushes towards 0, with both drift signs and a kink: every row type.
  const policy = [Float64Array.from(disc.coords[0], (x) => Math.max(-1, Math.min(1, -0.8 * x + 0.1)))];
  const sys = createSystem(disc);
  assemblePolicy(disc, policy, 0, sys);
  finishSystem(disc, sys, disc.rho);
  return { disc, sys };
}

function dense(disc: Discretization, sys: LinearSystem): number[] {
  const { n, stencil } = disc;
  const { cols, slots } = stencil;
  const M = Array.from({ length: n }, () => new Float64Array(n));
  for (let p = 0; p < n; p++) {
    M[p][p] += sys.diag[p];
    for (let s = 0; s < slots; s++) M[p][cols[p * slots + s]] -= sys.w[p * slots + s];
  }
  return denseSolve(M, sys.rhs);
}

describe('direct tridiagonal policy evaluation (1-D)', () => {
  for (const boundary of ['reflect', 'constraint', 'exit'] as const) {
    it(`matches a dense direct solve: ${boundary} faces`, () => {
      const { disc, sys } = systemOf(problem1d(boundary, boundary === 'exit' ? 0 : 0.1), 61);
      const exact = dense(disc, sys);
      // A warm start far from the solution: the result must not depend on it.
      const x = Float64Array.from({ length: disc.n }, (_, p) => 1e3 * Math.sin(p));
      const r = new TridiagonalSolver(disc).solve(sys, x);
      expect(r.converged).toBe(true);
      let scale = 1;
      for (const v of exact) scale = Math.max(scale, Math.abs(v));
      // Both solutions carry about cond(A)·eps (measured 1e-12 of the largest |V| for the
      // undiscounted exit problem, whose condition number is largest).
      for (let p = 0; p < disc.n; p++) expect(Math.abs(x[p] - exact[p])).toBeLessThan(1e-11 * scale);
      // The residual it reports is scaled by diag·max(1, |x₀|) of the warm start: tiny.
      expect(r.residual).toBeLessThan(1e-13);
    });
  }

  it('applies to non-periodic 1-D grids only', () => {
    const d = (p: SolverProblem, shape: number[]) =>
      createDiscretization(p, resolveGridSettings(p, { shape }), shape);
    expect(isTridiagonal(d(problem1d('reflect', 0.1), [21]))).toBe(true);
    expect(isTridiagonal(d(problem1d('periodic', 0.1), [21]))).toBe(false);
    expect(isTridiagonal(d(doubleIntegratorLqr(), [11, 11]))).toBe(false);
  });

  it('reports a system that is no M-matrix as not converged and leaves x alone', () => {
    const { disc, sys } = systemOf(problem1d('reflect', 0.1), 21);
    // A negative pivot: no policy-evaluation system has one; the caller falls back.
    sys.diag[5] = -1;
    const x = new Float64Array(disc.n).fill(7);
    const r = new TridiagonalSolver(disc).solve(sys, x);
    expect(r.converged).toBe(false);
    expect(Array.from(x).every((v) => v === 7)).toBe(true);
  });
});
