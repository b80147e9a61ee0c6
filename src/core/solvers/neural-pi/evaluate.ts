/**
 * The trained model at given states: V and the policy in the problem's own sense, the
 * policy-HJB residual ρV − (r + L^{α}V) with exact ∇V, ∇²V, and the problem's exact
 * solution when it has one. Shared by the per-iteration diagnostics and the display.
 */
import { KernelRunner } from '../kernels';
import { relativeL2 } from '../relative-error';
import type { PiProblem } from './problem';
import { criticField, Hamiltonian } from './improve';
import { actorControls, scaleInputs, type NeuralPiModel } from './model';

export interface ModelFields {
  value: Float64Array;
  policy: Float64Array[];
  residual: Float64Array;
  /**
   * Per point √(r² + (ρV)² + (∇V·f)² + (½Tr(ΣΣᵀ∇²V))²): the size of the terms the HJB
   * balances, the residual's yardstick (relativeResidual).
   */
  terms: Float64Array;
}

export function evaluateModel(
  problem: PiProblem,
  model: NeuralPiModel,
  xs: Float64Array[],
  n: number,
): ModelFields {
  const m = problem.controls.length;
  const field = criticField(model, xs, n);
  const policy = problem.controls.map(() => new Float64Array(n));
  actorControls(model, field.Xn, n, policy, new Float64Array(n * m));
  const rho = problem.discount ?? 0;
  const value = new Float64Array(n);
  const residual = new Float64Array(n);
  const terms = new Float64Array(n);
  const chunk = 1024;
  const ham = new Hamiltonian(problem, Math.min(n, chunk));
  const idx = new Int32Array(Math.min(n, chunk));
  const Hb = new Float64Array(idx.length);
  const parts = new Float64Array(2 * idx.length);
  for (let p0 = 0; p0 < n; p0 += chunk) {
    const b = Math.min(chunk, n - p0);
    for (let q = 0; q < b; q++) idx[q] = p0 + q;
    for (let j = 0; j < m; j++) ham.controls[j].set(policy[j].subarray(p0, p0 + b));
    ham.evaluate(field, idx, b, Hb, undefined, parts);
    const R = ham.rewardOutput();
    for (let q = 0; q < b; q++) {
      const p = p0 + q;
      const rhoV = rho * field.V[p];
      residual[p] = problem.sense * (rhoV - Hb[q]);
      terms[p] = Math.sqrt(R[q] ** 2 + rhoV ** 2 + parts[2 * q] ** 2 + parts[2 * q + 1] ** 2);
      value[p] = problem.sense * field.V[p];
    }
  }
  return { value, policy, residual, terms };
}

/**
 * The HJB residual relative to the terms it balances, ‖ρV − r − ∇V·f − ½Tr(ΣΣᵀ∇²V)‖ over
 * ‖(r, ρV, ∇V·f, ½Tr(ΣΣᵀ∇²V))‖ (L2 over the states): 0 when V solves the policy's HJB, 1
 * when the mismatch is as large as the terms. ‖ρV‖ alone, with a small ρ, magnified the
 * derivatives' error: 1-D LQR (ρ = 0.1), V within 0.5 %, residual 0.41–0.53 by that
 * yardstick (docs/numerics.md, "Neural policy iteration").
 */
export function relativeResidual(ev: ModelFields, n: number): number {
  const size = norm2(ev.terms, n);
  return size > 0 ? norm2(ev.residual, n) / size : norm2(ev.residual, n);
}

/** The exact value (output 0) and policies (1…) at the states, or null. */
export function exactFields(problem: PiProblem, xs: Float64Array[], n: number): Float64Array[] | null {
  const kernel = problem.kernels.exact;
  if (!kernel) return null;
  const runner = new KernelRunner(problem, kernel, 'exact', xs, n);
  runner.setConstantControls(
    problem.controls.map((c) => 0.5 * (c.min + c.max)),
    n,
  );
  runner.run(n);
  return runner.outs.map((o) => o.slice(0, n));
}

/**
 * How far V and the policy moved between two outer iterations over the same test states:
 * the L2 change of the policy (all controls together) relative to the earlier one, and of V
 * the same for a 'linear' critic or the root mean square of the pointwise relative change for
 * a 'log' one, whose V spans decades over the box (Merton, γ = 5 on z ∈ [−8, 8]: e³⁸), so
 * that a few states at one edge do not decide alone.
 */
export function movement(
  now: ModelFields,
  before: ModelFields,
  n: number,
  logValue: boolean,
): { value: number; policy: number } {
  let value: number;
  if (logValue) {
    let s = 0;
    for (let p = 0; p < n; p++) {
      const den = Math.max(Math.abs(now.value[p]), Math.abs(before.value[p]));
      s += den > 0 ? ((now.value[p] - before.value[p]) / den) ** 2 : 0;
    }
    value = Math.sqrt(s / Math.max(1, n));
  } else value = relativeL2([now.value], [before.value], n);
  return { value, policy: relativeL2(now.policy, before.policy, n) };
}

export function norm2(a: Float64Array, n: number): number {
  let s = 0;
  for (let p = 0; p < n; p++) s += a[p] * a[p];
  return Math.sqrt(s);
}

/**
 * The closed loop's fastest relaxation rate: the 90th percentile over the states of
 * max_i |∂F_i/∂x_i| for F(x) = f(x, α(x)), by forward differences. The Euler–Maruyama
 * bias of a rollout value is about λΔt/2 relative for a rate λ (1-D LQR, docs/numerics.md).
 */
export function closedLoopRate(
  problem: PiProblem,
  model: NeuralPiModel,
  xs: Float64Array[],
  n: number,
): number {
  const d = problem.states.length;
  const m = problem.controls.length;
  const pts = xs.map((x) => x.slice(0, n));
  const runner = new KernelRunner(problem, problem.kernels.dynamics, 'dynamics', pts, n);
  const Xn = new Float64Array(n * d);
  const buf = new Float64Array(n * m);
  const drift = (out: Float64Array[]) => {
    scaleInputs(model, pts, n, Xn);
    actorControls(model, Xn, n, runner.controls, buf);
    runner.run(n);
    for (let i = 0; i < d; i++) out[i].set(runner.outs[i].subarray(0, n));
  };
  const F0 = pts.map(() => new Float64Array(n));
  const F1 = pts.map(() => new Float64Array(n));
  drift(F0);
  const rate = new Float64Array(n);
  for (let i = 0; i < d; i++) {
    const s = problem.states[i];
    const h = 1e-4 * (s.max - s.min);
    // Step towards the box's middle so the shifted point stays inside.
    const sh = Float64Array.from(pts[i], (v) => (v + h <= s.max ? h : -h));
    for (let p = 0; p < n; p++) pts[i][p] += sh[p];
    drift(F1);
    for (let p = 0; p < n; p++) {
      pts[i][p] -= sh[p];
      rate[p] = Math.max(rate[p], Math.abs((F1[i][p] - F0[i][p]) / sh[p]));
    }
  }
  rate.sort();
  return rate[Math.min(n - 1, Math.floor(0.9 * n))];
}
