/**
 * Aggregation multigrid for the policy-evaluation system (system.ts), used as the
 * preconditioner of the Krylov solvers (gmres.ts, bicgstab.ts): 2× aggregation per axis on
 * the tensor grid, piecewise-constant prolongation, Galerkin coarse operators, line
 * Gauss–Seidel smoothing (line-smoother.ts), dense LU at ≤ COARSEST nodes. Without the
 * coarse levels the smooth error modes (the discount ρ is tiny against the jump rates, so
 * V + const is nearly a null vector) are left to the Krylov method and the iteration count
 * grows with the grid. The patterns of all levels are fixed per discretization, so
 * refreshing a level is a scatter-add and a tridiagonal factorization per line.
 *
 * The cycle is V(0, SWEEPS): the coarse correction of the residual first, then line sweeps
 * alternately forward and backward. Measured at the examples' default grids (whole solve):
 * - a pre-smoothing step hurt: with ILU(0) pre-smoothing the restricted residual was
 *   concentrated where the factorization is inexact, and near the corners where the flow
 *   presses against the walls the coarse correction overshot the error eightfold;
 * - four sweeps rather than two: the minimum-time double integrator (pure transport, bang-
 *   bang) 0.90 → 0.47 s, the others within noise; six gain little more;
 * - in 3-D and up the last two sweeps take the lines in the crossed order (first of the
 *   other axes reversed), so the four sweeps cover every ordering of a plane of lines, as
 *   transport in any direction of the plane needs: Dubins 61³ 73 → 67 GMRES iterations,
 *   a 4-D LQR at 21⁴ 2.7 → 1.8 s; 2-D is unchanged;
 * - halving the diffusion part of the Galerkin operators (aggregation makes it twice too
 *   strong) helped with ILU smoothing and not with line smoothing: dropped.
 */
import { Csr, csrFromCandidates } from './csr';
import type { Discretization } from './discretization';
import { LineSmoother } from './line-smoother';
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
  /** Work arrays on this level: right-hand side and solution of the coarse correction. */
  r: Float64Array;
  z: Float64Array;
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
  // The fine entry behind each candidate, to map fine positions to coarse ones.
  const source = new Int32Array(candStart[nc]);
  for (let i = 0; i < n; i++) {
    const I = agg[i];
    for (let kk = rowStart[i]; kk < rowStart[i + 1]; kk++) {
      source[fill[I]] = kk;
      cand[fill[I]++] = agg[col[kk]];
    }
  }
  const { A, at } = csrFromCandidates(nc, candStart, cand);
  const pos = new Int32Array(col.length);
  for (let q = 0; q < at.length; q++) pos[source[q]] = at[q];
  return {
    A,
    shape: cshape,
    agg,
    pos,
    r: new Float64Array(nc),
    z: new Float64Array(nc),
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

/** Line sweeps after the coarse correction (forward, backward, …). */
const SWEEPS = 4;

/**
 * The matrix A of a policy-evaluation system in CSR (diagonal + unique neighbours, sorted)
 * and its multigrid hierarchy. Patterns are built once per discretization (the coarse ones
 * and the smoothers on the first load); load() refreshes the values of every level.
 */
export class AggregationMultigrid {
  readonly A: Csr;
  private readonly diagPos: Int32Array;
  /** CSR position of each stencil slot (−1 for slots pointing at the node itself). */
  private readonly slotPos: Int32Array;
  private readonly levels: CoarseLevel[] = [];
  private dense: DenseLu | null = null;
  /** Line smoother of every level but the dense one (finest first). */
  private readonly smoothers: LineSmoother[] = [];

  constructor(private readonly disc: Discretization) {
    const { n, stencil } = disc;
    const { cols, slots } = stencil;
    const candStart = new Int32Array(n + 1);
    for (let p = 0; p <= n; p++) candStart[p] = p * slots;
    const { A, at } = csrFromCandidates(n, candStart, cols);
    this.A = A;
    this.diagPos = A.diagPos;
    // Slots pointing at the node itself (faces) carry no matrix entry.
    const slotPos = at;
    for (let q = 0; q < n * slots; q++) if (cols[q] === Math.trunc(q / slots)) slotPos[q] = -1;
    this.slotPos = slotPos;
  }

  /**
   * Builds the coarse levels and the smoothers on first use. The lines' axis is chosen from
   * the rates of this first system (lineAxis) and kept, since the smoothers' patterns
   * depend on it.
   */
  private hierarchy(sys: LinearSystem): DenseLu {
    if (this.dense) return this.dense;
    const axis = lineAxis(this.disc, sys);
    let fine = this.A;
    let shape = this.disc.grid.shape.slice();
    while (fine.n > COARSEST && shape.some((s) => s > 2)) {
      this.smoothers.push(new LineSmoother(fine, shape, axis));
      const level = coarsen(fine, shape);
      this.levels.push(level);
      fine = level.A;
      shape = level.shape;
    }
    this.dense = new DenseLu(fine.n);
    return this.dense;
  }

  /** A := the system's matrix (diag − w on the stencil); refreshes every level. */
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
    const dense = this.hierarchy(sys);
    let fine = this.A;
    for (let l = 0; l < this.levels.length; l++) {
      const level = this.levels[l];
      const ca = level.A.a;
      ca.fill(0);
      const fa = fine.a;
      const pos = level.pos;
      for (let kk = 0; kk < fa.length; kk++) ca[pos[kk]] += fa[kk];
      this.smoothers[l].refresh();
      fine = level.A;
    }
    dense.factor(fine);
  }

  /** z = M⁻¹ r: one V-cycle from z = 0. */
  precondition(r: Float64Array, z: Float64Array): void {
    this.cycle(0, r, z);
  }

  /** V(0, SWEEPS) on level l: the coarse correction of r, then the line sweeps. */
  private cycle(l: number, r: Float64Array, z: Float64Array): void {
    if (l === this.levels.length) {
      this.dense!.solve(r, z);
      return;
    }
    const c = this.levels[l];
    const { agg } = c;
    const n = agg.length;
    const rc = c.r;
    rc.fill(0);
    for (let i = 0; i < n; i++) rc[agg[i]] += r[i];
    this.cycle(l + 1, rc, c.z);
    const zc = c.z;
    for (let i = 0; i < n; i++) z[i] = zc[agg[i]];
    const smoother = this.smoothers[l];
    // Forward, backward, then both again with the lines in the crossed order (3-D and up).
    for (let s = 0; s < SWEEPS; s++) smoother.sweep(r, z, (s & 1) === 0, s >= 2);
  }
}

/**
 * The axis of the smoother's lines: the one with the largest rates (both directions, summed
 * over the nodes), except that the last axis — whose lines are contiguous in memory — is
 * kept unless another one has more than twice its rates. A strided line sweep costs about
 * 1.5× a contiguous one, and for comparable rates the count of iterations hardly depends on
 * the axis. Measured (whole solve at the default grids, lines along the first axis against
 * the last): pendulum 0.43 → 0.30 s (rates θ : ω = 1.7 : 1), mountain car 0.38 → 0.28 s
 * (1.1 : 1), minimum-time double integrator 0.47 → 0.33 s (1 : 1); the double integrator
 * (p : v = 1 : 2.5) and the Dubins car (heading last, 1.6× the others) pick their last axis
 * either way.
 */
export function lineAxis(disc: Discretization, sys: LinearSystem): number {
  const { n, d, stencil } = disc;
  const slots = stencil.slots;
  const sums = new Float64Array(d);
  for (let p = 0; p < n; p++) {
    const b = p * slots;
    for (let k = 0; k < d; k++) sums[k] += sys.w[b + 2 * k] + sys.w[b + 2 * k + 1];
  }
  let best = d - 1;
  for (let k = d - 2; k >= 0; k--) if (sums[k] > sums[best]) best = k;
  return sums[best] > 2 * sums[d - 1] ? best : d - 1;
}
