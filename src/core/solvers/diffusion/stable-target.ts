/**
 * The "stable target" of denoising score matching (Xu et al. 2023; docs/numerics.md §15.5):
 * for rows x_s = α y + √v z, the posterior mean of z given x_s under the empirical data of a
 * reference set of R points, ε* = Σ_j w_j (x_s − α y_j)/√v with w_j ∝ exp(−|x_s − α y_j|²/2v).
 *
 * The weights of a block of rows are two dense products (the SIMD kernels of src/core/nn):
 * the log-weights as [a x, b, −l_own]·[y_j, |y_j|², 1] with a = α/v, b = −α²/2v (the row's
 * constant drops out of the softmax; l_own is the row's own reference point's), and the sums Σ w_j (y_j, 1) as the weights times [y; 1]. The
 * scalar loops this replaces took a quarter of a training step on the ring (d = 2,
 * B = R = 512, 3×64 net); the products cut the step from 17.7 to 13.8 ms (load 8).
 */
import { affineForward, expInto } from '../../nn';

/** Doubles of the weight block: 2 MB however large R is. */
const BLOCK_DOUBLES = 1 << 18;

export class StableTarget {
  /** Per row: its log-weight coefficients [a x, b, −l_own]. */
  private readonly coef: Float64Array;
  /** The reference set as [y_j, |y_j|², 1] rows (R × (d+2)) and as [y; 1] ((d+1) × R). */
  private readonly yRows: Float64Array;
  private readonly yCols: Float64Array;
  /** Weights of a block of rows (block × R), their sums Σ w_j (y_j, 1), zero biases. */
  private readonly w: Float64Array;
  private readonly sums: Float64Array;
  private readonly zeros: Float64Array;
  private readonly block: number;

  /** For up to `rows` rows of dimension d against R reference points. */
  constructor(
    private readonly d: number,
    private readonly rows: number,
    private readonly R: number,
  ) {
    const e = d + 1;
    this.coef = new Float64Array(rows * (e + 1));
    this.yRows = new Float64Array(R * (e + 1));
    this.yCols = new Float64Array(e * R);
    this.yCols.fill(1, d * R);
    this.block = Math.max(4, Math.min(rows, Math.floor(BLOCK_DOUBLES / R) & ~3));
    this.w = new Float64Array(this.block * R);
    this.sums = new Float64Array(this.block * e);
    this.zeros = new Float64Array(Math.max(R, e));
  }

  /**
   * ε* (n × d, row-major) of the rows x (n × d) with their α and √v, against the reference
   * points y (one array per coordinate, the first R entries). Row p is expected to be noised
   * from reference point p mod R (as the trainer's are): the softmax is then shifted by that
   * point's own log-weight, which is within |z|²/2 of the largest, so no row needs a pass for
   * its maximum (which took a tenth of a float32 training step on the ring). A row that does
   * not fit is redone with its maximum, so any rows give the right target.
   */
  compute(
    y: readonly Float64Array[],
    x: Float64Array,
    alpha: Float64Array,
    std: Float64Array,
    n: number,
    out: Float64Array,
  ): void {
    const { d, R, coef, yRows, yCols, w, sums, zeros } = this;
    if (n > this.rows) throw new RangeError(`stable target: ${n} rows, room for ${this.rows}`);
    const e = d + 1;
    const f = d + 2;
    for (let j = 0; j < R; j++) {
      let q = 0;
      for (let i = 0; i < d; i++) {
        const v = (yRows[j * f + i] = y[i][j]);
        q += v * v;
      }
      yRows[j * f + d] = q;
      yRows[j * f + e] = 1;
    }
    for (let i = 0; i < d; i++) yCols.set(y[i].subarray(0, R), i * R);
    for (let p = 0; p < n; p++) {
      const a = alpha[p];
      const v = std[p] * std[p];
      const own = p % R;
      let l = 0;
      for (let i = 0; i < d; i++) {
        const c = (coef[p * f + i] = (a / v) * x[p * d + i]);
        l += c * yRows[own * f + i];
      }
      const b = (coef[p * f + d] = (-a * a) / (2 * v));
      coef[p * f + e] = -(l + b * yRows[own * f + d]);
    }
    for (let p0 = 0; p0 < n; p0 += this.block) {
      const m = Math.min(this.block, n - p0);
      affineForward(yRows, 0, zeros, 0, coef.subarray(p0 * f, (p0 + m) * f), w, m, f, R);
      expInto(w, w, m * R, 'weights');
      affineForward(yCols, 0, zeros, 0, w, sums, m, R, e);
      for (let p = 0; p < m; p++) {
        const z = sums[p * e + d];
        // The own weight is e⁰ = 1, and the others at most e^(|z|²/2) each: a sum outside these
        // bounds means a shifted log-weight fell outside the exponential's clamp at ±708.
        if (!(z >= 0.5 && z <= 1e250)) this.redo(p, p0 + p, f, sums.subarray(p * e, (p + 1) * e), coef);
      }
      for (let p = 0; p < m; p++) {
        const a = alpha[p0 + p];
        const sd = std[p0 + p];
        const z = sums[p * e + d];
        for (let i = 0; i < d; i++) {
          const q = (p0 + p) * d + i;
          out[q] = (x[q] - (a * sums[p * e + i]) / z) / sd;
        }
      }
    }
  }

  /** Row `row`'s sums Σ w_j (y_j, 1) with its maximum subtracted, in plain loops. */
  private redo(local: number, row: number, f: number, into: Float64Array, coef: Float64Array): void {
    const { d, R, yRows, w } = this;
    const o = local * R;
    let best = -Infinity;
    for (let j = 0; j < R; j++) {
      let l = 0;
      for (let i = 0; i <= d; i++) l += coef[row * f + i] * yRows[j * f + i];
      w[o + j] = l;
      if (l > best) best = l;
    }
    into.fill(0);
    for (let j = 0; j < R; j++) {
      const wj = Math.exp(w[o + j] - best);
      for (let i = 0; i < d; i++) into[i] += wj * yRows[j * f + i];
      into[d] += wj;
    }
  }
}
