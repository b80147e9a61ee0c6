/**
 * Iterative solvers for the policy-evaluation system (system.ts), warm-started from the
 * previous value function.
 *
 * - Gauss–Seidel with sweeps that cycle through all 2^d axis orderings ("fast sweeping"):
 *   an upwind stencil is triangular along the flow, so some ordering follows the
 *   characteristics and one sweep carries information across the whole grid.
 * - BiCGSTAB preconditioned by ILU(0) on the fixed stencil pattern.
 *
 * Which one 'auto' picks is decided by bench/grid.ts (see `chooseLinearSolver`).
 */
import type { Discretization } from './discretization';
import type { LinearSystem } from './system';

export interface LinearResult {
  iterations: number;
  /** Max diagonal-scaled residual (GS: max update of the last sweep). */
  residual: number;
  converged: boolean;
  cancelled: boolean;
}

export type CancelCheck = () => boolean;

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

/**
 * ILU(0)-preconditioned BiCGSTAB. The CSR pattern (diagonal + unique neighbours, sorted) is
 * built once per discretization; values are refreshed per system.
 */
export class IluBicgstab {
  private readonly rowStart: Int32Array;
  private readonly col: Int32Array;
  private readonly diagPos: Int32Array;
  /** CSR position of each stencil slot (−1 for slots pointing at the node itself). */
  private readonly slotPos: Int32Array;
  private readonly a: Float64Array;
  private readonly lu: Float64Array;
  private readonly work: Float64Array[];

  constructor(private readonly disc: Discretization) {
    const { n, stencil } = disc;
    const { cols, slots } = stencil;
    const rowStart = new Int32Array(n + 1);
    const colList: number[] = [];
    const diagPos = new Int32Array(n);
    const slotPos = new Int32Array(n * slots).fill(-1);
    const row: number[] = [];
    for (let p = 0; p < n; p++) {
      row.length = 0;
      row.push(p);
      for (let j = 0; j < slots; j++) {
        const c = cols[p * slots + j];
        if (!row.includes(c)) row.push(c);
      }
      row.sort((x, y) => x - y);
      rowStart[p] = colList.length;
      for (const c of row) {
        if (c === p) diagPos[p] = colList.length;
        colList.push(c);
      }
      for (let j = 0; j < slots; j++) {
        const c = cols[p * slots + j];
        if (c !== p) slotPos[p * slots + j] = rowStart[p] + row.indexOf(c);
      }
    }
    rowStart[n] = colList.length;
    this.rowStart = rowStart;
    this.col = Int32Array.from(colList);
    this.diagPos = diagPos;
    this.slotPos = slotPos;
    this.a = new Float64Array(colList.length);
    this.lu = new Float64Array(colList.length);
    this.work = Array.from({ length: 7 }, () => new Float64Array(n));
  }

  private load(sys: LinearSystem): void {
    const { n, stencil } = this.disc;
    const { slots } = stencil;
    const a = this.a;
    a.fill(0);
    for (let p = 0; p < n; p++) {
      a[this.diagPos[p]] = sys.diag[p];
      const b = p * slots;
      for (let j = 0; j < slots; j++) {
        const pos = this.slotPos[b + j];
        if (pos >= 0) a[pos] -= sys.w[b + j];
      }
    }
    // ILU(0), IKJ order; both rows are sorted, so the update walks them together.
    const lu = this.lu;
    lu.set(a);
    const { rowStart, col, diagPos } = this;
    for (let i = 0; i < n; i++) {
      const end = rowStart[i + 1];
      for (let kk = rowStart[i]; kk < diagPos[i]; kk++) {
        const k = col[kk];
        const lik = (lu[kk] /= lu[diagPos[k]]);
        if (lik === 0) continue;
        let jj = kk + 1;
        let kj = diagPos[k] + 1;
        const kEnd = rowStart[k + 1];
        while (jj < end && kj < kEnd) {
          const cj = col[jj];
          const ck = col[kj];
          if (cj === ck) {
            lu[jj] -= lik * lu[kj];
            jj++;
            kj++;
          } else if (cj < ck) jj++;
          else kj++;
        }
      }
    }
  }

  private precondition(r: Float64Array, z: Float64Array): void {
    const n = this.disc.n;
    const { rowStart, col, diagPos, lu } = this;
    for (let i = 0; i < n; i++) {
      let s = r[i];
      for (let kk = rowStart[i]; kk < diagPos[i]; kk++) s -= lu[kk] * z[col[kk]];
      z[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = z[i];
      const end = rowStart[i + 1];
      for (let kk = diagPos[i] + 1; kk < end; kk++) s -= lu[kk] * z[col[kk]];
      z[i] = s / lu[diagPos[i]];
    }
  }

  private multiply(x: Float64Array, y: Float64Array): void {
    const n = this.disc.n;
    const { rowStart, col, a } = this;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let kk = rowStart[i]; kk < rowStart[i + 1]; kk++) s += a[kk] * x[col[kk]];
      y[i] = s;
    }
  }

  private scaledMax(r: Float64Array, diag: Float64Array): number {
    let m = 0;
    for (let i = 0; i < r.length; i++) {
      const v = Math.abs(r[i] / diag[i]);
      if (v > m) m = v;
    }
    return m;
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
    this.load(sys);
    const [r, r0, p, v, s, t, z] = this.work;
    const diag = sys.diag;
    this.multiply(x, r);
    for (let i = 0; i < n; i++) r[i] = sys.rhs[i] - r[i];
    let res = this.scaledMax(r, diag);
    tol = Math.max(tol, relTol * res);
    if (res <= tol) return { iterations: 0, residual: res, converged: true, cancelled: false };
    r0.set(r);
    p.fill(0);
    v.fill(0);
    let rho = 1;
    let alpha = 1;
    let omega = 1;
    for (let it = 1; it <= maxIter; it++) {
      let rhoNew = 0;
      for (let i = 0; i < n; i++) rhoNew += r0[i] * r[i];
      if (rhoNew === 0 || !Number.isFinite(rhoNew))
        return { iterations: it, residual: res, converged: false, cancelled: false };
      const beta = (rhoNew / rho) * (alpha / omega);
      rho = rhoNew;
      for (let i = 0; i < n; i++) p[i] = r[i] + beta * (p[i] - omega * v[i]);
      this.precondition(p, z);
      this.multiply(z, v);
      let r0v = 0;
      for (let i = 0; i < n; i++) r0v += r0[i] * v[i];
      alpha = rho / r0v;
      for (let i = 0; i < n; i++) {
        x[i] += alpha * z[i];
        s[i] = r[i] - alpha * v[i];
      }
      res = this.scaledMax(s, diag);
      if (res <= tol) return { iterations: it, residual: res, converged: true, cancelled: false };
      this.precondition(s, z);
      this.multiply(z, t);
      let tt = 0;
      let ts = 0;
      for (let i = 0; i < n; i++) {
        tt += t[i] * t[i];
        ts += t[i] * s[i];
      }
      omega = tt > 0 ? ts / tt : 0;
      for (let i = 0; i < n; i++) {
        x[i] += omega * z[i];
        r[i] = s[i] - omega * t[i];
      }
      res = this.scaledMax(r, diag);
      if (res <= tol) return { iterations: it, residual: res, converged: true, cancelled: false };
      if (omega === 0) return { iterations: it, residual: res, converged: false, cancelled: false };
      if ((it & 3) === 0 && cancelled())
        return { iterations: it, residual: res, converged: false, cancelled: true };
    }
    return { iterations: maxIter, residual: res, converged: false, cancelled: false };
  }
}

/** Solves with the chosen method; BiCGSTAB falls back to Gauss–Seidel if it breaks down. */
export class PolicyEvaluator {
  private gs: GaussSeidel | null = null;
  private bicg: IluBicgstab | null = null;
  constructor(
    private readonly disc: Discretization,
    readonly method: 'gauss-seidel' | 'bicgstab',
  ) {}

  solve(
    sys: LinearSystem,
    V: Float64Array,
    tol: number,
    relTol: number,
    cancelled: CancelCheck,
  ): LinearResult {
    if (this.method === 'bicgstab') {
      this.bicg ??= new IluBicgstab(this.disc);
      const backup = V.slice();
      const r = this.bicg.solve(sys, V, tol, relTol, 400, cancelled);
      if (r.converged || r.cancelled) return r;
      if (!V.every(Number.isFinite)) V.set(backup);
    }
    this.gs ??= new GaussSeidel(this.disc);
    return this.gs.solve(sys, V, tol, relTol, 2000, cancelled);
  }
}
