/**
 * What the networks see: each state mapped affinely from its box onto [−1, 1], then, for a
 * finite horizon, the time mapped from [0, T] onto [−1, 1]; actions as ã ∈ [−1, 1] with
 * a = mid + half·ã. Inputs of order one keep tanh units out of saturation whatever the
 * problem's units (Merton's box is 20 wide, the LQR's control box ±10).
 */
import type { Box } from '../../env';

export class Encoding {
  readonly zDim: number;
  readonly aDim: number;
  readonly stateDim: number;
  private readonly sMid: Float64Array;
  private readonly sHalf: Float64Array;
  readonly aMid: Float64Array;
  readonly aHalf: Float64Array;

  constructor(
    stateBox: Box,
    controlBox: Box,
    readonly horizon: number | null,
  ) {
    this.stateDim = stateBox.min.length;
    this.zDim = this.stateDim + (horizon !== null ? 1 : 0);
    this.aDim = controlBox.min.length;
    this.sMid = Float64Array.from(stateBox.min, (lo, i) => 0.5 * (lo + stateBox.max[i]));
    this.sHalf = Float64Array.from(stateBox.min, (lo, i) => 0.5 * (stateBox.max[i] - lo));
    this.aMid = Float64Array.from(controlBox.min, (lo, j) => 0.5 * (lo + controlBox.max[j]));
    this.aHalf = Float64Array.from(controlBox.min, (lo, j) => 0.5 * (controlBox.max[j] - lo));
  }

  /** z rows (n × zDim) from states (n × stateDim, row-major) and times (ignored without a horizon). */
  encodeStates(x: Float64Array, times: Float64Array | null, n: number, z: Float64Array): void {
    const d = this.stateDim;
    const zd = this.zDim;
    for (let p = 0; p < n; p++) {
      for (let i = 0; i < d; i++) z[p * zd + i] = (x[p * d + i] - this.sMid[i]) / this.sHalf[i];
      if (this.horizon !== null) z[p * zd + d] = (2 * (times ? times[p] : 0)) / this.horizon - 1;
    }
  }

  /** Structure-of-arrays states at one time t into z rows. */
  encodeColumns(xs: readonly Float64Array[], t: number, n: number, z: Float64Array): void {
    const d = this.stateDim;
    const zd = this.zDim;
    for (let p = 0; p < n; p++) {
      for (let i = 0; i < d; i++) z[p * zd + i] = (xs[i][p] - this.sMid[i]) / this.sHalf[i];
      if (this.horizon !== null) z[p * zd + d] = (2 * t) / this.horizon - 1;
    }
  }

  /** ã from a (clamped to the box). */
  encodeAction(a: number, j: number): number {
    return Math.max(-1, Math.min(1, (a - this.aMid[j]) / this.aHalf[j]));
  }

  decodeAction(u: number, j: number): number {
    return this.aMid[j] + this.aHalf[j] * u;
  }

  /** Rows of ã (n × aDim) into actions in the problem's units. */
  decodeActions(u: Float64Array, n: number, out: Float64Array): Float64Array {
    const m = this.aDim;
    for (let p = 0; p < n; p++)
      for (let j = 0; j < m; j++) out[p * m + j] = this.decodeAction(u[p * m + j], j);
    return out;
  }
}
