/**
 * Adam (Kingma & Ba) with bias correction, a cosine learning-rate schedule, and the
 * mini-batch sampler the training loops share.
 */
import type { Random } from '../sim/random';

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  eps?: number;
}

export class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;

  constructor(size: number, options: AdamOptions = {}) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
  }

  /** One ascent-free step: params −= lr · m̂ / (√v̂ + ε). */
  step(params: Float64Array, grad: Float64Array, lr: number): void {
    this.t++;
    const { m, v, beta1: b1, beta2: b2, eps } = this;
    const c1 = 1 / (1 - b1 ** this.t);
    const c2 = 1 / (1 - b2 ** this.t);
    for (let i = 0; i < params.length; i++) {
      const g = grad[i];
      const mi = (m[i] = b1 * m[i] + (1 - b1) * g);
      const vi = (v[i] = b2 * v[i] + (1 - b2) * g * g);
      params[i] -= (lr * mi * c1) / (Math.sqrt(vi * c2) + eps);
    }
  }

  reset(): void {
    this.m.fill(0);
    this.v.fill(0);
    this.t = 0;
  }
}

/** Cosine decay from lrMax at step 0 to lrMin at step `total`. */
export function cosineRate(step: number, total: number, lrMax: number, lrMin: number): number {
  const s = Math.min(1, Math.max(0, total > 0 ? step / total : 1));
  return lrMin + 0.5 * (lrMax - lrMin) * (1 + Math.cos(Math.PI * s));
}

/** Mini-batches of indices: shuffled epochs, each index once per epoch (Fisher–Yates). */
export class BatchSampler {
  private readonly order: Int32Array;
  private pos: number;
  readonly batch: Int32Array;

  constructor(
    readonly n: number,
    readonly size: number,
    private readonly rng: Random,
  ) {
    if (!(n >= 1 && size >= 1)) throw new RangeError('a batch sampler needs n ≥ 1 and size ≥ 1');
    this.order = Int32Array.from({ length: n }, (_, i) => i);
    this.batch = new Int32Array(Math.min(size, n));
    this.pos = n;
  }

  /** The next batch (a view reused by the following call). */
  next(): Int32Array {
    const b = this.batch;
    for (let k = 0; k < b.length; k++) {
      if (this.pos >= this.n) this.shuffle();
      b[k] = this.order[this.pos++];
    }
    return b;
  }

  private shuffle(): void {
    const o = this.order;
    for (let i = o.length - 1; i > 0; i--) {
      const j = Math.floor(this.rng.uniform() * (i + 1));
      const t = o[i];
      o[i] = o[j];
      o[j] = t;
    }
    this.pos = 0;
  }
}

/** out (idx.length × cols) = the rows idx of X (· × cols). */
export function gatherRows(X: Float64Array, cols: number, idx: ArrayLike<number>, out: Float64Array): void {
  for (let k = 0; k < idx.length; k++) {
    const src = idx[k] * cols;
    for (let c = 0; c < cols; c++) out[k * cols + c] = X[src + c];
  }
}
