/**
 * A compiled control problem seen as a batch of simulated systems, the only door through
 * which the model-free learner reaches a problem (docs/numerics.md, "Q-learning"). It moves
 * `size` copies of the controlled diffusion by Euler–Maruyama under the problem's boundary
 * rules and the admissible controls of 'constraint' faces (the same step and the same rule
 * as closed-loop simulation: sim/step.ts, sim/constraint-faces.ts) and hands back
 * transitions: the reward integrated over the step, the next state, and whether the path
 * stopped.
 *
 * The object returned by createEnvironment holds numbers and closures only: the kernels
 * and expressions stay in this module's scope, so nothing reachable from it leads back to
 * f, Σ or r.
 */
import { KernelRunner } from '../solvers/kernels';
import { SolverError } from '../solvers/problem';
import { Random } from '../sim/random';
import { boundaryKinds, eulerMaruyamaStep, markStops, pathKernels } from '../sim/step';
import { ConstraintFaces, type ProblemWithDa } from '../sim/constraint-faces';

export interface Box {
  readonly min: readonly number[];
  readonly max: readonly number[];
}

/** What one step returns; the arrays are reused by the next step. */
export interface Transition {
  /** 1 where the system was running at the start of the step (the transition is real). */
  readonly active: Uint8Array;
  /** ∫ e^{−ρs} r ds over the step (left-point rule), plus the discounted exit or terminal reward when it stopped. */
  readonly reward: Float64Array;
  /** Next states, size × stateDim, row-major. */
  readonly next: Float64Array;
  /** 1 where the system stopped during the step (exit face, target, or the horizon). */
  readonly done: Uint8Array;
}

export interface Environment {
  /** Number of systems moved together. */
  readonly size: number;
  readonly stateDim: number;
  readonly controlDim: number;
  /** Where start states are drawn (uniformly); also the box the states stay in. */
  readonly stateBox: Box;
  readonly controlBox: Box;
  /** ρ ≥ 0 (0 when the problem has no discount). */
  readonly discount: number;
  /** T for finite-horizon problems (time then enters the state), else null. */
  readonly horizon: number | null;
  /**
   * Starts every system afresh: states uniform in the box (and, for finite horizon, start
   * times uniform in [0, T)). Returns the states (size × stateDim, row-major, a live view).
   */
  reset(seed: number): Float64Array;
  /** Current states (size × stateDim, row-major, a live view). */
  states(): Float64Array;
  /** Current times (for finite horizon, the time input of the learner) — a live view. */
  times(): Float64Array;
  /** Applies actions (size × controlDim, row-major; clamped to the box) for dt. */
  step(actions: Float64Array, dt: number): Transition;
}

export function createEnvironment(problem: ProblemWithDa, size: number): Environment {
  if (!Number.isInteger(size) || size < 1)
    throw new SolverError('the environment needs a positive whole number of systems');
  const d = problem.states.length;
  const m = problem.controls.length;
  const N = size;
  const rho = problem.discount ?? 0;
  const T = problem.horizon;
  const kinds = boundaryKinds(problem);
  const faces = ConstraintFaces.create(problem, kinds, N);
  const x = problem.states.map(() => new Float64Array(N));
  const { dynamics: runner, exit: exitRunner, target: targetRunner } = pathKernels(problem, x, N);
  const terminalRunner =
    T !== null && problem.kernels.terminal
      ? new KernelRunner(problem, problem.kernels.terminal, 'terminal', x, N)
      : null;
  const rowMajor = new Float64Array(N * d);
  const time = new Float64Array(N);
  const alive = new Uint8Array(N);
  const hit = new Uint8Array(N);
  const dW = new Float64Array(problem.noiseDim);
  const h = new Float64Array(N);
  const moved = new Uint8Array(N);
  const group = new Uint8Array(N);
  const out: Transition = {
    active: new Uint8Array(N),
    reward: new Float64Array(N),
    next: new Float64Array(N * d),
    done: new Uint8Array(N),
  };
  let rng = new Random(1);
  const cmin = problem.controls.map((c) => c.min);
  const cmax = problem.controls.map((c) => c.max);

  const exportStates = () => {
    for (let p = 0; p < N; p++) for (let i = 0; i < d; i++) rowMajor[p * d + i] = x[i][p];
    return rowMajor;
  };

  /** Stops the alive systems in `hit`, adding e^{−ρh} g (g from the kernel `g`, if any) to their reward. */
  const collect = (g: KernelRunner | null) => {
    if (g) {
      g.t.set(time);
      g.run(N);
    }
    for (let p = 0; p < N; p++) {
      if (!hit[p] || !alive[p]) continue;
      if (g) out.reward[p] += Math.exp(-rho * h[p]) * g.outs[0][p];
      alive[p] = 0;
      out.done[p] = 1;
    }
  };

  /** Marks alive systems inside the target at their current times. */
  const markTarget = () => {
    if (!targetRunner) return false;
    targetRunner.t.set(time);
    targetRunner.run(N);
    let any = false;
    for (let p = 0; p < N; p++)
      if (alive[p] && targetRunner.outs[0][p] > 0.5) {
        hit[p] = 1;
        any = true;
      }
    return any;
  };

  const env: Environment = {
    size: N,
    stateDim: d,
    controlDim: m,
    stateBox: Object.freeze({
      min: Object.freeze(problem.states.map((s) => s.min)),
      max: Object.freeze(problem.states.map((s) => s.max)),
    }),
    controlBox: Object.freeze({ min: Object.freeze([...cmin]), max: Object.freeze([...cmax]) }),
    discount: rho,
    horizon: T,
    reset(seed: number) {
      rng = new Random(seed);
      for (let p = 0; p < N; p++) {
        for (let i = 0; i < d; i++) {
          const s = problem.states[i];
          x[i][p] = s.min + (s.max - s.min) * rng.uniform();
        }
        time[p] = T !== null ? T * rng.uniform() : 0;
      }
      alive.fill(1);
      // Systems that start on an exit face or in the target are over before they begin.
      markStops(problem, kinds, x, alive, N, 0, null, hit);
      markTarget();
      for (let p = 0; p < N; p++) if (hit[p]) alive[p] = 0;
      return exportStates();
    },
    states: () => rowMajor,
    times: () => time,
    step(actions: Float64Array, dt: number) {
      if (!(dt > 0) || !Number.isFinite(dt))
        throw new SolverError(`the time step must be positive, not ${dt}`);
      if (actions.length < N * m) throw new SolverError(`step needs ${N * m} actions, got ${actions.length}`);
      for (let j = 0; j < m; j++) {
        const c = runner.controls[j];
        for (let p = 0; p < N; p++) c[p] = Math.min(cmax[j], Math.max(cmin[j], actions[p * m + j]));
      }
      for (let p = 0; p < N; p++) h[p] = T !== null ? Math.max(0, Math.min(dt, T - time[p])) : dt;
      runner.t.set(time);
      runner.run(N);
      faces?.apply(x, alive, N, runner.controls, runner.outs, time);
      const r = runner.outs[d + d * problem.noiseDim];
      out.active.set(alive);
      out.done.fill(0);
      for (let p = 0; p < N; p++) out.reward[p] = alive[p] ? r[p] * h[p] : 0;
      // Finite horizon: a system's last step may be shorter (it ends exactly at T), so
      // systems are moved in groups of equal step (one group, two at most in practice).
      if (T === null) {
        eulerMaruyamaStep(problem, kinds, runner.outs, x, alive, N, dt, rng, dW);
        for (let p = 0; p < N; p++) if (alive[p]) time[p] += dt;
      } else {
        moved.fill(0);
        for (let p0 = 0; p0 < N; p0++) {
          if (!alive[p0] || moved[p0]) continue;
          group.fill(0);
          for (let p = p0; p < N; p++) if (alive[p] && !moved[p] && h[p] === h[p0]) group[p] = moved[p] = 1;
          if (h[p0] > 0) eulerMaruyamaStep(problem, kinds, runner.outs, x, group, N, h[p0], rng, dW);
        }
        for (let p = 0; p < N; p++) if (alive[p]) time[p] += h[p];
      }
      const exited = markStops(problem, kinds, x, alive, N, 0, null, hit);
      if (markTarget() || exited) collect(exitRunner);
      if (T !== null) {
        hit.fill(0);
        for (let p = 0; p < N; p++) if (alive[p] && time[p] >= T * (1 - 1e-12)) hit[p] = 1;
        collect(terminalRunner);
      }
      exportStates();
      out.next.set(rowMajor);
      return out;
    },
  };

  return Object.freeze(env);
}
