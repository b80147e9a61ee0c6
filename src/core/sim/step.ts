/**
 * One Euler–Maruyama step of many paths under the problem's boundary rules, and the test
 * for paths that stop (exit faces, target set). Shared by closed-loop simulation and the
 * learner's environment, so both move the process the solvers optimise.
 */
import { applyBoundary, leaves } from '../grid/boundary';
import type { Boundary } from '../problem/types';
import { KernelRunner } from '../solvers/kernels';
import type { SolverProblem } from '../solvers/problem';
import type { Random } from './random';

/** The boundary rule of each state (periodic states always wrap). */
export function boundaryKinds(problem: Pick<SolverProblem, 'states'>): Boundary[] {
  return problem.states.map((s) => (s.periodic ? 'periodic' : s.boundary));
}

/** The kernels a path reads at every step: the dynamics, and the exit and target tests the problem has. */
export interface PathKernels {
  dynamics: KernelRunner;
  exit: KernelRunner | null;
  target: KernelRunner | null;
}

/** Runners of the path kernels over the n points of `x` (one array per state). */
export function pathKernels(problem: SolverProblem, x: readonly Float64Array[], n: number): PathKernels {
  const { exit, target } = problem.kernels;
  return {
    dynamics: new KernelRunner(problem, problem.kernels.dynamics, 'dynamics', x, n),
    exit: exit ? new KernelRunner(problem, exit, 'exit', x, n) : null,
    target: target ? new KernelRunner(problem, target, 'target', x, n) : null,
  };
}

/**
 * Moves every alive path p < n by x += f dt + Σ dW from the dynamics kernel's outputs
 * `outs` (drift, then Σ row-major). Exit coordinates are left outside the box for
 * `markStops`; the other faces apply their rule. Draws k normals per alive path, in path order.
 */
export function eulerMaruyamaStep(
  problem: Pick<SolverProblem, 'states' | 'noiseDim'>,
  kinds: readonly Boundary[],
  outs: readonly Float64Array[],
  x: readonly Float64Array[],
  alive: Uint8Array,
  n: number,
  dt: number,
  rng: Random,
  dW: Float64Array,
): void {
  const d = problem.states.length;
  const k = problem.noiseDim;
  const sq = Math.sqrt(dt);
  for (let p = 0; p < n; p++) {
    if (!alive[p]) continue;
    for (let l = 0; l < k; l++) dW[l] = sq * rng.normal();
    for (let i = 0; i < d; i++) {
      let v = x[i][p] + outs[i][p] * dt;
      for (let l = 0; l < k; l++) v += outs[d + i * k + l][p] * dW[l];
      const st = problem.states[i];
      x[i][p] = kinds[i] === 'exit' ? v : applyBoundary(kinds[i], st.min, st.max, v);
    }
  }
}

/**
 * Marks in `hit` the alive paths that are on an exit face (clamping them onto it) or, when
 * a target kernel is given, inside the target at time t. Returns whether any may have hit.
 */
export function markStops(
  problem: Pick<SolverProblem, 'states'>,
  kinds: readonly Boundary[],
  x: readonly Float64Array[],
  alive: Uint8Array,
  n: number,
  t: number,
  target: KernelRunner | null,
  hit: Uint8Array,
): boolean {
  const d = problem.states.length;
  let any = false;
  hit.fill(0, 0, n);
  for (let p = 0; p < n; p++) {
    if (!alive[p]) continue;
    for (let i = 0; i < d; i++) {
      const s = problem.states[i];
      if (kinds[i] === 'exit' && leaves(s.min, s.max, x[i][p])) {
        x[i][p] = Math.min(s.max, Math.max(s.min, x[i][p]));
        hit[p] = 1;
      }
    }
    any ||= hit[p] === 1;
  }
  if (target) {
    target.t.fill(t, 0, n);
    target.run(n);
    for (let p = 0; p < n; p++) if (alive[p] && target.outs[0][p] > 0.5) hit[p] = 1;
    any = true;
  }
  return any;
}
