/**
 * Iterative solvers for the policy-evaluation system (system.ts), warm-started from the
 * previous value function.
 *
 * - Gauss–Seidel with sweeps that cycle through all 2^d axis orderings ("fast sweeping"):
 *   an upwind stencil is triangular along the flow, so some ordering follows the
 *   characteristics and one sweep carries information across the whole grid.
 * - BiCGSTAB preconditioned by one V-cycle of an aggregation multigrid (2× aggregation per
 *   axis on the tensor grid, Galerkin coarse operators, ILU(0) pre- and post-smoothing, dense
 *   LU at ≤ 300 nodes). Plain ILU(0) left the smooth error modes (the discount ρ is tiny
 *   against the jump rates, so V + const is nearly a null vector) to the Krylov method:
 *   at 401² a cold solve to 5 % took 68 ILU-BiCGSTAB iterations against 7 with the V-cycle,
 *   and the count grew with the grid. The patterns of all levels are fixed per
 *   discretization, so refreshing a level is a scatter-add and an ILU(0).
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
 * A sparse matrix in CSR (rows sorted, diagonal present) with ILU(0) factors on the same
 * pattern.
 */
class Csr {
  readonly a: Float64Array;
  readonly lu: Float64Array;
  /** 1 / the ILU pivots. */
  readonly invPivot: Float64Array;
  constructor(
    readonly n: number,
    readonly rowStart: Int32Array,
    readonly col: Int32Array,
    readonly diagPos: Int32Array,
  ) {
    this.a = new Float64Array(col.length);
    this.lu = new Float64Array(col.length);
    this.invPivot = new Float64Array(n);
  }

  /** ILU(0), IKJ order; both rows are sorted, so the update walks them together. */
  factor(): void {
    const { n, rowStart, col, diagPos } = this;
    const lu = this.lu;
    lu.set(this.a);
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
    for (let i = 0; i < n; i++) this.invPivot[i] = 1 / lu[diagPos[i]];
  }

  /** z = (LU)⁻¹ r; with `acc`, also acc += z (in the same pass). */
  iluSolve(r: Float64Array, z: Float64Array, acc: Float64Array | null = null): void {
    const { n, rowStart, col, diagPos, lu, invPivot } = this;
    for (let i = 0; i < n; i++) {
      let s = r[i];
      for (let kk = rowStart[i], e = diagPos[i]; kk < e; kk++) s -= lu[kk] * z[col[kk]];
      z[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = z[i];
      for (let kk = diagPos[i] + 1, e = rowStart[i + 1]; kk < e; kk++) s -= lu[kk] * z[col[kk]];
      const v = s * invPivot[i];
      z[i] = v;
      if (acc) acc[i] += v;
    }
  }

  /** out[agg[i]] += (b − A x)_i: the residual restricted to the aggregates (out zeroed first). */
  residualRestrict(b: Float64Array, x: Float64Array, agg: Int32Array, out: Float64Array): void {
    const { n, rowStart, col, a } = this;
    out.fill(0);
    for (let i = 0; i < n; i++) {
      let s = b[i];
      for (let kk = rowStart[i], e = rowStart[i + 1]; kk < e; kk++) s -= a[kk] * x[col[kk]];
      out[agg[i]] += s;
    }
  }

  multiply(x: Float64Array, y: Float64Array): void {
    const { n, rowStart, col, a } = this;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let kk = rowStart[i], e = rowStart[i + 1]; kk < e; kk++) s += a[kk] * x[col[kk]];
      y[i] = s;
    }
  }

  /** y = b − A x. */
  residual(b: Float64Array, x: Float64Array, y: Float64Array): void {
    const { n, rowStart, col, a } = this;
    for (let i = 0; i < n; i++) {
      let s = b[i];
      for (let kk = rowStart[i], e = rowStart[i + 1]; kk < e; kk++) s -= a[kk] * x[col[kk]];
      y[i] = s;
    }
  }
}

/**
 * Sorted CSR pattern with diagonal from unsorted rows with repeats: row i's candidate columns
 * are cand[candStart[i]…candStart[i+1]−1] (i itself is added).
 */
function csrFromCandidates(n: number, candStart: Int32Array, cand: Int32Array): Csr {
  const rowStart = new Int32Array(n + 1);
  const col = new Int32Array(cand.length + n);
  const diagPos = new Int32Array(n);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    rowStart[i] = nnz;
    const begin = nnz;
    col[nnz++] = i;
    for (let q = candStart[i]; q < candStart[i + 1]; q++) {
      const c = cand[q];
      // Insertion into the sorted row, skipping repeats (rows are short).
      let j = nnz - 1;
      while (j >= begin && col[j] > c) j--;
      if (j >= begin && col[j] === c) continue;
      for (let k = nnz; k > j + 1; k--) col[k] = col[k - 1];
      col[j + 1] = c;
      nnz++;
    }
    for (let j = begin; j < nnz; j++) if (col[j] === i) diagPos[i] = j;
  }
  rowStart[n] = nnz;
  return new Csr(n, rowStart, col.slice(0, nnz), diagPos);
}

/** Position of column c in row i (present by construction). */
function find(A: Csr, i: number, c: number): number {
  let q = A.rowStart[i];
  while (A.col[q] !== c) q++;
  return q;
}

/**
 * One coarser level of the aggregation multigrid: nodes aggregated 2 per axis (2×2 in 2-D)
 * on the tensor grid, piecewise-constant prolongation P, restriction Pᵀ and the Galerkin
 * operator PᵀAP. The pattern is fixed, so PᵀAP is a scatter-add of A's entries.
 */
interface CoarseLevel {
  A: Csr;
  shape: number[];
  /** Aggregate (coarse node) of each node of the finer level. */
  agg: Int32Array;
  /** Coarse CSR position of each CSR entry of the finer level. */
  pos: Int32Array;
  /** Work arrays on this level: right-hand side, solution, residual, correction. */
  r: Float64Array;
  z: Float64Array;
  t: Float64Array;
  d: Float64Array;
}

function coarsen(fine: Csr, shape: readonly number[]): CoarseLevel {
  const dims = shape.length;
  const cshape = shape.map((s) => Math.ceil(s / 2));
  const n = fine.n;
  const agg = new Int32Array(n);
  const cstride = new Int32Array(dims);
  for (let k = dims - 1, st = 1; k >= 0; k--) {
    cstride[k] = st;
    st *= cshape[k];
  }
  // Row-major odometer over the fine multi-index; c is the aggregate of the current node.
  const idx = new Int32Array(dims);
  let c = 0;
  for (let p = 0; p < n; p++) {
    agg[p] = c;
    for (let k = dims - 1; k >= 0; k--) {
      const i = idx[k] + 1;
      if (i < shape[k]) {
        idx[k] = i;
        if ((i & 1) === 0) c += cstride[k];
        break;
      }
      idx[k] = 0;
      c -= ((i - 1) >> 1) * cstride[k];
    }
  }
  const nc = cshape.reduce((x, y) => x * y, 1);
  // Fine rows grouped by aggregate (counting sort), then each coarse row's candidates.
  const { rowStart, col } = fine;
  const candStart = new Int32Array(nc + 1);
  for (let i = 0; i < n; i++) candStart[agg[i] + 1] += rowStart[i + 1] - rowStart[i];
  for (let I = 0; I < nc; I++) candStart[I + 1] += candStart[I];
  const fill = candStart.slice(0, nc);
  const cand = new Int32Array(candStart[nc]);
  for (let i = 0; i < n; i++) {
    const I = agg[i];
    for (let kk = rowStart[i]; kk < rowStart[i + 1]; kk++) cand[fill[I]++] = agg[col[kk]];
  }
  const A = csrFromCandidates(nc, candStart, cand);
  const pos = new Int32Array(col.length);
  for (let i = 0; i < n; i++) {
    const I = agg[i];
    for (let kk = rowStart[i]; kk < rowStart[i + 1]; kk++) pos[kk] = find(A, I, agg[col[kk]]);
  }
  return {
    A,
    shape: cshape,
    agg,
    pos,
    r: new Float64Array(nc),
    z: new Float64Array(nc),
    t: new Float64Array(nc),
    d: new Float64Array(nc),
  };
}

/** Dense LU (no pivoting: the Galerkin operators stay M-matrices) of the coarsest level. */
class DenseLu {
  private readonly m: Float64Array;
  constructor(private readonly n: number) {
    this.m = new Float64Array(n * n);
  }

  factor(A: Csr): void {
    const { n, m } = this;
    m.fill(0);
    for (let i = 0; i < n; i++)
      for (let kk = A.rowStart[i]; kk < A.rowStart[i + 1]; kk++) m[i * n + A.col[kk]] = A.a[kk];
    for (let k = 0; k < n; k++) {
      const piv = m[k * n + k];
      for (let i = k + 1; i < n; i++) {
        const l = (m[i * n + k] /= piv);
        if (l === 0) continue;
        for (let j = k + 1; j < n; j++) m[i * n + j] -= l * m[k * n + j];
      }
    }
  }

  solve(r: Float64Array, z: Float64Array): void {
    const { n, m } = this;
    for (let i = 0; i < n; i++) {
      let s = r[i];
      for (let j = 0; j < i; j++) s -= m[i * n + j] * z[j];
      z[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = z[i];
      for (let j = i + 1; j < n; j++) s -= m[i * n + j] * z[j];
      z[i] = s / m[i * n + i];
    }
  }
}

/** Coarsest level size: dense LU below this many nodes. */
const COARSEST = 300;

/**
 * BiCGSTAB on the policy-evaluation system, preconditioned by ILU(0) or by one V-cycle of
 * an aggregation multigrid with ILU(0) smoothing (coarse levels by 2× aggregation down to a
 * dense LU). The CSR pattern (diagonal + unique neighbours, sorted) and the coarse patterns
 * are built once per discretization; values are refreshed per system.
 */
export class IluBicgstab {
  private readonly A: Csr;
  private readonly diagPos: Int32Array;
  /** CSR position of each stencil slot (−1 for slots pointing at the node itself). */
  private readonly slotPos: Int32Array;
  private readonly work: Float64Array[];
  private readonly levels: CoarseLevel[] = [];
  private dense: DenseLu | null = null;
  /** Whether the current system is preconditioned by the V-cycle (else ILU(0) alone). */
  private useCycle = false;
  /** Smoother work arrays of the finest level. */
  private readonly t0: Float64Array;
  private readonly d0: Float64Array;

  constructor(
    private readonly disc: Discretization,
    /** Precondition by the V-cycle (else ILU(0) alone). */
    readonly multigrid = true,
  ) {
    const { n, stencil } = disc;
    const { cols, slots } = stencil;
    const candStart = new Int32Array(n + 1);
    for (let p = 0; p <= n; p++) candStart[p] = p * slots;
    this.A = csrFromCandidates(n, candStart, cols);
    this.diagPos = this.A.diagPos;
    const slotPos = new Int32Array(n * slots).fill(-1);
    for (let p = 0; p < n; p++) {
      for (let j = 0; j < slots; j++) {
        const c = cols[p * slots + j];
        if (c !== p) slotPos[p * slots + j] = find(this.A, p, c);
      }
    }
    this.slotPos = slotPos;
    this.work = Array.from({ length: 7 }, () => new Float64Array(n));
    this.t0 = new Float64Array(n);
    this.d0 = new Float64Array(n);
  }

  /** Builds the coarse levels on first use. */
  private hierarchy(): DenseLu {
    if (this.dense) return this.dense;
    let fine = this.A;
    let shape = this.disc.grid.shape.slice();
    while (fine.n > COARSEST && shape.some((s) => s > 2)) {
      const level = coarsen(fine, shape);
      this.levels.push(level);
      fine = level.A;
      shape = level.shape;
    }
    this.dense = new DenseLu(fine.n);
    return this.dense;
  }

  private load(sys: LinearSystem): void {
    const { n, stencil } = this.disc;
    const { slots } = stencil;
    const a = this.A.a;
    a.fill(0);
    for (let p = 0; p < n; p++) {
      a[this.diagPos[p]] = sys.diag[p];
      const b = p * slots;
      for (let j = 0; j < slots; j++) {
        const pos = this.slotPos[b + j];
        if (pos >= 0) a[pos] -= sys.w[b + j];
      }
    }
    // Undiscounted exit / minimum-time systems are nonsingular M-matrices too now that
    // Howard keeps the policy proper and caps the nodes that cannot reach the target
    // (howard.ts); they used to get a tiny diagonal floor, which the V-cycle did not survive.
    this.useCycle = this.multigrid;
    if (!this.useCycle) {
      this.A.factor();
      return;
    }
    const dense = this.hierarchy();
    let fine = this.A;
    for (const level of this.levels) {
      const ca = level.A.a;
      ca.fill(0);
      const fa = fine.a;
      const pos = level.pos;
      for (let kk = 0; kk < fa.length; kk++) ca[pos[kk]] += fa[kk];
      fine.factor();
      fine = level.A;
    }
    dense.factor(fine);
  }

  /** z = M⁻¹ r: ILU(0), or a multigrid V-cycle from level l (0 = the system itself). */
  private precondition(r: Float64Array, z: Float64Array): void {
    if (!this.useCycle) {
      this.A.iluSolve(r, z);
      return;
    }
    this.cycle(0, this.A, r, z, this.t0, this.d0);
  }

  private cycle(l: number, A: Csr, r: Float64Array, z: Float64Array, t: Float64Array, d: Float64Array): void {
    if (l === this.levels.length) {
      this.dense!.solve(r, z);
      return;
    }
    const n = A.n;
    const c = this.levels[l];
    const { agg } = c;
    const rc = c.r;
    A.iluSolve(r, z); // pre-smoothing from z = 0
    A.residualRestrict(r, z, agg, rc);
    this.cycle(l + 1, c.A, rc, c.z, c.t, c.d);
    const zc = c.z;
    for (let i = 0; i < n; i++) z[i] += zc[agg[i]];
    A.residual(r, z, t); // post-smoothing
    A.iluSolve(t, d, z);
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
    const A = this.A;
    const [r, r0, p, v, s, t, z] = this.work;
    const diag = sys.diag;
    // Residual from the stencil form, so that an already solved system (the last Howard
    // iteration) costs no factorisation.
    const { cols, slots } = this.disc.stencil;
    const { w, rhs } = sys;
    for (let i = 0; i < n; i++) {
      let acc = rhs[i] - diag[i] * x[i];
      const b = i * slots;
      for (let j = 0; j < slots; j++) acc += w[b + j] * x[cols[b + j]];
      r[i] = acc;
    }
    let res = this.scaledMax(r, diag);
    tol = Math.max(tol, relTol * res);
    if (res <= tol) return { iterations: 0, residual: res, converged: true, cancelled: false };
    this.load(sys);
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
      A.multiply(z, v);
      let r0v = 0;
      for (let i = 0; i < n; i++) r0v += r0[i] * v[i];
      alpha = rho / r0v;
      res = 0;
      for (let i = 0; i < n; i++) {
        x[i] += alpha * z[i];
        const si = r[i] - alpha * v[i];
        s[i] = si;
        const a = Math.abs(si / diag[i]);
        if (a > res) res = a;
      }
      if (res <= tol) return { iterations: it, residual: res, converged: true, cancelled: false };
      this.precondition(s, z);
      A.multiply(z, t);
      let tt = 0;
      let ts = 0;
      for (let i = 0; i < n; i++) {
        tt += t[i] * t[i];
        ts += t[i] * s[i];
      }
      omega = tt > 0 ? ts / tt : 0;
      res = 0;
      for (let i = 0; i < n; i++) {
        x[i] += omega * z[i];
        const ri = s[i] - omega * t[i];
        r[i] = ri;
        const a = Math.abs(ri / diag[i]);
        if (a > res) res = a;
      }
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
  private backup: Float64Array | null = null;
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
      this.backup ??= new Float64Array(V.length);
      this.backup.set(V);
      const r = this.bicg.solve(sys, V, tol, relTol, 400, cancelled);
      if (r.converged || r.cancelled) return r;
      if (!V.every(Number.isFinite)) V.set(this.backup);
    }
    this.gs ??= new GaussSeidel(this.disc);
    return this.gs.solve(sys, V, tol, relTol, 2000, cancelled);
  }
}
