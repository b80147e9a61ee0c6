/**
 * Finite horizon (docs/numerics.md §2.3, §9): −∂_t V = max_a {r + L^a_t V} − ρV, V(T) = g, stepped
 * backward from T to 0 on the stencil of stencil.ts.
 * - implicit: (1/Δt + ρ) V^n − max_a {r + L^a V^n} = V^{n+1}/Δt at t_n, each step solved by
 *   policy iteration warm-started from the previous step (unconditionally stable, monotone);
 * - explicit: V^n = V^{n+1} + Δt (max_a {r + L^a V^{n+1}} − ρV^{n+1}) with
 *   Δt ≤ 1/(ρ + max jump rate) (the CFL bound that keeps the update a convex combination,
 *   i.e. monotone), recomputed every step since the rates may depend on t.
 * V and the policy are stored at `times` equally spaced times, both ends included.
 */
import { KernelRunner } from '../kernels';
import { SolverError } from '../problem';
import type { Discretization } from './discretization';
import { PolicyIteration } from './howard';
import type { LinearMethod } from './linear';
import { improve } from './policy';
import { QEvaluator } from './q-evaluator';
import type { Reporter } from './report';
import type { GridSettings } from './settings';

export interface FiniteHorizonResult {
  times: Float64Array;
  /** Internal sense, time-major: times.length · n. */
  values: Float64Array;
  policies: Float64Array[];
  steps: number;
  cancelled: boolean;
  residual: Float64Array;
  residualMax: number;
  residualL2: number;
}

export function finiteHorizon(
  disc: Discretization,
  settings: GridSettings,
  linearMethod: LinearMethod,
  reporter: Reporter,
): FiniteHorizonResult {
  const { problem, n, m, rho, stencil, dirichletValue } = disc;
  const T = problem.horizon ?? 0;
  const K = settings.times;
  const times = new Float64Array(K);
  for (let i = 0; i < K; i++) times[i] = (T * i) / (K - 1);
  const values = new Float64Array(K * n);
  const policies = Array.from({ length: m }, () => new Float64Array(K * n));
  const V = new Float64Array(n);
  const policy = Array.from({ length: m }, (_, j) => new Float64Array(n).fill(problem.controls[j].min));
  terminalValue(disc, T, V);
  for (let p = 0; p < n; p++) if (stencil.dirichlet[p]) V[p] = dirichletValue[p];
  const ev = new QEvaluator(disc);
  const best = new Float64Array(n);
  improve(disc, ev, V, T, policy, best, { refine: settings.refine, score: 'q' });
  const store = (i: number) => {
    values.set(V, i * n);
    for (let j = 0; j < m; j++) policies[j].set(policy[j], i * n);
  };
  store(K - 1);
  const Vnext = new Float64Array(n);
  let step = 0;
  let lastDt = T / Math.max(1, settings.timeSteps);
  const result = (cancelled: boolean): FiniteHorizonResult => {
    const r = finalResidual(disc, ev, V, Vnext, lastDt, policy, best);
    return { times, values, policies, steps: step, cancelled, ...r };
  };
  if (settings.stepping === 'implicit') {
    const stepsPer = Math.ceil(settings.timeSteps / (K - 1));
    const dt = T / ((K - 1) * stepsPer);
    lastDt = dt;
    const pi = new PolicyIteration(disc, linearMethod);
    for (let i = K - 2; i >= 0; i--) {
      for (let s = 0; s < stepsPer; s++) {
        const t = s === stepsPer - 1 ? times[i] : times[i + 1] - (s + 1) * dt;
        Vnext.set(V);
        const res = pi.run(V, policy, {
          t,
          shift: rho + 1 / dt,
          extra: Vnext,
          extraScale: 1 / dt,
          maxIter: 20,
          tol: settings.tol,
          refine: settings.refine,
          temperature: settings.temperature,
          cancelled: () => reporter.cancelled(),
        });
        step++;
        reporter.iteration(
          {
            iteration: step,
            residualMax: res.residualMax,
            residualL2: res.residualL2,
            policyChanges: 0,
            time: t,
          },
          V,
          policy,
        );
        if (res.cancelled || reporter.cancelled()) return result(true);
      }
      store(i);
    }
    return result(false);
  }
  if (settings.temperature > 0)
    throw new SolverError('the soft HJB (temperature > 0) needs implicit time stepping');
  let t = T;
  for (let i = K - 2; i >= 0; i--) {
    while (t > times[i] + 1e-12 * T) {
      const { maxOut } = improve(disc, ev, V, t, policy, best, {
        refine: settings.refine,
        score: 'q',
        wantOut: true,
      });
      const dt = Math.min(t - times[i], 1 / (rho + maxOut));
      Vnext.set(V);
      for (let p = 0; p < n; p++) if (!stencil.dirichlet[p]) V[p] += dt * (best[p] - rho * V[p]);
      t -= dt;
      lastDt = dt;
      step++;
      if ((step & 15) === 0 || t <= times[i] + 1e-12 * T) {
        reporter.iteration(
          { iteration: step, residualMax: 0, residualL2: 0, policyChanges: 0, time: t },
          V,
          policy,
        );
        if (reporter.cancelled()) return result(true);
      }
    }
    t = times[i];
    improve(disc, ev, V, t, policy, best, { refine: settings.refine, score: 'q' });
    store(i);
  }
  return result(false);
}

/** V(T) = g(x), the terminal reward (0 when the problem has none). */
function terminalValue(disc: Discretization, T: number, V: Float64Array): void {
  const kernel = disc.problem.kernels.terminal;
  if (!kernel) {
    V.fill(0);
    return;
  }
  const r = new KernelRunner(disc.problem, kernel, 'terminal', disc.coords, disc.n);
  r.setConstantControls(
    disc.problem.controls.map((c) => 0.5 * (c.min + c.max)),
    disc.n,
  );
  r.t.fill(T, 0, disc.n);
  r.run(disc.n, disc.stencil.dirichlet);
  V.set(r.outs[0].subarray(0, disc.n));
}

/** Residual of the last (earliest) step in implicit form: ρV⁰ + (V⁰ − V¹)/Δt − max_a Q_a(V⁰). */
function finalResidual(
  disc: Discretization,
  ev: QEvaluator,
  V: Float64Array,
  Vnext: Float64Array,
  dt: number,
  policy: Float64Array[],
  best: Float64Array,
) {
  const { n, rho, stencil } = disc;
  const probe = policy.map((a) => a.slice());
  improve(disc, ev, V, 0, probe, best, { refine: false, score: 'q' });
  const residual = new Float64Array(n);
  let max = 0;
  let sum = 0;
  let count = 0;
  for (let p = 0; p < n; p++) {
    if (stencil.dirichlet[p]) continue;
    const r = rho * V[p] + (V[p] - Vnext[p]) / dt - best[p];
    residual[p] = r;
    max = Math.max(max, Math.abs(r));
    sum += r * r;
    count++;
  }
  return { residual, residualMax: max, residualL2: Math.sqrt(sum / Math.max(1, count)) };
}
