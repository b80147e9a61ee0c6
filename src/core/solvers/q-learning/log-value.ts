/**
 * A value in relative terms, V(x) = s·exp(a polynomial in each encoded state coordinate),
 * fitted to Monte-Carlo returns by least squares of log|G| (docs/numerics.md §14.5). For
 * values that span decades: its log-slope, which sets the improved action, is smooth and
 * pooled over every return.
 *
 * Why not the value net: on Merton its refit is within ±7 % of the level across the middle,
 * but its local log-slope wanders, and the held-window advantages took that slope for the
 * action's effect (the first improvement step went to π = 0.23 and k at its bound; with
 * the exact value, π = 0.62–0.64).
 */
import { choleskySolve } from '../../nn';
import type { ValueOf } from './windows';

/**
 * Powers of each encoded state coordinate in log|V|: enough to bend near the box's faces
 * (Merton's floor) without tilting the middle. Merton, seed 1, the first policy (its value
 * on the unbounded line 1.095 V*): 0.88–0.99 V* across the middle.
 */
const DEGREE = 4;
/** Relative standard error below which the level's smearing factor is applied. */
const SMEAR_ERROR = 0.05;

export class LogValue implements ValueOf {
  private constructor(
    private readonly zd: number,
    private readonly sign: number,
    private readonly c: Float64Array,
  ) {}

  values(z: Float64Array, n: number, out: Float64Array): Float64Array {
    const f = new Float64Array(this.c.length);
    for (let p = 0; p < n; p++) {
      features(z, p * this.zd, this.zd, f);
      let s = 0;
      for (let i = 0; i < f.length; i++) s += f[i] * this.c[i];
      out[p] = this.sign * Math.exp(s);
    }
    return out;
  }

  /**
   * Fits log|G| by least squares, G the returns at encoded states z (n rows) of the
   * majority's sign; null when there is no fit. The log fit is low by about half the
   * returns' log-variance; Gauss–Newton steps on the relative error Σ (|G|e^{−f} − 1)²
   * were worse (Merton, seed 1: 1.66–1.84 V* instead of 0.88–0.99 for the first policy's
   * 1.095; 1.49–1.85 with a quadratic): a few large returns dominate them.
   */
  static fit(z: Float64Array, G: Float64Array, n: number, zd: number): LogValue | null {
    let pos = 0;
    for (let p = 0; p < n; p++) if (G[p] > 0) pos++;
    const sign = 2 * pos >= n ? 1 : -1;
    const k = 1 + DEGREE * zd;
    const f = new Float64Array(k);
    const A = new Float64Array(k * k);
    const B = new Float64Array(k);
    const use = (p: number) => Math.sign(G[p]) === sign && Number.isFinite(G[p]);
    // log|G| by least squares.
    for (let p = 0; p < n; p++) {
      if (!use(p)) continue;
      features(z, p * zd, zd, f);
      const y = Math.log(Math.abs(G[p]));
      accumulate(A, B, f, k, y);
    }
    if (!solve(A, B, k)) return null;
    // The level: log|G| scatters about log|V|, and its mean lies under log|V| by about half
    // its variance (the returns are roughly log-normal). The smearing factor, the mean of
    // e^{residual}, puts the level back without assuming the scatter's shape — when it is
    // itself measured to SMEAR_ERROR: for a risky first policy a few returns dominate it
    // (Merton γ = 5: a factor 10¹⁵, whose bootstrap then bent the next rounds' values).
    let s1 = 0;
    let s2 = 0;
    let m = 0;
    for (let p = 0; p < n; p++) {
      if (!use(p)) continue;
      features(z, p * zd, zd, f);
      let fit = 0;
      for (let i = 0; i < k; i++) fit += f[i] * B[i];
      const e = Math.exp(Math.log(Math.abs(G[p])) - fit);
      s1 += e;
      s2 += e * e;
      m++;
    }
    const smear = s1 / m;
    const error = Math.sqrt(Math.max(0, s2 / m - smear * smear) / m) / smear;
    if (m > 1 && error < SMEAR_ERROR) B[0] += Math.log(smear);
    return new LogValue(zd, sign, B);
  }
}

/** (1, z_i, …, z_i^DEGREE) for each encoded state coordinate. */
function features(z: Float64Array, at: number, zd: number, out: Float64Array): void {
  out[0] = 1;
  let f = 1;
  for (let i = 0; i < zd; i++) {
    let pw = 1;
    for (let d = 0; d < DEGREE; d++) out[f++] = pw *= z[at + i];
  }
}

function accumulate(A: Float64Array, B: Float64Array, f: Float64Array, k: number, y: number): void {
  for (let i = 0; i < k; i++) {
    const wi = f[i];
    for (let j = 0; j <= i; j++) A[i * k + j] += wi * f[j];
    B[i] += wi * y;
  }
}

/** Solves the lower-triangle-filled normal equations in place (B ← solution). */
function solve(A: Float64Array, B: Float64Array, k: number): boolean {
  let trace = 0;
  for (let i = 0; i < k; i++) {
    trace += A[i * k + i];
    for (let j = 0; j < i; j++) A[j * k + i] = A[i * k + j];
  }
  for (let i = 0; i < k; i++) A[i * k + i] += (1e-12 * trace) / k;
  return trace > 0 && choleskySolve(A, B, k, 1);
}
