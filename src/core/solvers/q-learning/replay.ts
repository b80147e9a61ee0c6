/**
 * A ring buffer of transitions (z, a, R, z′, done) with uniform sampling: inputs are
 * stored already encoded (see encoding.ts), so a mini-batch is a gather of rows.
 */
import type { Random } from '../../sim/random';

export class ReplayBuffer {
  readonly z: Float64Array;
  readonly a: Float64Array;
  readonly reward: Float64Array;
  readonly zNext: Float64Array;
  readonly done: Uint8Array;
  size = 0;
  private head = 0;

  constructor(
    readonly capacity: number,
    /** Width of an encoded state row. */
    readonly zDim: number,
    readonly aDim: number,
  ) {
    this.z = new Float64Array(capacity * zDim);
    this.a = new Float64Array(capacity * aDim);
    this.reward = new Float64Array(capacity);
    this.zNext = new Float64Array(capacity * zDim);
    this.done = new Uint8Array(capacity);
  }

  /** Appends one transition (rows copied from the given arrays at the given rows). */
  push(
    z: Float64Array,
    a: Float64Array,
    row: number,
    reward: number,
    zNext: Float64Array,
    done: boolean,
  ): void {
    const h = this.head;
    const zd = this.zDim;
    const ad = this.aDim;
    this.z.set(z.subarray(row * zd, row * zd + zd), h * zd);
    this.a.set(a.subarray(row * ad, row * ad + ad), h * ad);
    this.zNext.set(zNext.subarray(row * zd, row * zd + zd), h * zd);
    this.reward[h] = reward;
    this.done[h] = done ? 1 : 0;
    this.head = (h + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  /** Uniform indices with replacement into `idx`. */
  sample(idx: Int32Array, rng: Random): void {
    for (let k = 0; k < idx.length; k++) idx[k] = Math.floor(rng.uniform() * this.size);
  }
}
