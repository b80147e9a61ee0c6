/**
 * Policy evaluation: the linear system of a fixed policy (system.ts) solved iteratively,
 * warm-started from the previous value function, by
 * - GMRES preconditioned by an aggregation-multigrid V-cycle (gmres.ts, multigrid.ts),
 * - BiCGSTAB with the same preconditioner (bicgstab.ts), or
 * - Gauss–Seidel with sweeps that cycle through all 2^d axis orderings ("fast sweeping"):
 *   an upwind stencil is triangular along the flow, so some ordering follows the
 *   characteristics and one sweep carries information across the whole grid.
 *
 * Which one 'auto' picks is decided by bench/grid.ts (see `chooseLinearSolver`).
 */
import type { Discretization } from './discretization';
import { MultigridBicgstab } from './bicgstab';
import { MultigridGmres } from './gmres';
import type { CancelCheck, LinearResult } from './linear-result';
import type { LinearSystem } from './system';

export type { CancelCheck, LinearResult } from './linear-result';

/** Node orderings for the sweeps: all 2^d combinations of axis directions, row-major inside. */
export function sweepOrders(shape: readonly number[]): Int32Array[] {
  const d = shape.length;
  const n = shape.reduce((a, b) => a * b, 1);
  const strides: number[] = [];
  let s = 1;
  for (let k = d - 1; k >= 0; k--) {
    strides[k] = s;
    s *= shape[k];
  }
  const orders: Int32Array[] = [];
  // Forward and backward first: for d = 1 they are all there is.
  const masks = [0, (1 << d) - 1];
  for (let mask = 1; mask < (1 << d) - 1; mask++) masks.push(mask);
  for (const mask of masks) {
    const perm = new Int32Array(n);
    for (let q = 0; q < n; q++) {
      let rest = q;
      let p = 0;
      for (let k = d - 1; k >= 0; k--) {
        const i = rest % shape[k];
        rest = Math.floor(rest / shape[k]);
        p += ((mask >> k) & 1 ? shape[k] - 1 - i : i) * strides[k];
      }
      perm[q] = p;
    }
    orders.push(perm);
  }
  return orders;
}

export class GaussSeidel {
  private readonly orders: Int32Array[];
  private next = 0;
  constructor(private readonly disc: Discretization) {
    this.orders = sweepOrders(disc.grid.shape);
  }

  /** Stops when the largest update of a sweep is ≤ max(tol, relTol · that of the first sweep). */
  solve(
    sys: LinearSystem,
    V: Float64Array,
    tol: number,
    relTol: number,
    maxSweeps: number,
    cancelled: CancelCheck,
  ): LinearResult {
    const { cols, slots } = this.disc.stencil;
    const { w, diag, rhs } = sys;
    const n = this.disc.n;
    let delta = Infinity;
    for (let it = 1; it <= maxSweeps; it++) {
      const perm = this.orders[this.next];
      this.next = (this.next + 1) % this.orders.length;
      delta = 0;
      for (let q = 0; q < n; q++) {
        const p = perm[q];
        const b = p * slots;
        let s = rhs[p];
        for (let j = 0; j < slots; j++) s += w[b + j] * V[cols[b + j]];
        const v = s / diag[p];
        const dv = Math.abs(v - V[p]);
        if (dv > delta) delta = dv;
        V[p] = v;
      }
      if (it === 1) tol = Math.max(tol, relTol * delta);
      if (delta <= tol) return { iterations: it, residual: delta, converged: true, cancelled: false };
      if ((it & 7) === 0 && cancelled())
        return { iterations: it, residual: delta, converged: false, cancelled: true };
    }
    return { iterations: maxSweeps, residual: delta, converged: false, cancelled: false };
  }
}

export type LinearMethod = 'gauss-seidel' | 'bicgstab' | 'gmres';

/** Solves with the chosen method; a Krylov method falls back to Gauss–Seidel if it fails. */
export class PolicyEvaluator {
  private gs: GaussSeidel | null = null;
  private krylov: MultigridBicgstab | MultigridGmres | null = null;
  private backup: Float64Array | null = null;
  constructor(
    private readonly disc: Discretization,
    readonly method: LinearMethod,
  ) {}

  solve(
    sys: LinearSystem,
    V: Float64Array,
    tol: number,
    relTol: number,
    cancelled: CancelCheck,
  ): LinearResult {
    if (this.method !== 'gauss-seidel') {
      this.krylov ??=
        this.method === 'gmres' ? new MultigridGmres(this.disc) : new MultigridBicgstab(this.disc);
      this.backup ??= new Float64Array(V.length);
      this.backup.set(V);
      const r = this.krylov.solve(sys, V, tol, relTol, 400, cancelled);
      if (r.converged || r.cancelled) return r;
      if (!V.every(Number.isFinite)) V.set(this.backup);
    }
    this.gs ??= new GaussSeidel(this.disc);
    return this.gs.solve(sys, V, tol, relTol, 2000, cancelled);
  }
}
