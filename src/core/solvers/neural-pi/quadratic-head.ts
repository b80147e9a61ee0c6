/**
 * The quadratic part of a 'linear' critic's head (setting `criticQuadratic`): V = q(x̃) +
 * scale·N(x̃), q(x̃) = shift + tilt·x̃ + ½x̃ᵀCx̃ fitted to the Monte-Carlo estimates by
 * least squares, each start weighted by the window Π_i (1 − x̃_i²), and the network fitted
 * to the rest, standardised. The gains of the greedy policy at the centre are the critic's
 * curvature there. A network alone made its curvature at the centre from the noise of the
 * few targets near it: a coupled 4-D LQR's worst gain came out +11 % on every seed, though a
 * least-squares quadratic of the same targets was within 5.6 % (docs/numerics.md). The
 * window keeps the box's faces, whose rules bend V near them, from tilting the quadratic:
 * without it that quadratic's worst gain was −5 % to −8 %, with it within 1.5–4 %.
 */
import { choleskySolve } from '../../nn';
import type { Random } from '../../sim/random';
import type { ValueHead } from './model';

/**
 * Sets head.shift, head.tilt and head.curvature to the window-weighted least-squares
 * quadratic of y over the scaled starts Xn (n×d), and head.scale to the root mean square of
 * what is left. Leaves the head unchanged if the normal equations are singular.
 */
export function fitQuadraticHead(
  head: ValueHead,
  Xn: Float64Array,
  y: Float64Array,
  n: number,
  d: number,
): void {
  const k = 1 + d + (d * (d + 1)) / 2;
  const A = new Float64Array(k * k);
  const B = new Float64Array(k);
  const f = new Float64Array(k);
  const features = (p: number) => {
    let c = 0;
    f[c++] = 1;
    for (let i = 0; i < d; i++) f[c++] = Xn[p * d + i];
    for (let i = 0; i < d; i++) for (let j = i; j < d; j++) f[c++] = Xn[p * d + i] * Xn[p * d + j];
  };
  for (let p = 0; p < n; p++) {
    let w = 1;
    for (let i = 0; i < d; i++) w *= Math.max(0, 1 - Xn[p * d + i] ** 2);
    if (w === 0) continue;
    features(p);
    for (let a = 0; a < k; a++) {
      const wa = w * f[a];
      B[a] += wa * y[p];
      for (let b = 0; b <= a; b++) A[a * k + b] += wa * f[b];
    }
  }
  let trace = 0;
  for (let a = 0; a < k; a++) {
    trace += A[a * k + a];
    for (let b = 0; b < a; b++) A[b * k + a] = A[a * k + b];
  }
  // A ridge that only guards against rank deficiency (starts on a line, a flat window).
  for (let a = 0; a < k; a++) A[a * k + a] += (1e-10 * trace) / k;
  if (!choleskySolve(A, B, k, 1)) return;
  const tilt = new Array<number>(d);
  const C = new Array<number>(d * d);
  let c = 1;
  for (let i = 0; i < d; i++) tilt[i] = B[c++];
  for (let i = 0; i < d; i++)
    for (let j = i; j < d; j++) {
      const v = B[c++];
      // ½x̃ᵀCx̃: the square's coefficient is C_ii/2, a cross term's C_ij (= C_ji).
      C[i * d + j] = C[j * d + i] = i === j ? 2 * v : v;
    }
  head.shift = B[0];
  head.tilt = tilt;
  head.curvature = C;
  let sum = 0;
  for (let p = 0; p < n; p++) {
    let q = head.shift;
    for (let i = 0; i < d; i++) {
      const xi = Xn[p * d + i];
      q += tilt[i] * xi;
      for (let j = 0; j < d; j++) q += 0.5 * C[i * d + j] * xi * Xn[p * d + j];
    }
    sum += (y[p] - q) ** 2;
  }
  const rms = Math.sqrt(sum / Math.max(1, n));
  head.scale = rms > 1e-12 * (1 + Math.abs(head.shift)) ? rms : 1;
}

/** The window Π_i (1 − x̃_i²) of each scaled start (n×d), normalised to mean 1. */
export function windowWeights(Xn: Float64Array, n: number, d: number): Float64Array {
  const w = new Float64Array(n);
  let sum = 0;
  for (let p = 0; p < n; p++) {
    let v = 1;
    for (let i = 0; i < d; i++) v *= Math.max(0, 1 - Xn[p * d + i] ** 2);
    w[p] = v;
    sum += v;
  }
  if (sum > 0) for (let p = 0; p < n; p++) w[p] *= n / sum;
  return w;
}

/** Starts and targets split into the fit's rows and a held-out fifth (early stopping). */
export interface HeldOutSplit {
  fit: { X: Float64Array; Y: Float64Array; w: Float64Array; n: number };
  held: { X: Float64Array; Y: Float64Array; w: Float64Array; n: number };
}

/** A seeded fifth of the rows held out; X is n×d, Y and w have n entries. */
export function holdOutFifth(
  X: Float64Array,
  Y: Float64Array,
  w: Float64Array,
  n: number,
  d: number,
  rng: Random,
): HeldOutSplit {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const nh = Math.floor(n / 5);
  const part = (idx: Int32Array) => {
    const k = idx.length;
    const Xp = new Float64Array(k * d);
    const Yp = new Float64Array(k);
    const wp = new Float64Array(k);
    for (let q = 0; q < k; q++) {
      const p = idx[q];
      for (let i = 0; i < d; i++) Xp[q * d + i] = X[p * d + i];
      Yp[q] = Y[p];
      wp[q] = w[p];
    }
    return { X: Xp, Y: Yp, w: wp, n: k };
  };
  return { fit: part(order.subarray(nh)), held: part(order.subarray(0, nh)) };
}
