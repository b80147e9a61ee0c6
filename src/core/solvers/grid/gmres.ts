/**
 * Flexible GMRES on the policy-evaluation system, right-preconditioned by one V-cycle of the
 * aggregation multigrid (multigrid.ts) per iteration.
 *
 * GMRES runs on the diagonally scaled system D⁻¹A x = D⁻¹b (its residual is the one the
 * solvers report: max |r_p / diag_p|) with preconditioner v ↦ cycle(D v). One V-cycle and
 * one product per iteration where BiCGSTAB needs two of each, and a residual that never
 * grows; at 201² the whole Howard solve needs about as many GMRES iterations as it needed
 * BiCGSTAB iterations (bench/grid.ts). The preconditioned directions z_j are kept
 * (flexible GMRES), so the update x += Σ y_j z_j needs no further V-cycle.
 *
 * The Krylov estimate is a 2-norm and the stop is on the max norm: the estimate is compared
 * with tol times the 2/∞ ratio of the residual the cycle started from, and the true
 * residual decides — a restart when it is not met yet.
 */
import type { Discretization } from './discretization';
import type { CancelCheck, LinearResult } from './linear-result';
import { AggregationMultigrid } from './multigrid';
import { systemResidual, type LinearSystem } from './system';

/** Krylov vectors kept before a restart (allocated as the iteration needs them). */
export const RESTART = 12;

export class MultigridGmres {
  /** Orthonormal basis of the scaled Krylov space, and the preconditioned directions. */
  private readonly basis: Float64Array[] = [];
  private readonly dirs: Float64Array[] = [];
  /** Hessenberg matrix, column-major with RESTART + 1 rows, turned triangular by Givens rotations. */
  private readonly h = new Float64Array((RESTART + 1) * RESTART);
  private readonly cs = new Float64Array(RESTART);
  private readonly sn = new Float64Array(RESTART);
  private readonly g = new Float64Array(RESTART + 1);
  private readonly y = new Float64Array(RESTART);
  private readonly r: Float64Array;
  private readonly scaled: Float64Array;

  constructor(
    private readonly disc: Discretization,
    private readonly mg: AggregationMultigrid = new AggregationMultigrid(disc),
  ) {
    this.r = new Float64Array(disc.n);
    this.scaled = new Float64Array(disc.n);
  }

  private vector(list: Float64Array[], j: number): Float64Array {
    while (list.length <= j) list.push(new Float64Array(this.disc.n));
    return list[j];
  }

  /** Stops when the diagonal-scaled residual is ≤ max(tol, relTol · the initial one). */
  solve(
    sys: LinearSystem,
    x: Float64Array,
    tol: number,
    relTol: number,
    maxIter: number,
    cancelled: CancelCheck,
  ): LinearResult {
    const n = this.disc.n;
    const { mg, r, scaled, h, cs, sn, g } = this;
    const A = mg.A;
    const diag = sys.diag;
    const R1 = RESTART + 1;
    let res = systemResidual(this.disc, sys, x, r);
    tol = Math.max(tol, relTol * res);
    if (res <= tol) return { iterations: 0, residual: res, converged: true, cancelled: false };
    if (!Number.isFinite(res)) return { iterations: 0, residual: res, converged: false, cancelled: false };
    mg.load(sys);
    let it = 0;
    for (;;) {
      const v0 = this.vector(this.basis, 0);
      let beta = 0;
      for (let i = 0; i < n; i++) {
        const v = r[i] / diag[i];
        v0[i] = v;
        beta += v * v;
      }
      beta = Math.sqrt(beta);
      const target = tol * (beta / res);
      const inv = 1 / beta;
      for (let i = 0; i < n; i++) v0[i] *= inv;
      g.fill(0);
      g[0] = beta;
      let k = 0;
      while (k < RESTART && it < maxIter) {
        it++;
        const vk = this.basis[k];
        for (let i = 0; i < n; i++) scaled[i] = diag[i] * vk[i];
        const zk = this.vector(this.dirs, k);
        mg.precondition(scaled, zk);
        const w = this.vector(this.basis, k + 1);
        A.multiply(zk, w);
        for (let i = 0; i < n; i++) w[i] /= diag[i];
        // Modified Gram–Schmidt.
        const col = k * R1;
        for (let j = 0; j <= k; j++) {
          const vj = this.basis[j];
          let dot = 0;
          for (let i = 0; i < n; i++) dot += w[i] * vj[i];
          h[col + j] = dot;
          for (let i = 0; i < n; i++) w[i] -= dot * vj[i];
        }
        let norm = 0;
        for (let i = 0; i < n; i++) norm += w[i] * w[i];
        norm = Math.sqrt(norm);
        h[col + k + 1] = norm;
        if (norm > 0) {
          const s = 1 / norm;
          for (let i = 0; i < n; i++) w[i] *= s;
        }
        // Earlier rotations on the new column, then the one that zeroes its subdiagonal.
        for (let j = 0; j < k; j++) {
          const a = h[col + j];
          const b = h[col + j + 1];
          h[col + j] = cs[j] * a + sn[j] * b;
          h[col + j + 1] = -sn[j] * a + cs[j] * b;
        }
        const a = h[col + k];
        const den = Math.hypot(a, norm);
        cs[k] = den > 0 ? a / den : 1;
        sn[k] = den > 0 ? norm / den : 0;
        h[col + k] = den;
        h[col + k + 1] = 0;
        g[k + 1] = -sn[k] * g[k];
        g[k] = cs[k] * g[k];
        k++;
        const estimate = Math.abs(g[k]);
        if (!(estimate > target) || norm === 0) break;
        if ((it & 3) === 0 && cancelled()) {
          this.update(x, k);
          res = systemResidual(this.disc, sys, x, r);
          return { iterations: it, residual: res, converged: false, cancelled: true };
        }
      }
      this.update(x, k);
      const before = res;
      res = systemResidual(this.disc, sys, x, r);
      if (res <= tol) return { iterations: it, residual: res, converged: true, cancelled: false };
      // Non-finite, out of iterations, or a whole cycle without progress: give up.
      if (!Number.isFinite(res) || it >= maxIter || !(res < before))
        return { iterations: it, residual: res, converged: false, cancelled: false };
      if (cancelled()) return { iterations: it, residual: res, converged: false, cancelled: true };
    }
  }

  /** x += Σ_{j<k} y_j z_j with y the solution of the rotated k × k triangular system. */
  private update(x: Float64Array, k: number): void {
    const { h, g, y } = this;
    const R1 = RESTART + 1;
    for (let i = k - 1; i >= 0; i--) {
      let s = g[i];
      for (let j = i + 1; j < k; j++) s -= h[j * R1 + i] * y[j];
      const d = h[i * R1 + i];
      y[i] = d !== 0 ? s / d : 0;
    }
    const n = this.disc.n;
    for (let j = 0; j < k; j++) {
      const zj = this.dirs[j];
      const yj = y[j];
      for (let i = 0; i < n; i++) x[i] += yj * zj[i];
    }
  }
}
