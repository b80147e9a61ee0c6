/**
 * The critic's value head, chosen from the first evaluation's returns (model.ts describes
 * the head's modes).
 */
import { choleskySolve } from '../../nn';
import { SolverError } from '../problem';
import type { ValueHead } from './model';
import type { NeuralPiConfig } from './settings';

/**
 * The first returns decide the critic's head: 'log' when one-signed and their 5th and 95th
 * percentiles of |y| are more than two decades apart. Percentiles, not the extremes: one
 * noisy start near the value's smallest point decided before, and gave a coupled 4-D LQR
 * (true max/min of |V| 33) a log critic, whose Hessian V(∇²L + ∇L∇Lᵀ) at the centre
 * carries the relative error of V there (gains up to +15 %, docs/numerics.md).
 *
 * In 'log' mode the least-squares plane of log|y| over the scaled starts Xn (n×d) becomes
 * the head's shift and tilt, and the network fits only the rest, standardised. Values that
 * span decades do so mostly along a trend (Merton's log|V| is affine in log wealth), and
 * standardising the whole of log|V| made a small normalised fit error a large relative one:
 * Merton γ = 3 on z ∈ [−8, 8], seed 1, left V 17 % off in the middle (docs/numerics.md).
 */
export function chooseHead(
  y: Float64Array,
  Xn: Float64Array,
  d: number,
  choice: NeuralPiConfig['valueScale'],
): ValueHead {
  let pos = 0;
  let neg = 0;
  for (const v of y) {
    if (v > 0) pos++;
    else if (v < 0) neg++;
  }
  const sorted = Float64Array.from(y, Math.abs).sort();
  const min = sorted[0];
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const oneSigned = (pos === 0 || neg === 0) && min > 0;
  const mode = choice === 'auto' ? (oneSigned && at(0.95) > 100 * at(0.05) ? 'log' : 'linear') : choice;
  if (mode === 'log' && !oneSigned)
    throw new SolverError(
      "valueScale 'log' needs returns of one sign; the first evaluation gave both signs or zero",
    );
  const sign: 1 | -1 = neg > pos ? -1 : 1;
  const t = Float64Array.from(y, (v) => (mode === 'log' ? Math.log(Math.abs(v)) : v));
  const tilt = new Array<number>(d).fill(0);
  let mean = 0;
  if (mode === 'log') {
    const plane = leastSquaresPlane(t, Xn, d);
    mean = plane[0];
    for (let i = 0; i < d; i++) tilt[i] = plane[1 + i];
    for (let p = 0; p < t.length; p++) for (let i = 0; i < d; i++) t[p] -= tilt[i] * Xn[p * d + i];
  } else {
    for (const v of t) mean += v / t.length;
  }
  let varc = 0;
  for (const v of t) varc += (v - mean) ** 2 / t.length;
  const std = Math.sqrt(varc);
  return { mode, shift: mean, scale: std > 1e-12 * (1 + Math.abs(mean)) ? std : 1, sign, tilt };
}

/** Coefficients (c, b₁…b_d) of the least-squares plane t ≈ c + b·x over rows of X (n×d). */
function leastSquaresPlane(t: Float64Array, X: Float64Array, d: number): Float64Array {
  const k = d + 1;
  const A = new Float64Array(k * k);
  const B = new Float64Array(k);
  const row = new Float64Array(k);
  row[0] = 1;
  for (let p = 0; p < t.length; p++) {
    for (let i = 0; i < d; i++) row[1 + i] = X[p * d + i];
    for (let a = 0; a < k; a++) {
      B[a] += row[a] * t[p];
      for (let b = 0; b < k; b++) A[a * k + b] += row[a] * row[b];
    }
  }
  // A tiny ridge keeps a degenerate sample (all starts on one line) solvable.
  for (let a = 1; a < k; a++) A[a * k + a] += 1e-9 * t.length;
  if (choleskySolve(A, B, k, 1)) return B;
  const flat = new Float64Array(k);
  for (const v of t) flat[0] += v / t.length;
  return flat;
}
