/**
 * Policy iteration (Howard; docs/numerics.md §5) on one discretization: evaluate the current
 * policy by a sparse linear solve warm-started from the previous V, improve greedily (or
 * softly), repeat. The same routine solves one implicit time step of a finite-horizon
 * problem (shift = ρ + 1/Δt, extra right-hand side V^{n+1}/Δt).
 *
 * Policy evaluation is solved inexactly early on (tolerance tied to the last change of V),
 * tightly at the end: the outer iteration converges superlinearly either way.
 *
 * Scale: V may span many orders of magnitude (Merton's CRRA value on a wide box of log
 * wealth: |V| from 1e-10 to 1e17), so every tolerance is relative to max(1, |V_p|) node by
 * node — the stop, and the linear solves (linear.ts) — never to the largest |V| of the grid,
 * under which the nodes with small |V| would not be solved at all. And a node keeps its
 * action unless the greedy one beats it by more than round-off (keepIncumbent, policy.ts):
 * policy iteration then improves monotonically and cannot cycle between near-ties.
 *
 * Undiscounted exit and minimum-time problems (shift 0, no extra term) are stochastic
 * shortest-path problems, and Howard is only sound on *proper* policies (proper.ts): from a
 * proper policy with exact evaluation every greedy policy is proper again when improper
 * ones have infinite cost (Bertsekas & Tsitsiklis 1991; with Q_π' ≥ Q_π = 0 a closed class
 * C of π' without the target would give 0 ≤ Σ_C μ Q_π' = Σ_C μ r < 0 for its stationary
 * law μ), and the values then decrease monotonically to the optimum. Evaluation here is
 * inexact and the start comes from another grid, so properness is enforced, not assumed:
 * - nodes from which the starting policy cannot reach the target are *capped*: their rows
 *   are killed at rate 1 into a cemetery of value `capValue` (below every finite value: the
 *   infinite cost made finite), so every evaluation matrix is a nonsingular M-matrix and V
 *   inside the capped set still tells how soon the target can be reached from it;
 * - after each improvement, nodes from which the new policy cannot reach the target or a
 *   capped node take back their previous action (repeated until none is left). The mixed
 *   policy is proper relative to the capped set. Capped nodes are released as soon as the
 *   target is reachable from them, so the capped set only shrinks; what stays capped cannot
 *   reach the target under any policy the iteration met.
 */
import type { Discretization } from './discretization';
import { PolicyEvaluator, type LinearMethod } from './linear';
import { improve, keepIncumbent, policyChanges } from './policy';
import { QEvaluator } from './q-evaluator';
import { Reachability } from './proper';
import { softStep } from './soft';
import { assemblePolicy, createSystem, finishSystem, type LinearSystem } from './system';

export interface IterationStats {
  iteration: number;
  residualMax: number;
  residualL2: number;
  policyChanges: number;
  /** max_p |V_k − V_{k−1}| / max(1, |V_k|) at node p. */
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
  /**
   * Undiscounted runs (shift 0, no extra term): the value of capped (improper) nodes,
   * below every finite value; default −10·max(1, |V|∞) of the starting V.
   */
  capValue?: number;
  onIteration?: (s: IterationStats, V: Float64Array, policy: Float64Array[]) => void;
  /**
   * Evaluate the given policy first instead of the greedy policy of the given V (discounted
   * problems only; undiscounted ones need the first step's properness checks). For a start
   * from a coarser grid, whose policy is as good a guess as the greedy one of its V.
   */
  evaluateFirst?: boolean;
}

export interface PolicyIterationResult {
  iterations: number;
  converged: boolean;
  cancelled: boolean;
  residualMax: number;
  residualL2: number;
}

/**
 * Inexact policy evaluation: each linear solve reduces its residual by this factor. Measured
 * on the bench cases (CPU seconds, in process, 0.02 / 0.05 / 0.1 / 0.2): double integrator
 * 401² 1.47 / 1.58 / 1.58 / 1.58, Dubins 61³ 4.98 / 5.25 / 6.11 / 4.75 — within the shared
 * machine's noise, so it is a constant, not a setting.
 */
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
  /** Undiscounted runs: 1 at capped (improper) nodes, the number of them, and their value. */
  readonly capped: Uint8Array;
  capCount = 0;
  capValue = 0;
  /** Nodes whose greedy action was refused (it made the policy improper), last improvement. */
  reverted = 0;
  private readonly bad: Uint8Array;
  private readonly old: Float64Array[];
  private reach: Reachability | null = null;
  /** Whether sys already holds the rates of the current policy. */
  private assembled = false;

  constructor(
    readonly disc: Discretization,
    linearMethod: LinearMethod,
  ) {
    this.ev = new QEvaluator(disc);
    this.sys = createSystem(disc);
    this.best = new Float64Array(disc.n);
    this.residual = new Float64Array(disc.n);
    this.prev = Array.from({ length: disc.m }, () => new Float64Array(disc.n));
    this.Vold = new Float64Array(disc.n);
    this.linear = new PolicyEvaluator(disc, linearMethod);
    this.capped = new Uint8Array(disc.n);
    this.bad = new Uint8Array(disc.n);
    this.old = Array.from({ length: disc.m }, () => new Float64Array(disc.n));
  }

  /**
   * Rates below this count as 0 for properness: 1e-9 of the largest. A node left only at
   * such a rate (e.g. an interpolated bang-bang control near 0 at v = 0) would take ~1e9
   * times the grid's time step to leave: improper in floating point.
   */
  private minRate(w: Float64Array): number {
    let max = 0;
    for (let b = 0; b < w.length; b++) if (w[b] > max) max = w[b];
    return 1e-9 * max;
  }

  private reachability(): Reachability {
    this.reach ??= new Reachability(this.disc);
    return this.reach;
  }

  /** Greedy (or soft) policy of V, and the system it defines; kept proper when `proper`. */
  private step(V: Float64Array, policy: Float64Array[], o: PolicyIterationOptions, proper: boolean): void {
    const { disc, sys } = this;
    this.assembled = false;
    if (o.temperature > 0) {
      softStep(disc, this.ev, V, o.t, o.temperature, sys, policy, this.best);
      // A Boltzmann policy is a mixture with full support: cap where even that cannot reach.
      if (proper)
        this.capCount = this.reachability().unreachable(sys.w, null, this.capped, this.minRate(sys.w));
      this.assembled = true;
      return;
    }
    for (let j = 0; j < disc.m; j++) this.old[j].set(policy[j]);
    improve(disc, this.ev, V, o.t, policy, this.best, { refine: o.refine, score: 'q' });
    keepIncumbent(disc, this.ev, V, this.old, policy, this.best, o.refine);
    if (!proper) return;
    assemblePolicy(disc, policy, o.t, sys);
    const { bad, capped, old } = this;
    const reach = this.reachability();
    const minRate = this.minRate(sys.w);
    // Refuse the new action where the chain can no longer reach the target or a capped node;
    // repeat, since the old actions may lead into nodes that keep their new one. Ends: the
    // old policy reaches the target or a capped node from every node.
    let reverted = 0;
    while (reach.unreachable(sys.w, capped, bad, minRate) > 0) {
      for (let p = 0; p < disc.n; p++) {
        if (!bad[p]) continue;
        for (let j = 0; j < disc.m; j++) policy[j][p] = old[j][p];
        reverted++;
      }
      assemblePolicy(disc, policy, o.t, sys);
    }
    // Release the capped nodes from which the target is now reachable.
    reach.unreachable(sys.w, null, bad, minRate);
    let caps = 0;
    for (let p = 0; p < disc.n; p++) {
      capped[p] &= bad[p];
      caps += capped[p];
    }
    this.capCount = caps;
    this.reverted = reverted;
    this.assembled = true;
  }

  /** R = shift·V − extraScale·extra − max_a Q_a on free rows, 0 on Dirichlet rows. */
  private residuals(V: Float64Array, o: PolicyIterationOptions): { max: number; l2: number } {
    const { n, stencil } = this.disc;
    let max = 0;
    let sum = 0;
    let count = 0;
    for (let p = 0; p < n; p++) {
      if (stencil.dirichlet[p] || this.capped[p]) {
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
    const proper = o.shift <= 0 && o.extra === null;
    this.capped.fill(0);
    this.capCount = 0;
    if (proper) {
      let vmax = 1;
      for (let p = 0; p < n; p++) vmax = Math.max(vmax, Math.abs(V[p]));
      this.capValue = o.capValue ?? -10 * vmax;
      // Caps of the starting policy (the soft step computes its own).
      if (o.temperature <= 0) {
        assemblePolicy(disc, policy, o.t, sys);
        this.capCount = this.reachability().unreachable(sys.w, null, this.capped, this.minRate(sys.w));
      }
    }
    let res = { max: Number.NaN, l2: Number.NaN };
    if (!(o.evaluateFirst && !proper && o.temperature <= 0)) {
      this.step(V, policy, o, proper);
      res = this.residuals(V, o);
    }
    for (let it = 1; it <= o.maxIter; it++) {
      if (o.temperature <= 0 && !this.assembled) assemblePolicy(disc, policy, o.t, sys);
      finishSystem(disc, sys, o.shift, o.extra, o.extraScale, proper ? this.capped : null, this.capValue);
      this.Vold.set(V);
      // Inexact policy evaluation: reduce the residual by FORCING relative to its start (the
      // Bellman residual of the new policy), never below 10 % of the tolerance on V (relative
      // to max(1, |V_p|) at each node, like the stop). 1 % cost more GMRES iterations once
      // the tolerance became per node (Dubins 61³ 72 → 77, double integrator 401² 46 → 51
      // and one more Howard iteration) for the same values to 1e-7.
      const lin = this.linear.solve(sys, V, 0.1 * o.tol, FORCING, o.cancelled);
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
      this.step(V, policy, o, proper);
      res = this.residuals(V, o);
      let change = 0;
      for (let p = 0; p < n; p++) {
        const c = Math.abs(V[p] - this.Vold[p]) / Math.max(1, Math.abs(V[p]));
        if (c > change) change = c;
      }
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
      if (change <= o.tol && lin.converged && it > 1) {
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
