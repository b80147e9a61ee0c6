/**
 * Least-squares regression of a network on fixed data: mini-batch Adam with a cosine
 * schedule. Used for the critic of policy iteration; any weighted mean-square fit fits.
 */
import { Random } from '../sim/random';
import { Adam, BatchSampler, cosineRate, gatherRows } from './adam';
import { Tape } from './backprop';
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
  }
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
