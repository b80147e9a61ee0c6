/**
 * The two networks of neural policy iteration and the maps around them, as plain data
 * (so a model crosses to a rollout worker by structured clone and into a project file):
 * - inputs are scaled to [−1, 1]ᵈ over the box;
 * - the critic's output is standardised: V = shift + scale·N(x̃) ('linear'), or, for values
 *   of one sign spanning decades, V = sign·exp(shift + tilt·x̃ + scale·N(x̃)) ('log'), whose
 *   fit is in relative terms, the network fitting only what is left of log|V| about its
 *   least-squares plane (see chooseHead in head-choice.ts); in 'linear' mode, optionally
 *   V = shift + tilt·x̃ + ½x̃ᵀCx̃ + scale·N(x̃), a quadratic fitted by least squares with the
 *   network on the rest (quadratic-head.ts);
 * - the actor's outputs are squashed into the control box, a_j = lo_j + (hi_j − lo_j)·σ(u_j).
 * Values here are in the solver's internal sense (reward, maximised).
 */
import { forward, ForwardScratch, logistic, valueGradientHessian, type Mlp } from '../../nn';

export type ValueMode = 'linear' | 'log';

export interface ValueHead {
  mode: ValueMode;
  shift: number;
  scale: number;
  /** Sign of V in 'log' mode. */
  sign: 1 | -1;
  /**
   * Slope in each scaled state: of log|V| in 'log' mode, of V with a quadratic head; zeros
   * otherwise.
   */
  tilt: number[];
  /** C (d×d, symmetric, row-major, scaled states) of the quadratic head; absent: none. */
  curvature?: number[];
}

/** shift + tilt·x̃ + ½x̃ᵀCx̃ at scaled input row p. */
function baseline(head: ValueHead, Xn: Float64Array, p: number): number {
  const d = head.tilt.length;
  const C = head.curvature;
  let b = head.shift;
  for (let i = 0; i < d; i++) {
    const xi = Xn[p * d + i];
    b += head.tilt[i] * xi;
    if (C) for (let j = 0; j < d; j++) b += 0.5 * C[i * d + j] * xi * Xn[p * d + j];
  }
  return b;
}

/**
 * Adds the baseline's gradient (tilt + Cx̃, in scaled states) at row p to G[g…g+d) divided
 * by the half-widths, and, when H is given, C/(half_i·half_j) to H at h.
 */
function addBaseline(
  head: ValueHead,
  Xn: Float64Array,
  p: number,
  half: Float64Array,
  G: Float64Array,
  g: number,
  H?: Float64Array,
  h = 0,
): void {
  const d = head.tilt.length;
  const C = head.curvature;
  for (let i = 0; i < d; i++) {
    let s = head.tilt[i];
    if (C) for (let j = 0; j < d; j++) s += C[i * d + j] * Xn[p * d + j];
    G[g + i] += s / half[i];
  }
  if (C && H)
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) H[h + i * d + j] += C[i * d + j] / (half[i] * half[j]);
}

export interface NeuralPiModel {
  critic: Mlp;
  actor: Mlp;
  head: ValueHead;
  /** Box centre and half-widths per state: x̃ = (x − centre)/half. */
  centre: Float64Array;
  half: Float64Array;
  controlLo: Float64Array;
  controlHi: Float64Array;
}

/** Xn (n×d row-major, scaled) from structure-of-arrays states. */
export function scaleInputs(
  model: NeuralPiModel,
  xs: readonly ArrayLike<number>[],
  n: number,
  Xn: Float64Array,
): void {
  const d = model.centre.length;
  for (let i = 0; i < d; i++) {
    const c = model.centre[i];
    const inv = 1 / model.half[i];
    const x = xs[i];
    for (let p = 0; p < n; p++) Xn[p * d + i] = (x[p] - c) * inv;
  }
}

/** Critic output N at scaled inputs Xn → V, in place. */
export function headToValue(head: ValueHead, Xn: Float64Array, N: Float64Array, n: number): void {
  if (head.mode === 'linear') for (let p = 0; p < n; p++) N[p] = baseline(head, Xn, p) + head.scale * N[p];
  else for (let p = 0; p < n; p++) N[p] = head.sign * Math.exp(baseline(head, Xn, p) + head.scale * N[p]);
}

/** Target V at scaled input row p → the critic's regression target (the inverse of headToValue). */
export function valueToTarget(head: ValueHead, y: number, Xn: Float64Array, p: number): number {
  if (head.mode === 'linear') return (y - baseline(head, Xn, p)) / head.scale;
  // A Monte-Carlo mean of one-signed returns keeps that sign; guard the log anyway.
  const a = Math.max(head.sign * y, Number.MIN_VALUE);
  return (Math.log(a) - baseline(head, Xn, p)) / head.scale;
}

/** V at n scaled inputs. */
export function criticValues(
  model: NeuralPiModel,
  Xn: Float64Array,
  n: number,
  out: Float64Array,
  scratch?: ForwardScratch,
): Float64Array {
  forward(model.critic, Xn, n, out, scratch);
  headToValue(model.head, Xn, out, n);
  return out;
}

/** Start states (scaled, n×d) and their Monte-Carlo estimates of V. */
export interface ValueSample {
  Xn: Float64Array;
  y: Float64Array;
}

/**
 * A 'log' critic fits log|y| of Monte-Carlo means y, and E[log y] < log E[y] (Jensen): the fit
 * comes out low by about half the squared relative spread of y. The shift is moved so that the
 * mean ratio y/V over the samples is 1, which removes that level bias; a mean of ratios and
 * not of logs, since y, not log y, is the unbiased estimate of V. No-op for a 'linear'
 * critic. Merton γ = 5 (r 0.02, μ 0.07, σ 0.25, ρ 0.04, z ∈ [−8, 8]): V in the middle of the
 * box was 2.3 % low after the policy had settled (docs/numerics.md).
 */
export function levelLogHead(model: NeuralPiModel, samples: readonly ValueSample[]): void {
  if (model.head.mode !== 'log') return;
  let sum = 0;
  let count = 0;
  for (const { Xn, y } of samples) {
    const n = y.length;
    const v = criticValues(model, Xn, n, new Float64Array(n));
    for (let p = 0; p < n; p++) {
      const r = y[p] / v[p];
      if (Number.isFinite(r) && r > 0) {
        sum += r;
        count++;
      }
    }
  }
  // At most ±10 % per fit: the bias is a few per cent, and a larger ratio is noise.
  if (count > 0 && sum > 0) model.head.shift += Math.max(-0.1, Math.min(0.1, Math.log(sum / count)));
}

/**
 * V, ∇V (n×d) and ∇²V (n×d×d) with respect to the unscaled state, exact: forward mode
 * through the network, then the chain rule through the input scaling and the head
 * (for 'log': ∇V = V∇L, ∇²V = V(∇²L + ∇L∇Lᵀ) with L = shift + tilt·x̃ + scale·N; a quadratic
 * head adds its gradient and constant Hessian).
 */
export function criticDerivatives(
  model: NeuralPiModel,
  Xn: Float64Array,
  n: number,
  V: Float64Array,
  G: Float64Array,
  H: Float64Array,
): void {
  const d = model.centre.length;
  valueGradientHessian(model.critic, Xn, n, V, G, H);
  const { head, half } = model;
  for (let p = 0; p < n; p++) {
    const g = p * d;
    const h = p * d * d;
    for (let i = 0; i < d; i++) G[g + i] *= head.scale / half[i];
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) H[h + i * d + j] *= head.scale / (half[i] * half[j]);
    addBaseline(head, Xn, p, half, G, g, H, h);
    if (head.mode === 'linear') {
      V[p] = baseline(head, Xn, p) + head.scale * V[p];
    } else {
      const v = head.sign * Math.exp(baseline(head, Xn, p) + head.scale * V[p]);
      V[p] = v;
      for (let i = 0; i < d; i++)
        for (let j = 0; j < d; j++) H[h + i * d + j] = v * (H[h + i * d + j] + G[g + i] * G[g + j]);
      for (let i = 0; i < d; i++) G[g + i] *= v;
    }
  }
}

/** V and ∇V (n×d) with respect to the unscaled state, exact (as criticDerivatives, no Hessian). */
export function criticGradient(
  model: NeuralPiModel,
  Xn: Float64Array,
  n: number,
  V: Float64Array,
  G: Float64Array,
): void {
  const d = model.centre.length;
  valueGradientHessian(model.critic, Xn, n, V, G);
  const { head, half } = model;
  for (let p = 0; p < n; p++) {
    const g = p * d;
    for (let i = 0; i < d; i++) G[g + i] *= head.scale / half[i];
    addBaseline(head, Xn, p, half, G, g);
    if (head.mode === 'linear') {
      V[p] = baseline(head, Xn, p) + head.scale * V[p];
    } else {
      const v = head.sign * Math.exp(baseline(head, Xn, p) + head.scale * V[p]);
      V[p] = v;
      for (let i = 0; i < d; i++) G[g + i] *= v;
    }
  }
}

/**
 * Controls at n scaled inputs, structure of arrays (out[j][p]); `raw` (n×m), when given,
 * keeps the logistic σ(u) of each output for the chain rule of the ascent.
 */
export function actorControls(
  model: NeuralPiModel,
  Xn: Float64Array,
  n: number,
  out: Float64Array[],
  buffer: Float64Array,
  scratch?: ForwardScratch,
): void {
  const m = model.controlLo.length;
  forward(model.actor, Xn, n, buffer, scratch);
  for (let j = 0; j < m; j++) {
    const lo = model.controlLo[j];
    const w = model.controlHi[j] - lo;
    const o = out[j];
    for (let p = 0; p < n; p++) {
      const s = logistic(buffer[p * m + j]);
      buffer[p * m + j] = s;
      o[p] = lo + w * s;
    }
  }
}
