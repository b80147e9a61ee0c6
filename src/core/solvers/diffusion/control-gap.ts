/**
 * The verification identity along sampled paths (docs/numerics.md, "Diffusion"): for any
 * control u, J(u; x, 0) = V(x, 0) + ½E∫₀ᵀ|u − u*|² dt, where
 * J(u; x, 0) = E[∫₀ᵀ (½|u|² − div μ) dt − log p_data(X_T)] along dX = (μ + Σu) dt + Σ dW.
 * Paths start from the exact p_T and are stepped by Euler–Maruyama; every path gives
 * J_i − V(X₀) and G_i = ½∫|u − u*|², and their difference D_i, whose mean is zero up to
 * the time step, so the Monte-Carlo standard error of D tells how well the identity holds.
 * J_i carries the control variate Σ_k u*(X_k)·ΔW_k (mean exactly zero): the Itô integral
 * of V along the path, which otherwise dominates the spread of D.
 * Needs the exact reference (mixture data, linear forward SDE: div μ = −d·a(T−t)). The
 * identity holds on [0, T − sEnd] with terminal cost V(·, T − sEnd) = −log p_sEnd, so a
 * control that is singular at s = 0 (a trained ε-network) is checked up to where it samples.
 */
import { Random } from '../../sim/random';
import { SolverError } from '../problem';
import type { BatchField } from '../solver';
import type { ExactReference } from './exact';

export interface ControlGap {
  paths: number;
  steps: number;
  /** E[J(u) − V], with its standard error. */
  cost: number;
  costSE: number;
  /** ½E∫|u − u*|² dt, with its standard error. */
  gap: number;
  gapSE: number;
  /** E[J − V − ½∫|u − u*|²] (zero by the identity) and its standard error. */
  residual: number;
  residualSE: number;
  /** For a chart: control times and the mean running gap ½E|u − u*|² at each. */
  times: Float64Array;
  gapRate: Float64Array;
}

export function controlGap(
  ref: ExactReference,
  control: BatchField,
  paths: number,
  steps: number,
  seed: number,
  sEnd = 0,
): ControlGap {
  const fwd = ref.forward;
  const lin = fwd.linear;
  if (!lin) throw new SolverError('the control gap needs a linear forward SDE');
  const d = fwd.dim;
  const T = fwd.horizon;
  const n = paths;
  const h = (T - sEnd) / steps;
  const rng = new Random(seed);
  const xs = Array.from({ length: d }, () => new Float64Array(n));
  const u = Array.from({ length: d }, () => new Float64Array(n));
  const us = Array.from({ length: d }, () => new Float64Array(n));
  const f = Array.from({ length: d }, () => new Float64Array(n));
  const cost = new Float64Array(n);
  const gap = new Float64Array(n);
  const lp = new Float64Array(n);
  // Σ_k u*(X_k)·ΔW_k: mean zero exactly (u* at X_k, ΔW_k drawn after), and the noise that
  // V(X_T) − V(X_0) carries (Σ∇V = −u*), so adding it to J removes most of the paths' spread.
  const noise = new Float64Array(n);
  const times = new Float64Array(steps);
  const gapRate = new Float64Array(steps);
  ref.sample(T, rng, xs, n);
  ref.logDensity(xs, T, lp, n);
  for (let p = 0; p < n; p++) cost[p] = lp[p]; // −V(X₀) = log p_T(X₀)
  for (let k = 0; k < steps; k++) {
    const t = k * h;
    const s = T - t;
    const sig = fwd.sigma(s);
    const divMu = -d * lin.a(s); // μ = −a(s)x, so div μ = −d·a(s)
    control(xs, t, u, n);
    ref.control(xs, t, us, n);
    fwd.drift(xs, s, f, n);
    let rate = 0;
    for (let p = 0; p < n; p++) {
      let uu = 0;
      let du = 0;
      for (let i = 0; i < d; i++) {
        const a = u[i][p];
        const b = a - us[i][p];
        uu += a * a;
        du += b * b;
      }
      cost[p] += h * (0.5 * uu - divMu);
      gap[p] += 0.5 * h * du;
      rate += 0.5 * du;
    }
    times[k] = t;
    gapRate[k] = rate / n;
    const sh = Math.sqrt(h);
    const g = sig * sh;
    for (let i = 0; i < d; i++) {
      const x = xs[i];
      const fi = f[i];
      const ui = u[i];
      const usi = us[i];
      for (let p = 0; p < n; p++) {
        const z = rng.normal();
        x[p] += h * (-fi[p] + sig * ui[p]) + g * z;
        noise[p] += sh * usi[p] * z;
      }
    }
  }
  ref.logDensity(xs, sEnd, lp, n);
  for (let p = 0; p < n; p++) cost[p] += noise[p] - lp[p];
  const m = (a: Float64Array) => meanSE(a);
  const diff = cost.map((c, p) => c - gap[p]);
  const [c, cse] = m(cost);
  const [g, gse] = m(gap);
  const [r, rse] = m(diff);
  if (![c, g, r].every(Number.isFinite))
    throw new SolverError('the control gap is not finite: the control diverged along the paths');
  return {
    paths,
    steps,
    cost: c,
    costSE: cse,
    gap: g,
    gapSE: gse,
    residual: r,
    residualSE: rse,
    times,
    gapRate,
  };
}

function meanSE(a: Float64Array): [number, number] {
  let m = 0;
  for (const v of a) m += v;
  m /= a.length;
  let s = 0;
  for (const v of a) s += (v - m) ** 2;
  return [m, Math.sqrt(s / (a.length - 1) / a.length)];
}
