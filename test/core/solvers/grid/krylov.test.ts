import { describe, expect, it } from 'vitest';
import type { Discretization } from '../../../../src/core/solvers/grid/discretization';
import { createDiscretization } from '../../../../src/core/solvers/grid/discretization';
import { MultigridBicgstab } from '../../../../src/core/solvers/grid/bicgstab';
import { MultigridGmres, RESTART } from '../../../../src/core/solvers/grid/gmres';
import { AggregationMultigrid, lineAxis } from '../../../../src/core/solvers/grid/multigrid';
import { resolveGridSettings } from '../../../../src/core/solvers/grid/settings';
import {
  assemblePolicy,
  createSystem,
  finishSystem,
  systemResidual,
  type LinearSystem,
} from '../../../../src/core/solvers/grid/system';
import type { SolverProblem } from '../../../../src/core/solvers/problem';
import { doubleIntegratorLqr, makeProblem } from '../fixtures';
import { denseSolve } from './dense-solve';

/** The policy-evaluation system of a fixed feedback on a grid of `shape`. */
function systemOf(
  problem: SolverProblem,
  shape: number[],
  feedback: (x: number[]) => number,
): { disc: Discretization; sys: LinearSystem } {
  const disc = createDiscretization(problem, resolveGridSettings(problem, { shape }), shape);
  const policy = [new Float64Array(disc.n)];
  for (let p = 0; p < disc.n; p++) policy[0][p] = feedback(disc.coords.map((c) => c[p]));
  const sys = createSystem(disc);
  assemblePolicy(disc, policy, 0, sys);
  finishSystem(disc, sys, disc.rho);
  return { disc, sys };
}

/** Dense direct solve of the same system (reference). */
function directSolve(disc: Discretization, sys: LinearSystem): number[] {
  const { n, stencil } = disc;
  const { cols, slots } = stencil;
  const M = Array.from({ length: n }, () => new Float64Array(n));
  for (let p = 0; p < n; p++) {
    M[p][p] += sys.diag[p];
    for (let s = 0; s < slots; s++) M[p][cols[p * slots + s]] -= sys.w[p * slots + s];
  }
  return denseSolve(M, sys.rhs);
}

const never = () => false;

/** A pendulum-like problem: periodic angle, damping, noise on the rate, a target-free discount. */
function pendulum(): SolverProblem {
  return makeProblem({
    states: [
      { name: 'theta', min: -Math.PI, max: Math.PI, boundary: 'periodic' },
      { name: 'omega', min: -6, max: 6 },
    ],
    controls: [{ name: 'u', min: -2, max: 2 }],
    drift: (x, a) => [x[1], Math.sin(x[0]) - 0.1 * x[1] + a[0]],
    noise: () => [0, 0, 0, 0.4],
    maximize: (x, a) => Math.cos(x[0]) - 0.01 * x[1] * x[1] - 0.1 * a[0] * a[0],
    discount: 0.2,
  });
}

/** Minimum time to the origin of a double integrator: undiscounted, target rows are Dirichlet. */
function minTime(): SolverProblem {
  return makeProblem({
    states: [
      { name: 'x', min: -1, max: 1 },
      { name: 'v', min: -1, max: 1 },
    ],
    controls: [{ name: 'u', min: -1, max: 1 }],
    drift: (x, a) => [x[1], a[0]],
    minimize: () => 1,
    target: (x) => Math.hypot(x[0], x[1]) < 0.15,
    discount: 0.05,
  });
}

describe('multigrid-preconditioned Krylov solvers of the policy-evaluation system', () => {
  const cases: Array<{
    name: string;
    problem: () => SolverProblem;
    shape: number[];
    feedback: (x: number[]) => number;
  }> = [
    {
      name: 'double integrator, linear feedback',
      problem: () => doubleIntegratorLqr(),
      shape: [21, 23],
      feedback: ([p, v]) => -1.3 * p - 1.9 * v,
    },
    {
      name: 'pendulum, periodic angle',
      problem: pendulum,
      shape: [24, 17],
      feedback: ([th]) => -Math.sin(th),
    },
    {
      name: 'target set (Dirichlet rows), bang-bang',
      problem: minTime,
      shape: [19, 19],
      feedback: ([x, v]) => (x + 0.5 * v * Math.abs(v) > 0 ? -1 : 1),
    },
  ];
  for (const c of cases) {
    for (const [label, make] of [
      ['GMRES', (d: Discretization) => new MultigridGmres(d)],
      ['BiCGSTAB', (d: Discretization) => new MultigridBicgstab(d)],
    ] as const) {
      it(`${label} matches a dense direct solve: ${c.name}`, () => {
        const { disc, sys } = systemOf(c.problem(), c.shape, c.feedback);
        const exact = directSolve(disc, sys);
        const x = new Float64Array(disc.n);
        const r = make(disc).solve(sys, x, 1e-12, 0, 200, never);
        expect(r.converged).toBe(true);
        // The reported residual is the true one, recomputed independently.
        // GMRES reports the true residual; BiCGSTAB its recursively updated one, which
        // drifts from the true one by rounding.
        // From x = 0 the row scales are the diagonal (rowScales: diag·max(1, |x₀|)).
        const check = systemResidual(disc, sys, x, new Float64Array(disc.n), sys.diag);
        expect(check).toBeLessThanOrEqual(label === 'GMRES' ? 1e-12 : 1e-11);
        if (label === 'GMRES') expect(r.residual).toBe(check);
        let scale = 1;
        for (let p = 0; p < disc.n; p++) scale = Math.max(scale, Math.abs(exact[p]));
        for (let p = 0; p < disc.n; p++) expect(Math.abs(x[p] - exact[p])).toBeLessThan(1e-8 * scale);
      });
    }
  }

  it('stops at the relative tolerance, from a warm start, without a solve when already converged', () => {
    const { disc, sys } = systemOf(doubleIntegratorLqr(), [33, 33], ([p, v]) => -p - v);
    const gmres = new MultigridGmres(disc);
    const x = new Float64Array(disc.n);
    const start = systemResidual(disc, sys, x, new Float64Array(disc.n), sys.diag);
    const r = gmres.solve(sys, x, 0, 1e-3, 200, never);
    expect(r.converged).toBe(true);
    expect(r.residual).toBeLessThanOrEqual(1e-3 * start);
    const again = gmres.solve(sys, x, r.residual, 0, 200, never);
    expect(again.iterations).toBe(0);
  });

  it('keeps reducing the residual across restarts', () => {
    const { disc, sys } = systemOf(doubleIntegratorLqr(), [65, 65], ([p, v]) => -p - v);
    const short = new Float64Array(disc.n);
    const a = new MultigridGmres(disc).solve(sys, short, 0, 0, 2, never);
    const long = new Float64Array(disc.n);
    const b = new MultigridGmres(disc).solve(sys, long, 0, 0, 2 * RESTART + 3, never);
    // An unreachable tolerance: both run out of iterations, the longer one through restarts
    // (or stops early when a whole cycle makes no progress, at rounding level).
    expect(a.converged || b.converged).toBe(false);
    expect(b.iterations).toBeGreaterThan(RESTART);
    expect(Number.isFinite(b.residual)).toBe(true);
    expect(b.residual).toBeLessThan(1e-3 * a.residual);
    expect(b.residual).toBe(systemResidual(disc, sys, long, new Float64Array(disc.n), sys.diag));
  });

  it('the V-cycle keeps the iteration count low as the grid is refined', () => {
    const counts = [33, 65, 129].map((m) => {
      const { disc, sys } = systemOf(doubleIntegratorLqr(), [m, m], ([p, v]) => -1.3 * p - 1.9 * v);
      return new MultigridGmres(disc).solve(sys, new Float64Array(disc.n), 1e-10, 0, 400, never).iterations;
    });
    // Without coarse levels the count roughly doubles per refinement; here it stays bounded.
    expect(Math.max(...counts)).toBeLessThanOrEqual(2 * Math.min(...counts) + 2);
    expect(Math.max(...counts)).toBeLessThan(40);
  });

  it('cancellation stops a solve', () => {
    const { disc, sys } = systemOf(doubleIntegratorLqr(), [65, 65], ([p, v]) => -p - v);
    const r = new MultigridGmres(disc, new AggregationMultigrid(disc)).solve(
      sys,
      new Float64Array(disc.n),
      1e-15,
      0,
      400,
      () => true,
    );
    expect(r.cancelled).toBe(true);
    expect(r.converged).toBe(false);
  });

  it('smooths along the last axis unless another has more than twice its rates', () => {
    // Double integrator: the rates along v (|u|/h + σ²/h²) are about 2.5× those along p (|v|/h).
    const lastIsV = systemOf(doubleIntegratorLqr(), [31, 31], ([p, v]) => -1.3 * p - 1.9 * v);
    expect(lineAxis(lastIsV.disc, lastIsV.sys)).toBe(1);
    // The same problem with the states in the other order: v is now first and still wins.
    const swapped = makeProblem({
      states: [
        { name: 'v', min: -3, max: 3 },
        { name: 'p', min: -3, max: 3 },
      ],
      controls: [{ name: 'u', min: -10, max: 10 }],
      drift: (x, a) => [a[0], x[0]],
      noise: () => [0.3, 0, 0, 0],
      maximize: (x, a) => -0.5 * (x[1] * x[1] + 0.5 * x[0] * x[0] + 0.5 * a[0] * a[0]),
      discount: 0.1,
    });
    const firstIsV = systemOf(swapped, [31, 31], ([v, p]) => -1.3 * p - 1.9 * v);
    expect(lineAxis(firstIsV.disc, firstIsV.sys)).toBe(0);
    // Constant transport a along the first state, 1 along the last: the first axis only when
    // its rates are more than twice the last's.
    const transport = (a: number) =>
      makeProblem({
        states: [
          { name: 'x', min: -1, max: 1 },
          { name: 'y', min: -1, max: 1 },
        ],
        controls: [{ name: 'u', min: 0, max: 1 }],
        drift: () => [a, 1],
        maximize: (x) => -x[0] * x[0] - x[1] * x[1],
        discount: 0.1,
      });
    for (const [a, axis] of [
      [1.5, 1],
      [3, 0],
    ]) {
      const sys = systemOf(transport(a), [21, 21], () => 0);
      expect(lineAxis(sys.disc, sys.sys)).toBe(axis);
    }
  });
});
