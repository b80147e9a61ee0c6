/**
 * Sample-quality metrics against held-out data (docs/numerics.md, "Diffusion"):
 * - sliced Wasserstein-2: the root mean over directions of the exact 1-D W2² between the
 *   projected empirical distributions (evenly spaced directions in 2-D, seeded random unit
 *   vectors in 3-D and up, the axis in 1-D);
 * - MMD²: the unbiased U-statistic with the multi-bandwidth Gaussian kernel
 *   Σ_h exp(−|x−y|²/(2h²)), h ∈ {ℓ/8, ℓ/4, ℓ/2, ℓ}, ℓ the reference set's RMS spread per
 *   coordinate, so the kernel follows the data's scale;
 * - the score's relative L2 error sqrt(E|s_θ − s|² / E|s|²) for x ~ p_s.
 */
import { Random } from '../../sim/random';
import type { BatchField } from '../solver';
import type { PointSet } from './data';
import type { ExactReference } from './exact';

const DIRECTIONS = 256;

/** Unit directions for slicing (d × L, direction-major). */
function directions(d: number, count: number, seed: number): Float64Array {
  if (d === 1) return Float64Array.of(1);
  const out = new Float64Array(d * count);
  if (d === 2) {
    for (let l = 0; l < count; l++) {
      out[2 * l] = Math.cos((Math.PI * l) / count);
      out[2 * l + 1] = Math.sin((Math.PI * l) / count);
    }
    return out;
  }
  const rng = new Random(seed);
  for (let l = 0; l < count; l++) {
    let norm = 0;
    for (let i = 0; i < d; i++) {
      const z = rng.normal();
      out[l * d + i] = z;
      norm += z * z;
    }
    norm = Math.sqrt(norm);
    for (let i = 0; i < d; i++) out[l * d + i] /= norm;
  }
  return out;
}

/** W2² between two sorted samples of any sizes: ∫₀¹ (F⁻¹(u) − G⁻¹(u))² du over merged quantiles. */
export function w2SquaredSorted(a: Float64Array, b: Float64Array): number {
  const na = a.length;
  const nb = b.length;
  let i = 0;
  let j = 0;
  let u = 0;
  let sum = 0;
  while (i < na && j < nb) {
    const ua = (i + 1) / na;
    const ub = (j + 1) / nb;
    const next = Math.min(ua, ub);
    const diff = a[i] - b[j];
    sum += (next - u) * diff * diff;
    u = next;
    if (ua <= next) i++;
    if (ub <= next) j++;
  }
  return sum;
}

export function slicedW2(a: PointSet, b: PointSet, count = DIRECTIONS, seed = 1): number {
  const d = a.dim;
  const L = d === 1 ? 1 : count;
  const dirs = directions(d, L, seed);
  const pa = new Float64Array(a.n);
  const pb = new Float64Array(b.n);
  let total = 0;
  for (let l = 0; l < L; l++) {
    project(a, dirs, l, pa);
    project(b, dirs, l, pb);
    pa.sort();
    pb.sort();
    total += w2SquaredSorted(pa, pb);
  }
  return Math.sqrt(total / L);
}

function project(set: PointSet, dirs: Float64Array, l: number, out: Float64Array): void {
  const d = set.dim;
  out.fill(0);
  for (let i = 0; i < d; i++) {
    const w = dirs[l * d + i];
    const x = set.xs[i];
    for (let p = 0; p < set.n; p++) out[p] += w * x[p];
  }
}

/** RMS spread per coordinate, ℓ = sqrt(mean_i Var x_i). */
function spread(set: PointSet): number {
  let v = 0;
  for (const x of set.xs) {
    let m = 0;
    for (let p = 0; p < set.n; p++) m += x[p];
    m /= set.n;
    for (let p = 0; p < set.n; p++) v += (x[p] - m) ** 2;
  }
  return Math.sqrt(v / (set.n * set.dim)) || 1;
}

/** Σ over pairs of the four-bandwidth kernel; same = true skips i = j (U-statistic). */
function kernelSum(a: PointSet, b: PointSet, ell: number, same: boolean): number {
  const d = a.dim;
  // One exp per pair: the bandwidths halve, so their kernels are e, e⁴, e¹⁶, e⁶⁴ of e = exp(−r²/2ℓ²).
  const c = 1 / (2 * ell * ell);
  let total = 0;
  for (let p = 0; p < a.n; p++) {
    for (let q = same ? p + 1 : 0; q < b.n; q++) {
      let r2 = 0;
      for (let i = 0; i < d; i++) {
        const z = a.xs[i][p] - b.xs[i][q];
        r2 += z * z;
      }
      const e1 = Math.exp(-c * r2);
      const e4 = e1 * e1 * (e1 * e1);
      const e16 = e4 * e4 * (e4 * e4);
      const e64 = e16 * e16 * (e16 * e16);
      total += e1 + e4 + e16 + e64;
    }
  }
  return same ? 2 * total : total;
}

/** Unbiased MMD² between a (generated) and b (reference), kernel scale from b. */
export function mmd2(a: PointSet, b: PointSet): number {
  const ell = spread(b);
  const kaa = kernelSum(a, a, ell, true) / (a.n * (a.n - 1));
  const kbb = kernelSum(b, b, ell, true) / (b.n * (b.n - 1));
  const kab = kernelSum(a, b, ell, false) / (a.n * b.n);
  return kaa + kbb - 2 * kab;
}

export interface ScoreError {
  s: number;
  error: number;
}

/**
 * Relative L2 error of a control's implied score u(x, T−s)/σ(s) against the exact score,
 * with n samples of p_s per time.
 */
export function scoreError(
  ref: ExactReference,
  control: BatchField,
  times: readonly number[],
  n: number,
  seed: number,
): ScoreError[] {
  const d = ref.data.dim;
  const T = ref.forward.horizon;
  const rng = new Random(seed);
  const xs = Array.from({ length: d }, () => new Float64Array(n));
  const exact = Array.from({ length: d }, () => new Float64Array(n));
  const got = Array.from({ length: d }, () => new Float64Array(n));
  return times.map((s) => {
    ref.sample(s, rng, xs, n);
    ref.score(xs, s, exact, n);
    control(xs, T - s, got, n);
    const sig = ref.forward.sigma(s);
    let num = 0;
    let den = 0;
    for (let i = 0; i < d; i++)
      for (let p = 0; p < n; p++) {
        const e = exact[i][p];
        num += (got[i][p] / sig - e) ** 2;
        den += e * e;
      }
    return { s, error: Math.sqrt(num / den) };
  });
}
