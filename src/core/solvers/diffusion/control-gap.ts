/**
 * The verification identity along sampled paths (docs/numerics.md, "Diffusion"): for any
 * control u, J(u; x, 0) = V(x, 0) + ½E∫₀ᵀ|u − u*|² dt, where
 * J(u; x, 0) = E[∫₀ᵀ (½|u|² − div μ) dt − log p_data(X_T)] along dX = (μ + Σu) dt + Σ dW.
 * Paths start from the exact p_T and are stepped by Euler–Maruyama; every path gives
 * J_i − V(X₀) and G_i = ½∫|u − u*|², and their difference D_i, whose mean is zero up to
 * the time step, so the Monte-Carlo standard error of D tells how well the identity holds.
 * J_i carries the control variate Σ_k u*(X_k)·ΔW_k (mean exactly zero): the Itô integral
 * of V along the path, which otherwise dominates the spread of D.
 *
 * Euler–Maruyama leaves a bias first order in the step (0.06 nats on the ring at 500 steps,
 * 5 standard errors). So every path is run twice on the same Brownian path, with `steps`
 * steps and with 2·steps, and each figure is the Richardson combination 2·F(h/2) − F(h),
 * whose bias is second order; the two runs share their noise, so the combination's standard
 * error stays close to one run's.
 *
 * Needs the exact reference (mixture data, linear forward SDE: div μ = −d·a(T−t), whose
 * integral over a step is exact from α). The identity holds on [0, T − sEnd] with terminal
 * cost V(·, T − sEnd) = −log p_sEnd, so a control that is singular at s = 0 (a trained
 * ε-network) is checked up to where it samples.
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
  /** For a chart: control times and the mean running gap ½E|u − u*|² at each (the `steps` run). */
  times: Float64Array;
  gapRate: Float64Array;
}

/** One Euler–Maruyama chain of the estimator: positions and per-path sums. */
interface Chain {
  xs: Float64Array[];
  u: Float64Array[];
  us: Float64Array[];
  f: Float64Array[];
  /** J − V(X₀) so far (with the control variate), and ½∫|u − u*|². */
  cost: Float64Array;
  gap: Float64Array;
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
  const vec = () => Array.from({ length: d }, () => new Float64Array(n));
  const chain = (): Chain => ({
    xs: vec(),
    u: vec(),
    us: vec(),
    f: vec(),
    cost: new Float64Array(n),
    gap: new Float64Array(n),
  });
  const coarse = chain();
  const fine = chain();
  const lp = new Float64Array(n);
  const z1 = vec();
  const z2 = vec();
  const times = new Float64Array(steps);
  const gapRate = new Float64Array(steps);
  ref.sample(T, rng, coarse.xs, n);
  ref.logDensity(coarse.xs, T, lp, n);
  for (let i = 0; i < d; i++) fine.xs[i].set(coarse.xs[i]);
  for (let p = 0; p < n; p++) coarse.cost[p] = fine.cost[p] = lp[p]; // −V(X₀) = log p_T(X₀)
  // ∫ div μ dt over [t, t + τ] = −d ∫_{s−τ}^{s} a = −d·log(α(s)/α(s − τ)), s = T − t.
  const divInt = (t: number, tau: number) => -d * Math.log(lin.alpha(T - t) / lin.alpha(T - t - tau));
  // One step of a chain from t by τ with standard normals z; returns the mean running gap.
  const step = (c: Chain, t: number, tau: number, z: Float64Array[]): number => {
    const s = T - t;
    const sig = fwd.sigma(s);
    control(c.xs, t, c.u, n);
    ref.control(c.xs, t, c.us, n);
    fwd.drift(c.xs, s, c.f, n);
    const div = divInt(t, tau);
    let rate = 0;
    for (let p = 0; p < n; p++) {
      let uu = 0;
      let du = 0;
      for (let i = 0; i < d; i++) {
        const a = c.u[i][p];
        const b = a - c.us[i][p];
        uu += a * a;
        du += b * b;
      }
      c.cost[p] += 0.5 * tau * uu - div;
      c.gap[p] += 0.5 * tau * du;
      rate += 0.5 * du;
    }
    const st = Math.sqrt(tau);
    for (let i = 0; i < d; i++) {
      const x = c.xs[i];
      const fi = c.f[i];
      const ui = c.u[i];
      const usi = c.us[i];
      const zi = z[i];
      for (let p = 0; p < n; p++) {
        x[p] += tau * (-fi[p] + sig * ui[p]) + sig * st * zi[p];
        // Σ_k u*(X_k)·ΔW_k: mean zero exactly (u* at X_k, ΔW_k drawn after), and the noise
        // that V(X_T) − V(X_0) carries (Σ∇V = −u*); adding it removes most of the spread.
        c.cost[p] += st * usi[p] * zi[p];
      }
    }
    return rate / n;
  };
  for (let k = 0; k < steps; k++) {
    const t = k * h;
    for (const z of [z1, z2]) for (const zi of z) for (let p = 0; p < n; p++) zi[p] = rng.normal();
    step(fine, t, h / 2, z1);
    step(fine, t + h / 2, h / 2, z2);
    // The coarse step's Brownian increment is the sum of the fine steps' two.
    for (let i = 0; i < d; i++) for (let p = 0; p < n; p++) z1[i][p] = (z1[i][p] + z2[i][p]) * Math.SQRT1_2;
    times[k] = t;
    gapRate[k] = step(coarse, t, h, z1);
  }
  for (const c of [coarse, fine]) {
    ref.logDensity(c.xs, sEnd, lp, n);
    for (let p = 0; p < n; p++) c.cost[p] -= lp[p];
  }
  const rich = (a: Float64Array, b: Float64Array) => a.map((v, p) => 2 * v - b[p]);
  const cost = rich(fine.cost, coarse.cost);
  const gap = rich(fine.gap, coarse.gap);
  const [c, cse] = meanSE(cost);
  const [g, gse] = meanSE(gap);
  const [r, rse] = meanSE(cost.map((v, p) => v - gap[p]));
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
