/**
 * Direct policy evaluation in one dimension: on a non-periodic 1-D grid the upwind system
 * (system.ts) is tridiagonal, and the Thomas algorithm solves it exactly in O(n) — the line
 * smoother of the multigrid (line-smoother.ts) does the same sweep as one of its lines, so
 * the Krylov iteration around it only added the hierarchy's setup and a few V-cycles.
 * Measured (1-D LQR, N = 1601): the linear solves took 196 of 393 ms of CPU profile over the
 * first three solves of a fresh problem, now under 1 ms (bench/grid.ts).
 *
 * The matrix is an M-matrix with nonnegative row sums and a positive shift or a chain to a
 * Dirichlet or capped row (howard.ts), so every Thomas denominator is positive and no
 * pivoting is needed; a denominator that is not (a singular system) is reported as a failed
 * solve, and the caller falls back to an iterative method.
 */
import type { Discretization } from './discretization';
import type { LinearResult } from './linear';
import { rowScales, systemResidual, type LinearSystem } from './system';

/** Whether the policy-evaluation systems of this discretization are tridiagonal. */
export function isTridiagonal(disc: Discretization): boolean {
  return disc.d === 1 && disc.stencil.kinds[0] !== 'periodic';
}

export class TridiagonalSolver {
  private readonly cPrime: Float64Array;
  private readonly dPrime: Float64Array;
  private readonly r: Float64Array;
  private readonly scale: Float64Array;

  constructor(private readonly disc: Discretization) {
    if (!isTridiagonal(disc)) throw new Error('TridiagonalSolver needs a non-periodic 1-D grid');
    const n = disc.n;
    this.cPrime = new Float64Array(n);
    this.dPrime = new Float64Array(n);
    this.r = new Float64Array(n);
    this.scale = new Float64Array(n);
  }

  /**
   * Solves the system into x (x is only read for the row scales of the reported residual,
   * rowScales in system.ts). Not converged when a denominator is not positive and finite;
   * x is then left unchanged.
   */
  solve(sys: LinearSystem, x: Float64Array): LinearResult {
    const { n, stencil } = this.disc;
    const { cols, slots } = stencil;
    const { w, diag, rhs } = sys;
    const { cPrime, dPrime } = this;
    rowScales(sys, x, this.scale);
    // Row p: b·V_p + lo·V_{p−1} + up·V_{p+1} = rhs_p. A slot pointing at the node itself (a
    // reflecting or constraint face) cancels against its share of the diagonal.
    let c = 0;
    let d = 0;
    for (let p = 0; p < n; p++) {
      let b = diag[p];
      let lo = 0;
      let up = 0;
      const base = p * slots;
      for (let j = 0; j < slots; j++) {
        const q = cols[base + j];
        const wj = w[base + j];
        if (q === p) b -= wj;
        else if (q === p - 1) lo -= wj;
        else up -= wj;
      }
      const den = b - lo * c;
      if (!(den > 0 && den < Infinity))
        return { iterations: 1, residual: Infinity, converged: false, cancelled: false };
      const inv = 1 / den;
      c = up * inv;
      d = (rhs[p] - lo * d) * inv;
      cPrime[p] = c;
      dPrime[p] = d;
    }
    let next = 0;
    for (let p = n - 1; p >= 0; p--) {
      next = dPrime[p] - cPrime[p] * next;
      x[p] = next;
    }
    const residual = systemResidual(this.disc, sys, x, this.r, this.scale);
    return { iterations: 1, residual, converged: Number.isFinite(residual), cancelled: false };
  }
}
