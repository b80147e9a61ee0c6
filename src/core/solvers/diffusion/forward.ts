/**
 * The forward (noising) SDE dY = f(Y, s) ds + σ(s) dB of a diffusion problem, and, when
 * the drift is linear and isotropic (f = a(s)·y), its closed-form marginal kernel:
 * Y_s | Y_0 ~ N(α(s) Y_0, v(s) I) with α = exp(∫₀ˢ a) and v = ∫₀ˢ exp(2∫ᵤˢ a) σ(u)² du
 * (docs/numerics.md, "Diffusion"). The VP schedule has a = −β/2, σ² = β in closed form;
 * a user's linear drift gets α and v from tables (see `tabulated`).
 */
import type { DiffusionProblem } from '../../problem/types';
import { SolverError } from '../problem';

export interface LinearMarginal {
  /** Drift coefficient a(s) of f = a(s)·y. */
  a(s: number): number;
  /** Mean factor α(s). */
  alpha(s: number): number;
  /** Noise variance v(s) of the marginal kernel (per coordinate). */
  noiseVar(s: number): number;
}

export interface ForwardProcess {
  readonly dim: number;
  readonly horizon: number;
  /** Forward drift f(x, s) at n points (structure of arrays). */
  drift(xs: readonly Float64Array[], s: number, out: Float64Array[], n: number): void;
  /** Scalar noise σ(s) (the same on every coordinate). */
  sigma(s: number): number;
  /** The closed-form marginal kernel when the drift is linear and isotropic, else null. */
  readonly linear: LinearMarginal | null;
}

export function vpForward(dim: number, horizon: number, betaMin: number, betaMax: number): ForwardProcess {
  // β is linear over the horizon, β(0) = betaMin, β(T) = betaMax.
  const slope = (betaMax - betaMin) / horizon;
  const beta = (s: number) => betaMin + slope * s;
  const B = (s: number) => betaMin * s + 0.5 * slope * s * s;
  const linear: LinearMarginal = {
    a: (s) => -0.5 * beta(s),
    alpha: (s) => Math.exp(-0.5 * B(s)),
    noiseVar: (s) => -Math.expm1(-B(s)),
  };
  return {
    dim,
    horizon,
    linear,
    sigma: (s) => Math.sqrt(beta(s)),
    drift(xs, s, out, n) {
      const a = -0.5 * beta(s);
      for (let i = 0; i < dim; i++) {
        const x = xs[i];
        const o = out[i];
        for (let p = 0; p < n; p++) o[p] = a * x[p];
      }
    },
  };
}

/** The forward process of a problem: VP in closed form, or the user's drift and σ(t). */
export function forwardProcess(problem: DiffusionProblem): ForwardProcess {
  const { dim, horizon, forward } = problem;
  if (forward.type === 'vp') return vpForward(dim, horizon, forward.betaMin, forward.betaMax);
  const kernel = forward.kernel;
  const ins1 = Array.from({ length: dim + 1 }, () => new Float64Array(1));
  const outs1 = Array.from({ length: dim + 1 }, () => new Float64Array(1));
  const sigma = (s: number): number => {
    ins1[dim][0] = s;
    kernel.run(ins1, outs1, 1);
    const v = outs1[dim][0];
    if (!Number.isFinite(v)) throw new SolverError(`the forward sigma(t) is not finite at t = ${s}`);
    return Math.abs(v);
  };
  let tIn = new Float64Array(0);
  let sigOut = new Float64Array(0);
  const drift = (xs: readonly Float64Array[], s: number, out: Float64Array[], n: number): void => {
    if (tIn.length < n) {
      tIn = new Float64Array(n);
      sigOut = new Float64Array(n);
    }
    tIn.fill(s, 0, n);
    kernel.run([...xs, tIn], [...out, sigOut], n);
  };
  const a = linearCoefficient(drift, dim, horizon);
  return {
    dim,
    horizon,
    sigma,
    drift,
    linear: a ? tabulated(a, sigma, horizon) : null,
  };
}

/**
 * a(s) when f(x, s) = a(s)·x holds at probe points spread over space and time (to
 * 1e-9 relative), else null: then only the grid solution and the samplers apply.
 */
function linearCoefficient(
  drift: ForwardProcess['drift'],
  dim: number,
  horizon: number,
): ((s: number) => number) | null {
  const n = 32;
  const xs = Array.from({ length: dim }, (_, i) =>
    Float64Array.from({ length: n }, (__, p) => Math.sin(1.7 * (p + 1) * (i + 1.3)) * (1 + (p % 5))),
  );
  const out = Array.from({ length: dim }, () => new Float64Array(n));
  const unit = Array.from({ length: dim }, (_, i) => Float64Array.of(i === 0 ? 1 : 0));
  const uOut = Array.from({ length: dim }, () => new Float64Array(1));
  const a = (s: number): number => {
    drift(unit, s, uOut, 1);
    return uOut[0][0];
  };
  for (let k = 0; k <= 8; k++) {
    const s = (horizon * k) / 8;
    const ak = a(s);
    if (!Number.isFinite(ak)) return null;
    drift(xs, s, out, n);
    for (let i = 0; i < dim; i++)
      for (let p = 0; p < n; p++) {
        const want = ak * xs[i][p];
        if (Math.abs(out[i][p] - want) > 1e-9 * (1 + Math.abs(want))) return null;
      }
  }
  return a;
}

/**
 * α(s) = e^{A(s)}, A = ∫₀ˢ a, and v(s) = e^{2A(s)} I(s), I = ∫₀ˢ e^{−2A(u)} σ(u)² du, from
 * composite Simpson tables on 2048 panels, read back by cubic Hermite interpolation with the
 * exact derivatives A' = a, I' = e^{−2A}σ² (interpolation error O(h⁴) ≈ 1e−13 for smooth
 * coefficients; the VP case through this path matches its closed form to 1e−10 in the tests).
 */
function tabulated(a: (s: number) => number, sigma: (s: number) => number, horizon: number): LinearMarginal {
  const m = 2048;
  const h = horizon / m;
  const A = new Float64Array(m + 1);
  const I = new Float64Array(m + 1);
  const dA = new Float64Array(m + 1);
  const dI = new Float64Array(m + 1);
  for (let k = 0; k <= m; k++) dA[k] = a(k * h);
  for (let k = 0; k < m; k++) A[k + 1] = A[k] + (h / 6) * (dA[k] + 4 * a((k + 0.5) * h) + dA[k + 1]);
  const aMid = (k: number): number => A[k] + (h / 8) * (dA[k] - dA[k + 1]) + 0.5 * (A[k + 1] - A[k]);
  const g = (Ak: number, s: number): number => Math.exp(-2 * Ak) * sigma(s) ** 2;
  for (let k = 0; k <= m; k++) dI[k] = g(A[k], k * h);
  for (let k = 0; k < m; k++) I[k + 1] = I[k] + (h / 6) * (dI[k] + 4 * g(aMid(k), (k + 0.5) * h) + dI[k + 1]);
  for (let k = 0; k <= m; k++)
    if (!Number.isFinite(A[k]) || !Number.isFinite(I[k]))
      throw new SolverError('the forward SDE overflows: its marginal is not finite over the horizon');
  const hermite = (f: Float64Array, df: Float64Array, s: number): number => {
    const x = Math.min(Math.max(s / h, 0), m);
    const k = Math.min(Math.floor(x), m - 1);
    const u = x - k;
    const u2 = u * u;
    const u3 = u2 * u;
    return (
      (2 * u3 - 3 * u2 + 1) * f[k] +
      (u3 - 2 * u2 + u) * h * df[k] +
      (-2 * u3 + 3 * u2) * f[k + 1] +
      (u3 - u2) * h * df[k + 1]
    );
  };
  return {
    a,
    alpha: (s) => Math.exp(hermite(A, dA, s)),
    noiseVar: (s) => Math.exp(2 * hermite(A, dA, s)) * hermite(I, dI, s),
  };
}
