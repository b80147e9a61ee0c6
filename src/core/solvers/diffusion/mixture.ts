/**
 * Gaussian mixtures Σ_k w_k N(m_k, C_k): log density and score at many points at once
 * (structure of arrays), exact samples, and the push-forward through a linear marginal
 * kernel N(α y, v I), which is again a mixture with means α m_k and covariances
 * α² C_k + v I (docs/numerics.md, "Diffusion").
 */
import type { Random } from '../../sim/random';
import { SolverError } from '../problem';

export interface GaussianMixture {
  readonly dim: number;
  readonly count: number;
  readonly weights: Float64Array;
  /** Means, component-major: means[k·d + i]. */
  readonly means: Float64Array;
  /** Covariances, row-major per component: cov[k·d² + i·d + j]. */
  readonly cov: Float64Array;
  /** Lower Cholesky factors of the covariances (same layout). */
  readonly chol: Float64Array;
  /** Precisions C_k⁻¹ (same layout). */
  readonly prec: Float64Array;
  /** log w_k − ½ log det(2π C_k). */
  readonly logNorm: Float64Array;
}

export function gaussianMixture(
  weights: readonly number[],
  means: readonly (readonly number[])[],
  covariances: readonly (readonly (readonly number[])[])[],
): GaussianMixture {
  const K = weights.length;
  const d = means[0].length;
  const cov = new Float64Array(K * d * d);
  for (let k = 0; k < K; k++)
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) cov[k * d * d + i * d + j] = covariances[k][i][j];
  const total = weights.reduce((a, b) => a + b, 0);
  return build(
    d,
    Float64Array.from(weights, (w) => w / total),
    Float64Array.from(means.flat()),
    cov,
  );
}

/** The mixture of α·Y + √v·Z, Y from `mix`, Z standard normal. */
export function pushForward(mix: GaussianMixture, alpha: number, noiseVar: number): GaussianMixture {
  const d = mix.dim;
  const cov = new Float64Array(mix.cov.length);
  for (let k = 0; k < mix.count; k++)
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        const q = k * d * d + i * d + j;
        cov[q] = alpha * alpha * mix.cov[q] + (i === j ? noiseVar : 0);
      }
  return build(
    d,
    mix.weights,
    Float64Array.from(mix.means, (m) => alpha * m),
    cov,
  );
}

function build(d: number, weights: Float64Array, means: Float64Array, cov: Float64Array): GaussianMixture {
  const K = weights.length;
  const chol = new Float64Array(K * d * d);
  const prec = new Float64Array(K * d * d);
  const logNorm = new Float64Array(K);
  const inv = new Float64Array(d * d);
  for (let k = 0; k < K; k++) {
    const o = k * d * d;
    let logDet = 0;
    for (let i = 0; i < d; i++)
      for (let j = 0; j <= i; j++) {
        let s = cov[o + i * d + j];
        for (let l = 0; l < j; l++) s -= chol[o + i * d + l] * chol[o + j * d + l];
        if (i === j) {
          if (!(s > 0)) throw new SolverError(`mixture component ${k} has a singular covariance`);
          chol[o + i * d + i] = Math.sqrt(s);
          logDet += Math.log(s);
        } else chol[o + i * d + j] = s / chol[o + j * d + j];
      }
    // L⁻¹ by forward substitution, then C⁻¹ = L⁻ᵀ L⁻¹.
    inv.fill(0);
    for (let c = 0; c < d; c++)
      for (let i = c; i < d; i++) {
        let s = i === c ? 1 : 0;
        for (let l = c; l < i; l++) s -= chol[o + i * d + l] * inv[l * d + c];
        inv[i * d + c] = s / chol[o + i * d + i];
      }
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let l = Math.max(i, j); l < d; l++) s += inv[l * d + i] * inv[l * d + j];
        prec[o + i * d + j] = s;
      }
    logNorm[k] = Math.log(weights[k]) - 0.5 * (logDet + d * Math.log(2 * Math.PI));
  }
  return { dim: d, count: K, weights, means, cov, chol, prec, logNorm };
}

/** Scratch sized for one mixture, reused across calls (no allocation per point). */
export class MixtureScratch {
  readonly logits: Float64Array;
  readonly diff: Float64Array;
  readonly pdiff: Float64Array;
  constructor(mix: GaussianMixture) {
    this.logits = new Float64Array(mix.count);
    this.diff = new Float64Array(mix.count * mix.dim);
    this.pdiff = new Float64Array(mix.count * mix.dim);
  }
}

/**
 * log p at n points into `logp` (when given) and the score ∇log p = Σ_k r_k C_k⁻¹(m_k − x)
 * into `score` (when given), with responsibilities r_k by a stable log-sum-exp.
 */
export function evalMixture(
  mix: GaussianMixture,
  xs: readonly Float64Array[],
  n: number,
  logp: Float64Array | null,
  score: Float64Array[] | null,
  scratch: MixtureScratch = new MixtureScratch(mix),
): void {
  const { dim: d, count: K, means, prec, logNorm } = mix;
  const { logits, diff, pdiff } = scratch;
  for (let p = 0; p < n; p++) {
    let best = -Infinity;
    for (let k = 0; k < K; k++) {
      for (let i = 0; i < d; i++) diff[k * d + i] = means[k * d + i] - xs[i][p];
      let q = 0;
      const o = k * d * d;
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += prec[o + i * d + j] * diff[k * d + j];
        pdiff[k * d + i] = s;
        q += diff[k * d + i] * s;
      }
      const l = logNorm[k] - 0.5 * q;
      logits[k] = l;
      if (l > best) best = l;
    }
    let z = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp(logits[k] - best);
      logits[k] = e;
      z += e;
    }
    if (logp) logp[p] = best + Math.log(z);
    if (score)
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += logits[k] * pdiff[k * d + i];
        score[i][p] = s / z;
      }
  }
}

/** n exact samples into xs (structure of arrays). */
export function sampleMixture(mix: GaussianMixture, rng: Random, xs: Float64Array[], n: number): void {
  const { dim: d, count: K, weights, means, chol } = mix;
  const z = new Float64Array(d);
  for (let p = 0; p < n; p++) {
    let u = rng.uniform();
    let k = 0;
    while (k < K - 1 && u >= weights[k]) u -= weights[k++];
    for (let i = 0; i < d; i++) z[i] = rng.normal();
    const o = k * d * d;
    for (let i = 0; i < d; i++) {
      let s = means[k * d + i];
      for (let j = 0; j <= i; j++) s += chol[o + i * d + j] * z[j];
      xs[i][p] = s;
    }
  }
}
