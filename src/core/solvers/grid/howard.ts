/**
 * Policy iteration (Howard; DESIGN.md §1.2) on one discretization: evaluate the current
 * policy by a sparse linear solve warm-started from the previous V, improve greedily (or
 * softly), repeat. The same routine solves one implicit time step of a finite-horizon
 * problem (shift = ρ + 1/Δt, extra right-hand side V^{n+1}/Δt).
 *
 * Policy evaluation is solved inexactly early on (tolerance tied to the last change of V),
 * tightly at the end: the outer iteration converges superlinearly either way.
 */
import type { Discretization } from './discretization';
import { PolicyEvaluator } from './linear';
import { improve, policyChanges, QEvaluator } from './policy';
import { softStep } from './soft';
import { assemblePolicy, createSystem, finishSystem, type LinearSystem } from './system';

export interface IterationStats {
  iteration: number;
  residualMax: number;
  residualL2: number;
  policyChanges: number;
  /** max |V_k − V_{k−1}|. */
  change: number;
  linearIterations: number;
}

export interface PolicyIterationOptions {
  t: number;
  shift: number;
  extra: Float64Array | null;
  extraScale: number;
  maxIter: number;
  tol: number;
  refine: boolean;
  temperature: number;
  cancelled: () => boolean;
  onIteration?: (s: IterationStats, V: Float64Array, policy: Float64Array[]) => void;
}

export interface PolicyIterationResult {
  iterations: number;
  converged: boolean;
  cancelled: boolean;
  residualMax: number;
  residualL2: number;
}

const FORCING = 0.05;

/** Reusable work arrays of policy iteration on one discretization. */
export class PolicyIteration {
  readonly ev: QEvaluator;
  readonly sys: LinearSystem;
  readonly best: Float64Array;
  readonly residual: Float64Array;
  private readonly prev: Float64Array[];
  private readonly Vold: Float64Array;
  readonly linear: PolicyEvaluator;

  constructor(
    readonly disc: Discretization,
    linearMethod: 'gauss-seidel' | 'bicgstab',
  ) {
    this.ev = new QEvaluator(disc);
    this.sys = createSystem(disc);
    this.best = new Float64Array(disc.n);
    this.residual = new Float64Array(disc.n);
    this.prev = Array.from({ length: disc.m }, () => new Float64Array(disc.n));
    this.Vold = new Float64Array(disc.n);
    this.linear = new PolicyEvaluator(disc, linearMethod);
  }

  /** Greedy (or soft) policy of V, and the system it defines. */
  private step(V: Float64Array, policy: Float64Array[], o: PolicyIterationOptions): void {
    if (o.temperature > 0) softStep(this.disc, this.ev, V, o.t, o.temperature, this.sys, policy, this.best);
    else improve(this.disc, this.ev, V, o.t, policy, this.best, { refine: o.refine, score: 'q' });
  }

  /** R = shift·V − extraScale·extra − max_a Q_a on free rows, 0 on Dirichlet rows. */
  private residuals(V: Float64Array, o: PolicyIterationOptions): { max: number; l2: number } {
    const { n, stencil } = this.disc;
    let max = 0;
    let sum = 0;
    let count = 0;
    for (let p = 0; p < n; p++) {
      if (stencil.dirichlet[p]) {
        this.residual[p] = 0;
        continue;
      }
      const r = o.shift * V[p] - (o.extra ? o.extraScale * o.extra[p] : 0) - this.best[p];
      this.residual[p] = r;
      const a = Math.abs(r);
      if (a > max) max = a;
      sum += r * r;
      count++;
    }
    return { max, l2: Math.sqrt(sum / Math.max(1, count)) };
  }

  run(V: Float64Array, policy: Float64Array[], o: PolicyIterationOptions): PolicyIterationResult {
    const { disc, sys } = this;
    const n = disc.n;
    this.step(V, policy, o);
    let res = this.residuals(V, o);
    for (let it = 1; it <= o.maxIter; it++) {
      if (o.temperature <= 0) assemblePolicy(disc, policy, o.t, sys);
      finishSystem(disc, sys, o.shift, o.extra, o.extraScale);
      this.Vold.set(V);
      let vmax = 1;
      for (let p = 0; p < n; p++) vmax = Math.max(vmax, Math.abs(V[p]));
      const tolV = o.tol * vmax;
      // Inexact policy evaluation: reduce the residual by FORCING relative to its start (the
      // Bellman residual of the new policy), never below 1 % of the tolerance on V.
      const lin = this.linear.solve(sys, V, 0.01 * tolV, FORCING, o.cancelled);
      if (lin.cancelled) {
        return {
          iterations: it,
          converged: false,
          cancelled: true,
          residualMax: res.max,
          residualL2: res.l2,
        };
      }
      for (let j = 0; j < disc.m; j++) this.prev[j].set(policy[j]);
      this.step(V, policy, o);
      res = this.residuals(V, o);
      let change = 0;
      for (let p = 0; p < n; p++) change = Math.max(change, Math.abs(V[p] - this.Vold[p]));
      const changes = policyChanges(disc, this.prev, policy);
      o.onIteration?.(
        {
          iteration: it,
          residualMax: res.max,
          residualL2: res.l2,
          policyChanges: changes,
          change,
          linearIterations: lin.iterations,
        },
        V,
        policy,
      );
      // Converged: V stopped moving although the evaluation kept reducing the residual.
      if (change <= tolV && lin.converged && it > 1) {
        return {
          iterations: it,
          converged: true,
          cancelled: false,
          residualMax: res.max,
          residualL2: res.l2,
        };
      }
      if (o.cancelled()) {
        return {
          iterations: it,
          converged: false,
          cancelled: true,
          residualMax: res.max,
          residualL2: res.l2,
        };
      }
    }
    return {
      iterations: o.maxIter,
      converged: false,
      cancelled: false,
      residualMax: res.max,
      residualL2: res.l2,
    };
  }
}
