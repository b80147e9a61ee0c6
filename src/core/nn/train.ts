/**
 * Least-squares regression of a network on fixed data: mini-batch Adam with a cosine
 * schedule. Used for the critic of policy iteration; any weighted mean-square fit fits.
 */
import { Random } from '../sim/random';
import { Adam, BatchSampler, cosineRate, gatherRows } from './adam';
import { Tape } from './backprop';
import { choleskySolve } from './linalg';
import { forward, type Mlp } from './mlp';

export interface FitOptions {
  steps: number;
  /** Samples per step; ≥ n means full batch. */
  batchSize: number;
  lrMax: number;
  lrMin: number;
  seed: number;
  /** Optional per-sample weights w_p of the loss Σ w_p |net(x_p) − y_p|² / Σ w_p. */
  weights?: Float64Array;
  /** An optimiser to continue with (warm state); a fresh one otherwise. */
  adam?: Adam;
  /**
   * Every this many steps, and after the last, set the output layer to its exact
   * (ridge-regularised) least-squares solution given the hidden features (0: never).
   * Adam alone leaves a smooth 1-D fit at a relative slope error of ~10 % after 1500
   * steps; with the output layer solved the same fit reaches ~1e-3 (docs/numerics.md).
   */
  solveOutputEvery?: number;
  /** Early stopping on held-out samples (see Validation); none by default. */
  validation?: Validation;
}

/**
 * Held-out samples for early stopping: before the first step, every `every` steps and after
 * the last their
 * (weighted) mean-square error is measured; the fit stops after `patience` checks without a
 * new low and keeps the parameters of the lowest (possibly those it started from).
 */
export interface Validation {
  X: Float64Array;
  Y: Float64Array;
  n: number;
  weights?: Float64Array;
  every: number;
  patience: number;
}

/**
 * Fits net to (X, Y) (n samples, row-major) and returns the mean-square error over all
 * samples after the last step (weighted when weights are given).
 */
export function fitMse(net: Mlp, X: Float64Array, Y: Float64Array, n: number, options: FitOptions): number {
  const din = net.spec.inputs;
  const dout = net.spec.outputs;
  const bs = Math.min(n, Math.max(1, Math.floor(options.batchSize)));
  const tape = new Tape(net, bs);
  const adam = options.adam ?? new Adam(net.params.length);
  const grad = new Float64Array(net.params.length);
  const sampler = new BatchSampler(n, bs, new Random(options.seed));
  const xb = new Float64Array(bs * din);
  const yb = new Float64Array(bs * dout);
  const wb = new Float64Array(bs);
  const dY = new Float64Array(bs * dout);
  const w = options.weights;
  // Full batch: every sample in order, no shuffling needed.
  const all = bs === n ? Int32Array.from({ length: n }, (_, i) => i) : null;
  const every = options.solveOutputEvery ?? 0;
  if (every > 0) solveOutputLayer(net, X, Y, n, w);
  const val = options.validation;
  let best = val ? mseOf(net, val.X, val.Y, val.n, val.weights) : 0;
  let bestParams = val ? net.params.slice() : null;
  let sinceBest = 0;
  for (let s = 0; s < options.steps; s++) {
    const idx = all ?? sampler.next();
    gatherRows(X, din, idx, xb);
    gatherRows(Y, dout, idx, yb);
    let wsum = 0;
    for (let k = 0; k < bs; k++) wsum += wb[k] = w ? w[idx[k]] : 1;
    const out = tape.forward(xb, bs);
    for (let k = 0; k < bs; k++) {
      const c = (2 * wb[k]) / wsum;
      for (let o = 0; o < dout; o++) dY[k * dout + o] = c * (out[k * dout + o] - yb[k * dout + o]);
    }
    grad.fill(0);
    tape.backward(dY, grad);
    adam.step(net.params, grad, cosineRate(s, options.steps, options.lrMax, options.lrMin));
    if (every > 0 && ((s + 1) % every === 0 || s + 1 === options.steps)) solveOutputLayer(net, X, Y, n, w);
    if (val && ((s + 1) % val.every === 0 || s + 1 === options.steps)) {
      const loss = mseOf(net, val.X, val.Y, val.n, val.weights);
      if (loss < best) {
        best = loss;
        bestParams = net.params.slice();
        sinceBest = 0;
      } else if (++sinceBest >= val.patience) break;
    }
  }
  if (bestParams) net.params.set(bestParams);
  return mseOf(net, X, Y, n, w);
}

/** (Weighted) mean over samples of |net(x) − y|². */
export function mseOf(net: Mlp, X: Float64Array, Y: Float64Array, n: number, w?: Float64Array): number {
  const dout = net.spec.outputs;
  const out = forward(net, X, n, new Float64Array(n * dout));
  let num = 0;
  let den = 0;
  for (let k = 0; k < n; k++) {
    const wk = w ? w[k] : 1;
    let e = 0;
    for (let o = 0; o < dout; o++) e += (out[k * dout + o] - Y[k * dout + o]) ** 2;
    num += wk * e;
    den += wk;
  }
  return num / den;
}

/**
 * Sets the output layer (weights and biases) to the minimiser of the (weighted) squared
 * error given the last hidden layer's features h: (ΦᵀWΦ + λI)θ = ΦᵀWY with Φ = [h, 1]
 * and λ = 1e-8 · mean diagonal, a ridge that only guards against rank deficiency.
 * Leaves the layer unchanged if the system is singular even so. With per-sample weights
 * this is also the Gauss–Newton step of any loss whose curvature in the output is w.
 */
export function solveOutputLayer(
  net: Mlp,
  X: Float64Array,
  Y: Float64Array,
  n: number,
  w?: Float64Array,
  /** Solve for this output only (Y still holds every output); all outputs by default. */
  only?: number,
): void {
  const layers = net.layers;
  const L = layers[layers.length - 1];
  const k = L.nin + 1;
  const r = L.nout;
  const tape = new Tape(net, n);
  tape.forward(X, n);
  const F = tape.inputs[layers.length - 1];
  const A = new Float64Array(k * k);
  const B = new Float64Array(k * r);
  const row = new Float64Array(k);
  for (let p = 0; p < n; p++) {
    const wp = w ? w[p] : 1;
    for (let i = 0; i < L.nin; i++) row[i] = F[p * L.nin + i];
    row[L.nin] = 1;
    for (let i = 0; i < k; i++) {
      const ri = wp * row[i];
      if (ri === 0) continue;
      for (let j = 0; j <= i; j++) A[i * k + j] += ri * row[j];
      for (let c = 0; c < r; c++) B[i * r + c] += ri * Y[p * r + c];
    }
  }
  let trace = 0;
  for (let i = 0; i < k; i++) {
    trace += A[i * k + i];
    for (let j = 0; j < i; j++) A[j * k + i] = A[i * k + j];
  }
  const lambda = (1e-8 * trace) / k;
  for (let i = 0; i < k; i++) A[i * k + i] += lambda;
  if (!choleskySolve(A, B, k, r)) return;
  for (let c = 0; c < r; c++) {
    if (only !== undefined && c !== only) continue;
    for (let i = 0; i < L.nin; i++) net.params[L.w + c * L.nin + i] = B[i * r + c];
    net.params[L.b + c] = B[L.nin * r + c];
  }
}
