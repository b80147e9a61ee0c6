/**
 * Samplers: the controlled reverse process dX = (μ(X, t) + Σ(t) u(X, t)) dt + Σ(t) dW with
 * μ(x, t) = −f(x, T−t), Σ(t) = σ(T−t), by Euler–Maruyama ('sde'), and its probability-flow
 * ODE dX = (μ + ½Σu) dt by Heun's method ('ode'). With u = u* both carry p_T to p_data
 * (docs/numerics.md, "Diffusion"). The control is any batch field u(x, t): exact, grid or
 * trained. Particles are structure-of-arrays Float64Arrays updated in place; every buffer is
 * allocated once per call.
 */
import type { Random } from '../../sim/random';
import { SolverError } from '../problem';
import type { BatchField } from '../solver';
import type { ForwardProcess } from './forward';

export type SamplerMethod = 'sde' | 'ode';

export interface SamplerOptions {
  method: SamplerMethod;
  /** Uniform steps in control time from t = 0 to t = T − sEnd. */
  steps: number;
  /** The forward time where sampling stops (the score of data with atoms blows up at s = 0). */
  sEnd: number;
  /** Noise for 'sde'. */
  rng: Random;
  /** Called after every step with the control time reached (for live views); may be omitted. */
  onStep?: (t: number, xs: readonly Float64Array[]) => void;
}

/** Moves n particles xs (drawn from p_T) along the reverse process to t = T − sEnd. */
export function sampleReverse(
  forward: ForwardProcess,
  control: BatchField,
  xs: Float64Array[],
  n: number,
  opts: SamplerOptions,
): void {
  const { dim: d, horizon: T } = forward;
  const { method, steps, sEnd, rng } = opts;
  if (!(Number.isInteger(steps) && steps >= 1))
    throw new SolverError(`sampler steps must be ≥ 1, not ${steps}`);
  if (!(sEnd >= 0 && sEnd < T))
    throw new SolverError(`the sampler's end time must lie in [0, T), not ${sEnd}`);
  const h = (T - sEnd) / steps;
  const f = alloc(d, n);
  const u = alloc(d, n);
  const b0 = alloc(d, n);
  const b1 = method === 'ode' ? alloc(d, n) : [];
  const xt = method === 'ode' ? alloc(d, n) : [];
  // out = μ + c·Σu at (x, t), with c = 1 (SDE drift) or ½ (probability flow); returns Σ(t).
  const drift = (x: readonly Float64Array[], t: number, c: number, out: Float64Array[]): number => {
    const s = T - t;
    const sig = forward.sigma(s);
    forward.drift(x, s, f, n);
    control(x, t, u, n);
    const cs = c * sig;
    for (let i = 0; i < d; i++) {
      const o = out[i];
      const fi = f[i];
      const ui = u[i];
      for (let p = 0; p < n; p++) o[p] = -fi[p] + cs * ui[p];
    }
    return sig;
  };
  for (let k = 0; k < steps; k++) {
    const t = k * h;
    if (method === 'sde') {
      const g = drift(xs, t, 1, b0) * Math.sqrt(h);
      for (let i = 0; i < d; i++) {
        const x = xs[i];
        const b = b0[i];
        for (let p = 0; p < n; p++) x[p] += h * b[p] + g * rng.normal();
      }
    } else {
      drift(xs, t, 0.5, b0);
      for (let i = 0; i < d; i++) {
        const x = xs[i];
        const y = xt[i];
        const b = b0[i];
        for (let p = 0; p < n; p++) y[p] = x[p] + h * b[p];
      }
      drift(xt, t + h, 0.5, b1);
      for (let i = 0; i < d; i++) {
        const x = xs[i];
        const a = b0[i];
        const b = b1[i];
        for (let p = 0; p < n; p++) x[p] += 0.5 * h * (a[p] + b[p]);
      }
    }
    for (let i = 0; i < d; i++)
      for (let p = 0; p < n; p++)
        if (!Number.isFinite(xs[i][p]))
          throw new SolverError(
            `sampling diverged at t = ${(t + h).toPrecision(3)}: the control is not finite`,
          );
    opts.onStep?.(t + h, xs);
  }
}

function alloc(d: number, n: number): Float64Array[] {
  return Array.from({ length: d }, () => new Float64Array(n));
}
