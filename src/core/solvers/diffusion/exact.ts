/**
 * The exact reference of a diffusion problem whose data is a Gaussian mixture and whose
 * forward SDE has a linear marginal kernel: p_s is a mixture, so V(x, t) = −log p_{T−t}(x),
 * the score ∇log p_s and the optimal control u*(x, t) = σ(T−t)·∇log p_{T−t}(x) are exact
 * at any point (docs/numerics.md, "Diffusion"). Times: s is the forward (noising) time,
 * t = T − s the control time.
 */
import type { DiffusionProblem } from '../../problem/types';
import type { Random } from '../../sim/random';
import type { BatchField } from '../solver';
import type { ForwardProcess, LinearMarginal } from './forward';
import type { GaussianMixture } from './mixture';
import { MixtureScratch, evalMixture, gaussianMixture, pushForward, sampleMixture } from './mixture';

export interface ExactReference {
  readonly forward: ForwardProcess;
  readonly data: GaussianMixture;
  /** p_s as a mixture. */
  marginal(s: number): GaussianMixture;
  logDensity(xs: readonly Float64Array[], s: number, out: Float64Array, n: number): void;
  score(xs: readonly Float64Array[], s: number, out: Float64Array[], n: number): void;
  /** V(x, t) = −log p_{T−t}(x), control time t. */
  readonly value: BatchField;
  /** u*(x, t) = σ(T−t) ∇log p_{T−t}(x), control time t. */
  readonly control: BatchField;
  /** n samples of p_s. */
  sample(s: number, rng: Random, xs: Float64Array[], n: number): void;
}

/** Why a problem has no exact reference, or null when it has one. */
export function exactUnavailable(problem: DiffusionProblem, forward: ForwardProcess): string | null {
  if (problem.data.type !== 'mixture') return 'the data is not a Gaussian mixture';
  if (!forward.linear) return 'the forward drift is not linear (f = a(t)·x)';
  return null;
}

export function exactReference(problem: DiffusionProblem, forward: ForwardProcess): ExactReference | null {
  const data = problem.data;
  const linear = forward.linear;
  if (data.type !== 'mixture' || !linear) return null;
  return mixtureReference(gaussianMixture(data.weights, data.means, data.covariances), forward, linear);
}

export function mixtureReference(
  data: GaussianMixture,
  forward: ForwardProcess,
  linear: LinearMarginal,
): ExactReference {
  const T = forward.horizon;
  // The last marginal asked for is kept: samplers and metrics query one time for many points.
  let lastS = NaN;
  let last: GaussianMixture = data;
  let scratch = new MixtureScratch(data);
  const marginal = (s: number): GaussianMixture => {
    if (s !== lastS) {
      last = s === 0 ? data : pushForward(data, linear.alpha(s), linear.noiseVar(s));
      lastS = s;
      scratch = new MixtureScratch(last);
    }
    return last;
  };
  const logDensity = (xs: readonly Float64Array[], s: number, out: Float64Array, n: number): void =>
    evalMixture(marginal(s), xs, n, out, null, scratch);
  const score = (xs: readonly Float64Array[], s: number, out: Float64Array[], n: number): void =>
    evalMixture(marginal(s), xs, n, null, out, scratch);
  return {
    forward,
    data,
    marginal,
    logDensity,
    score,
    value(xs, t, out, n) {
      logDensity(xs, Math.max(0, T - t), out[0], n);
      const o = out[0];
      for (let p = 0; p < n; p++) o[p] = -o[p];
    },
    control(xs, t, out, n) {
      const s = Math.max(0, T - t);
      score(xs, s, out, n);
      const sig = forward.sigma(s);
      for (const o of out) for (let p = 0; p < n; p++) o[p] *= sig;
    },
    sample(s, rng, xs, n) {
      sampleMixture(marginal(s), rng, xs, n);
    },
  };
}
