/**
 * The trained control: a time-conditioned MLP (src/core/nn) in the ε-parametrisation.
 * With x_s = α(s) y + √v(s) z, the optimal control is u*(x, t) = σ(s)∇log p_s(x)... scaled
 * to unit size: the network predicts ε̂(x, s) ≈ E[z | x_s = x], the score is −ε̂/√v(s), and
 * the control is u = σ(s)·score (docs/numerics.md, "Diffusion").
 *
 * Inputs: the point standardised by the moment-matched Gaussian of p_s,
 * (x − α m)/√(α² var + v) (m, var: the data's mean and variance per coordinate), and a
 * time embedding of u = s/T: u itself and sin, cos of π·2^k·u, k < `frequencies`; and
 * random Fourier features sin, cos(w_j·x̂) of the standardised point x̂ (fixed Gaussian w_j,
 * Tancik et al. 2020), which let a small network resolve modes much narrower than the data.
 * Output: ε̂ = ε_G(x, s) + net, where ε_G is the exact ε of that Gaussian, so the network
 * learns only what is not Gaussian in p_s.
 */
import type { Mlp } from '../../nn';
import { Float32Forward, ForwardScratch, forward } from '../../nn';
import type { BatchField } from '../solver';
import type { LinearMarginal } from './forward';

export interface ScoreNet {
  readonly net: Mlp;
  readonly dim: number;
  readonly horizon: number;
  readonly frequencies: number;
  /** Fourier directions, feature-major (fourier × dim); empty for none. */
  readonly fourier: Float64Array;
  /** The data's mean and variance per coordinate (the standardisation). */
  readonly mean: Float64Array;
  readonly variance: Float64Array;
}

export function inputCount(sn: Pick<ScoreNet, 'dim' | 'frequencies' | 'fourier'>): number {
  return sn.dim + 1 + 2 * sn.frequencies + (2 * sn.fourier.length) / sn.dim;
}

/** Per-time constants of the inputs and of the Gaussian baseline. */
export interface TimeTerms {
  alpha: number;
  /** √v(s). */
  std: number;
  /** 1/√(α² var_i + v) per coordinate. */
  cIn: Float64Array;
}

export function timeTerms(sn: ScoreNet, linear: LinearMarginal, s: number, out?: TimeTerms): TimeTerms {
  const alpha = linear.alpha(s);
  const v = linear.noiseVar(s);
  const t = out ?? { alpha, std: 0, cIn: new Float64Array(sn.dim) };
  t.alpha = alpha;
  t.std = Math.sqrt(v);
  for (let i = 0; i < sn.dim; i++) t.cIn[i] = 1 / Math.sqrt(alpha * alpha * sn.variance[i] + v);
  return t;
}

/** Writes the time embedding of s (1 + 2·frequencies values) at X[o…]. */
export function writeTimeEmbedding(sn: ScoreNet, s: number, X: Float64Array, o: number): void {
  const u = s / sn.horizon;
  X[o] = u;
  for (let k = 0; k < sn.frequencies; k++) {
    const a = Math.PI * (1 << k) * u;
    X[o + 1 + 2 * k] = Math.sin(a);
    X[o + 2 + 2 * k] = Math.cos(a);
  }
}

/**
 * Writes the point's part of input row `row` (standardised coordinates, Fourier features);
 * the time embedding between them is the caller's (writeTimeEmbedding).
 */
export function writePointInputs(
  sn: ScoreNet,
  terms: TimeTerms,
  x: ArrayLike<number>,
  X: Float64Array,
  row: number,
): void {
  const d = sn.dim;
  const o = row * inputCount(sn);
  for (let i = 0; i < d; i++) X[o + i] = (x[i] - terms.alpha * sn.mean[i]) * terms.cIn[i];
  const F = sn.fourier;
  const m = F.length / d;
  const base = o + d + 1 + 2 * sn.frequencies;
  for (let j = 0; j < m; j++) {
    let a = 0;
    for (let i = 0; i < d; i++) a += F[j * d + i] * X[o + i];
    X[base + 2 * j] = Math.sin(a);
    X[base + 2 * j + 1] = Math.cos(a);
  }
}

/** Writes the whole input row of one point at time s. */
export function writeInputs(
  sn: ScoreNet,
  terms: TimeTerms,
  s: number,
  x: ArrayLike<number>,
  X: Float64Array,
  row: number,
): void {
  writePointInputs(sn, terms, x, X, row);
  writeTimeEmbedding(sn, s, X, row * inputCount(sn) + sn.dim);
}

/** ε of the moment-matched Gaussian: √v·(x − α m)/(α² var + v) = √v·c_in²·(x − α m). */
export function gaussianEps(sn: ScoreNet, terms: TimeTerms, i: number, xi: number): number {
  const c = terms.cIn[i];
  return terms.std * c * c * (xi - terms.alpha * sn.mean[i]);
}

/**
 * The trained control u(x, t) = −σ(s)·ε̂(x, s)/√v(s), s = T − t, as a batch field. Buffers
 * are kept between calls and grown on demand. The network runs in float32 where the runtime
 * has WebAssembly SIMD (3.6× faster than float64 for 4096 rows of the 3×128 network, outputs
 * within 4·10⁻⁷ relative; docs/numerics.md, "Sampling"); the network is read once, here.
 */
export function scoreNetControl(
  sn: ScoreNet,
  linear: LinearMarginal,
  sigma: (s: number) => number,
  precision: 'f32' | 'f64' = 'f32',
): BatchField {
  const d = sn.dim;
  const nin = inputCount(sn);
  const scratch = new ForwardScratch();
  const f32 = precision === 'f32' ? Float32Forward.create(sn.net) : null;
  let X = new Float64Array(0);
  let Y = new Float64Array(0);
  const x = new Float64Array(d);
  let terms: TimeTerms | undefined;
  return (xs, t, out, n) => {
    const s = Math.max(sn.horizon - t, 0);
    terms = timeTerms(sn, linear, s, terms);
    if (X.length < n * nin) {
      X = new Float64Array(n * nin);
      Y = new Float64Array(n * d);
    }
    // One time for the whole batch: its embedding is computed once and copied.
    const e0 = d;
    const e1 = d + 1 + 2 * sn.frequencies;
    writeTimeEmbedding(sn, s, X, e0);
    for (let p = 0; p < n; p++) {
      for (let i = 0; i < d; i++) x[i] = xs[i][p];
      writePointInputs(sn, terms, x, X, p);
      if (p > 0) X.copyWithin(p * nin + e0, e0, e1);
    }
    if (f32) f32.forward(X, n, Y);
    else forward(sn.net, X, n, Y, scratch);
    const c = -sigma(s) / terms.std;
    for (let i = 0; i < d; i++) {
      const o = out[i];
      const xi = xs[i];
      for (let p = 0; p < n; p++) o[p] = c * (Y[p * d + i] + gaussianEps(sn, terms, i, xi[p]));
    }
  };
}
