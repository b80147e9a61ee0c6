/**
 * Closed-loop simulation: Euler–Maruyama for many paths at once under any solver's policy
 * (a BatchField, SolverDefinition.policy; clipped to each control's range), with the
 * solvers' boundary rules (reflect, periodic; constraint faces as neural PI's rollouts and
 * the Q-learning environment read them, constraint-faces.ts; exit and target stop the path
 * and collect the exit reward) and the discounted reward accumulated along each path. One
 * batch kernel call per time step for all paths.
 */
import { KernelRunner } from '../solvers/kernels';
import { SolverError } from '../solvers/problem';
import type { BatchField } from '../solvers/solver';
import { ConstraintFaces, type ProblemWithDa } from './constraint-faces';
import { Random } from './random';
import { boundaryKinds, eulerMaruyamaStep, markStops, pathKernels } from './step';

export interface SimulateOptions {
  from: number[];
  paths: number;
  /** Simulated time; defaults to the problem's horizon, else 5/ρ, else 10. */
  horizon?: number;
  dt: number;
  seed: number;
}

export interface SimulationResult {
  times: Float64Array;
  /** paths × (steps + 1) × d, row-major. */
  paths: Float64Array;
  /** Discounted reward of each path (the problem's own sense: a cost for minimize). */
  reward: Float64Array;
  /** Cumulative discounted reward: paths × (steps + 1). */
  cumulative: Float64Array;
  /** Mean and standard deviation of the state over time: (steps + 1) × d. */
  mean: Float64Array;
  std: Float64Array;
  /** Mean and standard deviation of the cumulative discounted reward over time. */
  rewardMean: Float64Array;
  rewardStd: Float64Array;
  /** Time each path stopped at an exit face or the target (NaN if it did not). */
  stopped: Float64Array;
}

export function simulate(
  problem: ProblemWithDa,
  policy: BatchField | null,
  options: SimulateOptions,
): SimulationResult {
  const d = problem.states.length;
  const m = problem.controls.length;
  const k = problem.noiseDim;
  const N = options.paths;
  const rho = problem.discount ?? 0;
  const T = options.horizon ?? problem.horizon ?? (rho > 0 ? 5 / rho : 10);
  if (!(options.dt > 0) || !(T > 0)) throw new SolverError('simulation needs dt > 0 and a positive horizon');
  if (!Number.isInteger(N) || N < 1)
    throw new SolverError('simulation needs a positive whole number of paths');
  if (options.from.length !== d) throw new SolverError(`the start point needs ${d} coordinates`);
  if (m > 0 && !policy) throw new SolverError('simulating a controlled problem needs a solution (a policy)');
  const steps = Math.max(1, Math.round(T / options.dt));
  const dt = T / steps;
  const kinds = boundaryKinds(problem);
  const x = problem.states.map((_, i) => new Float64Array(N).fill(options.from[i]));
  const { dynamics: runner, exit: exitRunner, target: targetRunner } = pathKernels(problem, x, N);
  const faces = ConstraintFaces.create(problem, kinds, N);
  const rng = new Random(options.seed);
  const dW = new Float64Array(k);
  const alive = new Uint8Array(N).fill(1);
  const stopped = new Float64Array(N).fill(Number.NaN);
  const acc = new Float64Array(N);
  const times = new Float64Array(steps + 1);
  const paths = new Float64Array(N * (steps + 1) * d);
  const cumulative = new Float64Array(N * (steps + 1));
  const record = (s: number) => {
    for (let p = 0; p < N; p++) {
      for (let i = 0; i < d; i++) paths[(p * (steps + 1) + s) * d + i] = x[i][p];
      cumulative[p * (steps + 1) + s] = problem.sense * acc[p];
    }
  };
  const hit = new Uint8Array(N);
  const stop = (t: number) => {
    // Paths on an exit face or in the target stop and collect e^{−ρt} g(x).
    const any = markStops(problem, kinds, x, alive, N, t, targetRunner, hit);
    if (!any) return;
    if (exitRunner) {
      exitRunner.t.fill(t, 0, N);
      exitRunner.run(N);
    }
    const disc = Math.exp(-rho * t);
    for (let p = 0; p < N; p++) {
      if (!alive[p] || !hit[p]) continue;
      alive[p] = 0;
      stopped[p] = t;
      if (exitRunner) acc[p] += disc * exitRunner.outs[0][p];
    }
  };
  stop(0);
  record(0);
  const policyAt = (t: number) => {
    policy!(x, t, runner.controls, N);
    for (let j = 0; j < m; j++) {
      const c = problem.controls[j];
      const out = runner.controls[j];
      for (let p = 0; p < N; p++) out[p] = Math.min(c.max, Math.max(c.min, out[p]));
    }
  };
  for (let s = 0; s < steps; s++) {
    const t = s * dt;
    times[s] = t;
    if (m > 0) policyAt(t);
    runner.t.fill(t, 0, N);
    runner.run(N);
    faces?.apply(x, alive, N, runner.controls, runner.outs, runner.t);
    const outs = runner.outs;
    const R = outs[d + d * k];
    const disc = Math.exp(-rho * t);
    for (let p = 0; p < N; p++) if (alive[p]) acc[p] += disc * R[p] * dt;
    eulerMaruyamaStep(problem, kinds, outs, x, alive, N, dt, rng, dW);
    stop(t + dt);
    record(s + 1);
  }
  times[steps] = T;
  if (problem.horizon !== null && problem.kernels.terminal) {
    const term = new KernelRunner(problem, problem.kernels.terminal, 'terminal', x, N);
    term.t.fill(T, 0, N);
    term.run(N);
    const disc = Math.exp(-rho * T);
    for (let p = 0; p < N; p++) if (alive[p]) acc[p] += disc * term.outs[0][p];
    for (let p = 0; p < N; p++) cumulative[p * (steps + 1) + steps] = problem.sense * acc[p];
  }
  const mean = new Float64Array((steps + 1) * d);
  const std = new Float64Array((steps + 1) * d);
  const rewardMean = new Float64Array(steps + 1);
  const rewardStd = new Float64Array(steps + 1);
  for (let s = 0; s <= steps; s++) {
    for (let i = 0; i < d; i++) {
      let sum = 0;
      let sum2 = 0;
      for (let p = 0; p < N; p++) {
        const v = paths[(p * (steps + 1) + s) * d + i];
        sum += v;
        sum2 += v * v;
      }
      const mu = sum / N;
      mean[s * d + i] = mu;
      std[s * d + i] = Math.sqrt(Math.max(0, sum2 / N - mu * mu) * (N > 1 ? N / (N - 1) : 1));
    }
    let sum = 0;
    let sum2 = 0;
    for (let p = 0; p < N; p++) {
      const v = cumulative[p * (steps + 1) + s];
      sum += v;
      sum2 += v * v;
    }
    rewardMean[s] = sum / N;
    rewardStd[s] = Math.sqrt(Math.max(0, sum2 / N - (sum / N) ** 2) * (N > 1 ? N / (N - 1) : 1));
  }
  const reward = new Float64Array(N);
  for (let p = 0; p < N; p++) reward[p] = problem.sense * acc[p];
  return { times, paths, reward, cumulative, mean, std, rewardMean, rewardStd, stopped };
}
