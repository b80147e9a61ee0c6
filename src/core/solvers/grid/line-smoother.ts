/**
 * Line Gauss–Seidel on a tensor grid, the smoother of the multigrid (multigrid.ts): the
 * nodes of one grid line along the chosen axis are solved together (a tridiagonal system,
 * Thomas algorithm), the couplings to other lines taken from the current iterate, line
 * after line in row-major order of the other axes, forward or backward.
 *
 * Why lines: the upwind generator of a controlled diffusion is strongly anisotropic — the
 * noise and the control act along some axes (the double integrator: v, where the rates
 * are |u|/h + σ²/h², against |v|/h along p) — and a point smoother (ILU(0), Gauss–Seidel)
 * leaves the error smooth across those couplings but rough along them. Solving along a
 * strongly coupled axis exactly (lineAxis in multigrid.ts picks it), and sweeping forward
 * then backward so that the transport along the other axes follows its characteristics in
 * one of the two sweeps, measured on the examples at their default grids (whole solve,
 * GMRES preconditioned by the V-cycle):
 * double integrator 201² 0.59 → 0.26 s, minimum time 1.23 → 0.37 s, mountain car
 * 0.78 → 0.38 s against ILU(0) smoothing.
 *
 * A coupling along the line that wraps around a periodic axis is not part of the
 * tridiagonal system; it is taken from the iterate like the couplings to other lines.
 */
import type { Csr } from './csr';

export class LineSmoother {
  /** Nodes per line and the index distance between neighbours on a line. */
  readonly length: number;
  readonly stride: number;
  /** CSR positions of the in-line lower and upper neighbour of each node (−1: none). */
  private readonly lowerPos: Int32Array;
  private readonly upperPos: Int32Array;
  /** Off-line entries of each row: CSR positions offPos[offStart[i]…offStart[i+1]−1]. */
  private readonly offStart: Int32Array;
  private readonly offPos: Int32Array;
  private readonly offCol: Int32Array;
  /** Thomas factors of the current values: lower coefficient, c′ and 1/denominator. */
  private readonly lower: Float64Array;
  private readonly cPrime: Float64Array;
  private readonly invDen: Float64Array;
  /** First node of every line, in row-major order of the other axes. */
  private readonly bases: Int32Array;
  /**
   * The same lines with the first of the other axes reversed (null when fewer than two other
   * axes vary): sweeping it both ways too covers all four orderings of a plane of lines.
   */
  private readonly crossed: Int32Array | null;
  private readonly dPrime: Float64Array;

  constructor(
    private readonly A: Csr,
    shape: readonly number[],
    readonly axis: number,
  ) {
    const n = A.n;
    let stride = 1;
    for (let k = shape.length - 1; k > axis; k--) stride *= shape[k];
    const L = shape[axis];
    this.length = L;
    this.stride = stride;
    const block = L * stride;
    this.bases = new Int32Array(n / L);
    for (let q = 0, outer = 0; outer < n; outer += block)
      for (let inner = 0; inner < stride; inner++) this.bases[q++] = outer + inner;
    const others = shape.map((_, k) => k).filter((k) => k !== axis && shape[k] > 1);
    this.crossed = null;
    if (others.length >= 2) {
      const first = others[0];
      let firstStride = 1;
      for (let k = shape.length - 1; k > first; k--) firstStride *= shape[k];
      const m = shape[first];
      // Reverse the first other axis: line base b ↦ b + (m − 1 − 2·i)·stride_first.
      this.crossed = this.bases.map((b) => {
        const i = Math.trunc(b / firstStride) % m;
        return b + (m - 1 - 2 * i) * firstStride;
      });
    }
    const { rowStart, col, diagPos } = A;
    const lowerPos = new Int32Array(n).fill(-1);
    const upperPos = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      const t = Math.trunc(i / stride) % L;
      for (let kk = rowStart[i]; kk < rowStart[i + 1]; kk++) {
        const j = col[kk];
        if (t > 0 && j === i - stride) lowerPos[i] = kk;
        else if (t < L - 1 && j === i + stride) upperPos[i] = kk;
      }
    }
    // Every other off-diagonal entry couples to another line (or wraps around this one).
    const offStart = new Int32Array(n + 1);
    for (let i = 0; i < n; i++)
      offStart[i + 1] =
        offStart[i] +
        rowStart[i + 1] -
        rowStart[i] -
        1 -
        (lowerPos[i] >= 0 ? 1 : 0) -
        (upperPos[i] >= 0 ? 1 : 0);
    const offPos = new Int32Array(offStart[n]);
    const offCol = new Int32Array(offStart[n]);
    for (let i = 0, q = 0; i < n; i++) {
      for (let kk = rowStart[i]; kk < rowStart[i + 1]; kk++) {
        if (kk === diagPos[i] || kk === lowerPos[i] || kk === upperPos[i]) continue;
        offPos[q] = kk;
        offCol[q++] = col[kk];
      }
    }
    this.lowerPos = lowerPos;
    this.upperPos = upperPos;
    this.offStart = offStart;
    this.offPos = offPos;
    this.offCol = offCol;
    this.lower = new Float64Array(n);
    this.cPrime = new Float64Array(n);
    this.invDen = new Float64Array(n);
    this.dPrime = new Float64Array(L);
  }

  /**
   * Thomas factors of the current values of A. The matrices are M-matrices with
   * nonnegative row sums (diagonal ≥ the off-diagonal sum), so every denominator is ≥ the
   * shift and no pivoting is needed.
   */
  refresh(): void {
    const { a, diagPos } = this.A;
    const { lowerPos, upperPos, lower, cPrime, invDen, stride, length: L } = this;
    for (const base of this.bases) {
      let c = 0;
      for (let t = 0, i = base; t < L; t++, i += stride) {
        const lo = lowerPos[i] >= 0 ? a[lowerPos[i]] : 0;
        const up = upperPos[i] >= 0 ? a[upperPos[i]] : 0;
        const inv = 1 / (a[diagPos[i]] - lo * c);
        lower[i] = lo;
        invDen[i] = inv;
        c = up * inv;
        cPrime[i] = c;
      }
    }
  }

  /**
   * One sweep of line Gauss–Seidel on A z = r, in place; lines in order or in reverse, and
   * with `crossed` in the crossed order when there is one.
   */
  sweep(r: Float64Array, z: Float64Array, forward: boolean, crossed = false): void {
    const { a } = this.A;
    const { offStart, offPos, offCol, lower, cPrime, invDen, dPrime, stride, length: L } = this;
    const bases = crossed && this.crossed ? this.crossed : this.bases;
    const lines = bases.length;
    for (let q = 0; q < lines; q++) {
      const base = bases[forward ? q : lines - 1 - q];
      let d = 0;
      for (let t = 0, i = base; t < L; t++, i += stride) {
        let b = r[i];
        for (let kk = offStart[i], e = offStart[i + 1]; kk < e; kk++) b -= a[offPos[kk]] * z[offCol[kk]];
        d = (b - lower[i] * d) * invDen[i];
        dPrime[t] = d;
      }
      let next = 0;
      for (let t = L - 1, i = base + t * stride; t >= 0; t--, i -= stride) {
        next = dPrime[t] - cPrime[i] * next;
        z[i] = next;
      }
    }
  }
}
