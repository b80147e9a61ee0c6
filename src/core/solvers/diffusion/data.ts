/**
 * Where samples come from: the data distribution p_data of a diffusion problem (a
 * mixture, a built-in toy set, the user's points) and the start distribution p_T of the
 * samplers. A toy set of `count` points is drawn once with a fixed seed, like a user's
 * point set; held-out data for the metrics are fresh draws from the same generator
 * (mixtures, toys) or a held-out fifth of the user's points.
 */
import type { DiffusionProblem } from '../../problem/types';
import { Random } from '../../sim/random';
import { SolverError } from '../problem';
import type { ForwardProcess } from './forward';
import type { GaussianMixture } from './mixture';
import { MixtureScratch, evalMixture, gaussianMixture, sampleMixture } from './mixture';
import { TOY_SEED, sampleToy } from './toy';

export interface PointSet {
  readonly dim: number;
  readonly n: number;
  /** Coordinates, structure of arrays. */
  readonly xs: Float64Array[];
}

export interface DataSource {
  readonly dim: number;
  /** The data's Gaussian mixture, when it is one. */
  readonly mixture: GaussianMixture | null;
  /** n training samples of p_data into xs. */
  sample(rng: Random, xs: Float64Array[], n: number): void;
  /** A held-out set of n points (never seen by `sample`); null when the data has too few points. */
  heldOut(n: number, seed: number): PointSet | null;
  /** Mean and variance per coordinate. */
  readonly mean: Float64Array;
  readonly variance: Float64Array;
}

export function dataSource(problem: DiffusionProblem): DataSource {
  const { data, dim } = problem;
  if (data.type === 'mixture') {
    const mix = gaussianMixture(data.weights, data.means, data.covariances);
    const draw = (rng: Random, xs: Float64Array[], n: number) => sampleMixture(mix, rng, xs, n);
    return withMoments(dim, mix, draw, (n, seed) => drawSet(dim, n, seed, draw));
  }
  if (data.type === 'toy') {
    const name = data.name;
    const set = drawSet(dim, data.count, TOY_SEED, (rng, xs, n) => sampleToy(name, rng, xs, n));
    return withMoments(dim, null, resampler(set), (n, seed) =>
      drawSet(dim, n, seed ^ 0x5bd1e995, (rng, xs, m) => sampleToy(name, rng, xs, m)),
    );
  }
  if (data.type === 'points') {
    // A fixed shuffle: the first four fifths train, the last fifth is held out.
    const pts = data.points;
    const order = Array.from(pts, (_, i) => i);
    const rng = new Random(TOY_SEED);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng.uniform() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const nHeld = pts.length >= 10 ? Math.floor(pts.length / 5) : 0;
    const pick = (idx: number[]): PointSet => ({
      dim,
      n: idx.length,
      xs: Array.from({ length: dim }, (_, i) => Float64Array.from(idx, (k) => pts[k][i])),
    });
    const train = pick(order.slice(0, pts.length - nHeld));
    const held = pick(order.slice(pts.length - nHeld));
    return withMoments(dim, null, resampler(train), (n) =>
      nHeld > 0 && n <= nHeld ? subset(held, n) : null,
    );
  }
  throw new SolverError(
    'this solver needs samples of the data: give a mixture, a toy set or points (a logDensity has no sampler)',
  );
}

function withMoments(
  dim: number,
  mixture: GaussianMixture | null,
  sample: DataSource['sample'],
  heldOut: DataSource['heldOut'],
): DataSource {
  const probe = drawSet(dim, 20000, 1, sample);
  const mean = new Float64Array(dim);
  const variance = new Float64Array(dim);
  for (let i = 0; i < dim; i++) {
    let m = 0;
    for (let p = 0; p < probe.n; p++) m += probe.xs[i][p];
    m /= probe.n;
    let v = 0;
    for (let p = 0; p < probe.n; p++) v += (probe.xs[i][p] - m) ** 2;
    mean[i] = m;
    variance[i] = v / (probe.n - 1);
  }
  return { dim, mixture, sample, heldOut, mean, variance };
}

function drawSet(
  dim: number,
  n: number,
  seed: number,
  sample: (rng: Random, xs: Float64Array[], n: number) => void,
): PointSet {
  const xs = Array.from({ length: dim }, () => new Float64Array(n));
  sample(new Random(seed), xs, n);
  return { dim, n, xs };
}

/** Uniform draws with replacement from a finite set. */
function resampler(set: PointSet): DataSource['sample'] {
  return (rng, xs, n) => {
    for (let p = 0; p < n; p++) {
      const k = Math.floor(rng.uniform() * set.n);
      for (let i = 0; i < set.dim; i++) xs[i][p] = set.xs[i][k];
    }
  };
}

function subset(set: PointSet, n: number): PointSet {
  return { dim: set.dim, n, xs: set.xs.map((x) => x.slice(0, n)) };
}

/**
 * Start particles from p_T: exact for a mixture under a linear forward SDE; the
 * moment-matched Gaussian N(α_T m, (α_T² v + v_T) I) for other data under a linear forward
 * SDE (its error is α_T² times the data's non-Gaussianity: 4·10⁻⁵ for VP 0.1 → 20); data
 * pushed through the forward SDE by Euler–Maruyama when the drift is not linear.
 */
export function samplePrior(
  forward: ForwardProcess,
  source: DataSource,
  rng: Random,
  xs: Float64Array[],
  n: number,
  exactPT: ((rng: Random, xs: Float64Array[], n: number) => void) | null,
): void {
  const { dim: d, horizon: T, linear } = forward;
  if (exactPT) return exactPT(rng, xs, n);
  if (linear) {
    const a = linear.alpha(T);
    const v = linear.noiseVar(T);
    for (let i = 0; i < d; i++) {
      const sd = Math.sqrt(a * a * source.variance[i] + v);
      for (let p = 0; p < n; p++) xs[i][p] = a * source.mean[i] + sd * rng.normal();
    }
    return;
  }
  source.sample(rng, xs, n);
  const steps = 1000;
  const h = T / steps;
  const f = Array.from({ length: d }, () => new Float64Array(n));
  for (let k = 0; k < steps; k++) {
    forward.drift(xs, k * h, f, n);
    const g = forward.sigma(k * h) * Math.sqrt(h);
    for (let i = 0; i < d; i++) for (let p = 0; p < n; p++) xs[i][p] += h * f[i][p] + g * rng.normal();
  }
}

/**
 * log p_data at n points, up to a constant: exact for a mixture and a logDensity; for points
 * and toy sets a Gaussian kernel density estimate with Silverman's bandwidth per
 * coordinate (the grid solution then starts from that smoothed density).
 */
export function dataLogDensity(
  problem: DiffusionProblem,
  source: DataSource | null,
): (xs: readonly Float64Array[], out: Float64Array, n: number) => void {
  const { data, dim: d } = problem;
  if (data.type === 'mixture') {
    const mix = gaussianMixture(data.weights, data.means, data.covariances);
    const scratch = new MixtureScratch(mix);
    return (xs, out, n) => evalMixture(mix, xs, n, out, null, scratch);
  }
  if (data.type === 'logDensity') return (xs, out, n) => data.kernel.run(xs, [out], n);
  if (!source) throw new SolverError('the data has no density and no samples');
  const m = data.type === 'points' ? data.points.length : data.count;
  const set = drawSet(d, m, TOY_SEED + 1, source.sample);
  const bw = Array.from(
    source.variance,
    (v) => Math.sqrt(v) * (4 / (d + 2)) ** (1 / (d + 4)) * m ** (-1 / (d + 4)),
  );
  return (xs, out, n) => {
    for (let p = 0; p < n; p++) {
      let best = -Infinity;
      let sum = 0;
      for (let j = 0; j < m; j++) {
        let q = 0;
        for (let i = 0; i < d; i++) q += ((xs[i][p] - set.xs[i][j]) / bw[i]) ** 2;
        const l = -0.5 * q;
        if (l > best) {
          sum = sum * Math.exp(best - l) + 1;
          best = l;
        } else sum += Math.exp(l - best);
      }
      out[p] = best + Math.log(sum);
    }
  };
}
