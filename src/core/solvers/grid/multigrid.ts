/**
 * Aggregation multigrid for the policy-evaluation system (system.ts), used as the
 * preconditioner of the Krylov solvers (gmres.ts, bicgstab.ts): 2× aggregation per axis on
 * the tensor grid, piecewise-constant prolongation, Galerkin coarse operators, dense LU at
 * ≤ COARSEST nodes. Plain ILU(0) left the smooth error modes (the discount ρ is tiny against
 * the jump rates, so V + const is nearly a null vector) to the Krylov method: at 401² a cold
 * solve to 5 % took 68 ILU-BiCGSTAB iterations against 7 with a V-cycle, and the count grew
 * with the grid. The patterns of all levels are fixed per discretization, so refreshing a
 * level is a scatter-add and an ILU(0).
 *
 * Two choices measured on the 2-D double integrator at 201² (cold solve to 1e-9, GMRES):
 * - The cycle is V(0, 2): coarse correction of the residual first, then two ILU(0) sweeps.
 *   With an ILU pre-smoothing step the restricted residual is concentrated where the
 *   incomplete factorization dropped fill, and near the corners where the flow presses
 *   against the walls the coarse correction overshot the error eightfold (the stationary
 *   V(1, 1) iteration even diverged). 20 → 18 iterations, about the same cost per cycle.
 * - Piecewise-constant aggregation lumps the chain: drift rates come out right on the
 *   coarse grid (a/h over two nodes is a/(2h)), diffusion rates twice too large (D/h² over
 *   two nodes against D/(2h)²). The diffusion part of the system is tracked down the
 *   hierarchy and halved on each level, so every coarse operator is a consistent
 *   discretization of the same generator: 18 → 15 iterations.
 */
import { Csr, csrFromCandidates, find } from './csr';
import type { Discretization } from './discretization';
import type { LinearSystem } from './system';

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
  // Integer arithmetic: a size computed as a double would give the level objects double-typed
  // fields and deoptimize every kernel compiled for the integer ones.
  const cshape = shape.map((s) => (s + 1) >> 1);
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
const COARSEST = 100;

/**
 * The matrix A of a policy-evaluation system in CSR (diagonal + unique neighbours, sorted)
 * and its multigrid hierarchy. Patterns are built once per discretization (the coarse ones
 * on first use); load() refreshes the values and factors of every level.
 */
export class AggregationMultigrid {
  readonly A: Csr;
  readonly n: number;
  private readonly diagPos: Int32Array;
  /** CSR position of each stencil slot (−1 for slots pointing at the node itself). */
  private readonly slotPos: Int32Array;
  private readonly levels: CoarseLevel[] = [];
  private dense: DenseLu | null = null;
  /** Diffusion part of the matrix on each level's pattern (finest first), for the halving. */
  private readonly diffusion: Float64Array[] = [];
  /** The shared diffusion rates (and their time) this.diffusion was computed from. */
  private diffusionOf: Float64Array | null = null;
  private diffusionStamp = Number.NaN;
  /** Post-smoothing work arrays of the finest level. */
  private readonly t0: Float64Array;
  private readonly d0: Float64Array;

  constructor(
    private readonly disc: Discretization,
    /** Precondition by the V-cycle (else by ILU(0) alone). */
    readonly multigrid = true,
  ) {
    const { n, stencil } = disc;
    const { cols, slots } = stencil;
    this.n = n;
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
    this.t0 = new Float64Array(n);
    this.d0 = new Float64Array(n);
  }

  /** Builds the coarse levels on first use. */
  private hierarchy(): DenseLu {
    if (this.dense) return this.dense;
    let fine = this.A;
    let shape = this.disc.grid.shape.slice();
    this.diffusion.push(new Float64Array(fine.a.length));
    while (fine.n > COARSEST && shape.some((s) => s > 2)) {
      const level = coarsen(fine, shape);
      this.levels.push(level);
      fine = level.A;
      shape = level.shape;
      this.diffusion.push(new Float64Array(fine.a.length));
    }
    this.dense = new DenseLu(fine.n);
    return this.dense;
  }

  /** A := the system's matrix (diag − w on the stencil); refreshes the factors of every level. */
  load(sys: LinearSystem): void {
    const { n, stencil } = this.disc;
    const { slots } = stencil;
    const { diagPos, slotPos } = this;
    const a = this.A.a;
    a.fill(0);
    for (let p = 0; p < n; p++) {
      a[diagPos[p]] = sys.diag[p];
      const b = p * slots;
      for (let j = 0; j < slots; j++) {
        const pos = slotPos[b + j];
        if (pos >= 0) a[pos] -= sys.w[b + j];
      }
    }
    // Undiscounted exit / minimum-time systems are nonsingular M-matrices too now that
    // Howard keeps the policy proper and caps the nodes that cannot reach the target
    // (howard.ts); they used to get a tiny diagonal floor, which the V-cycle did not survive.
    if (!this.multigrid) {
      this.A.factor();
      return;
    }
    const dense = this.hierarchy();
    const halve = this.diffusionLevels(sys);
    let fine = this.A;
    for (let l = 0; l < this.levels.length; l++) {
      const level = this.levels[l];
      const ca = level.A.a;
      ca.fill(0);
      const fa = fine.a;
      const pos = level.pos;
      for (let kk = 0; kk < fa.length; kk++) ca[pos[kk]] += fa[kk];
      if (halve) {
        // Coarse diffusion is ½ Pᵀ(fine diffusion)P: the Galerkin sum has one half too many.
        const cd = this.diffusion[l + 1];
        for (let kk = 0; kk < ca.length; kk++) ca[kk] -= cd[kk];
      }
      fine.factor();
      fine = level.A;
    }
    dense.factor(fine);
  }

  /**
   * Fills this.diffusion[l] (l ≥ 1) with the diffusion part of level l's operator,
   * ½ Pᵀ(diffusion of level l − 1)P, from the system's diffusion rates; false when they are
   * unknown. The result depends on the rates only, so it is kept while the system brings
   * the same array at the same time (control-free Σ: once per discretization).
   */
  private diffusionLevels(sys: LinearSystem): boolean {
    const wd = sys.diffusion;
    if (!wd) return false;
    const stamp = this.disc.diffusionTime;
    const shared = wd === this.disc.diffusion;
    if (shared && this.diffusionOf === wd && this.diffusionStamp === stamp) return true;
    const { n, stencil } = this.disc;
    const { slots, dirichlet } = stencil;
    const { diagPos, slotPos } = this;
    let fd = this.diffusion[0];
    fd.fill(0);
    for (let p = 0; p < n; p++) {
      if (dirichlet[p]) continue;
      const b = p * slots;
      for (let j = 0; j < slots; j++) {
        const pos = slotPos[b + j];
        if (pos < 0) continue;
        fd[pos] -= wd[b + j];
        fd[diagPos[p]] += wd[b + j];
      }
    }
    for (let l = 0; l < this.levels.length; l++) {
      const cd = this.diffusion[l + 1];
      const pos = this.levels[l].pos;
      cd.fill(0);
      for (let kk = 0; kk < fd.length; kk++) cd[pos[kk]] += 0.5 * fd[kk];
      fd = cd;
    }
    this.diffusionOf = shared ? wd : null;
    this.diffusionStamp = stamp;
    return true;
  }

  /** z = M⁻¹ r: one V(0, 2)-cycle from z = 0 (or ILU(0) alone). */
  precondition(r: Float64Array, z: Float64Array): void {
    if (!this.multigrid) {
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
    rc.fill(0);
    for (let i = 0; i < n; i++) rc[agg[i]] += r[i];
    this.cycle(l + 1, c.A, rc, c.z, c.t, c.d);
    const zc = c.z;
    for (let i = 0; i < n; i++) z[i] = zc[agg[i]];
    for (let s = 0; s < 2; s++) {
      A.residual(r, z, t);
      A.iluSolve(t, d, z);
    }
  }
}

/**
 * r := rhs − A x from the stencil form of the system (no CSR needed, so an already solved
 * system costs no factorisation); returns max |r_p / diag_p|.
 */
export function systemResidual(
  disc: Discretization,
  sys: LinearSystem,
  x: Float64Array,
  r: Float64Array,
): number {
  const { n, stencil } = disc;
  const { cols, slots } = stencil;
  const { w, rhs, diag } = sys;
  let max = 0;
  for (let i = 0; i < n; i++) {
    let acc = rhs[i] - diag[i] * x[i];
    const b = i * slots;
    for (let j = 0; j < slots; j++) acc += w[b + j] * x[cols[b + j]];
    r[i] = acc;
    const a = Math.abs(acc / diag[i]);
    if (a > max) max = a;
  }
  return max;
}
