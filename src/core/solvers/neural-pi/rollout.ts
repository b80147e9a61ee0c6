/**
 * Policy evaluation by Feynman–Kac Monte Carlo (docs/numerics.md, "Neural policy
 * iteration"): from each start state, M closed-loop Euler–Maruyama paths under the actor,
 * in antithetic pairs (ξ, −ξ), with the problem's boundary rules (reflect, periodic and
 * constraint move the point back into the box, and on a constraint face the control and
 * noise are made admissible first, sim/constraint-faces.ts; exit faces and targets stop the path and
 * collect the exit reward), truncated at T with the critic's bootstrap:
 *   y(x₀) = mean over paths of  Σ_n e^{−ρ t_n} w r(X_n, a_n) + e^{−ρT} V_θ(X_T),
 * w = (1 − e^{−ρΔt})/ρ, the exact discount weight of one step.
 *
 * The bootstrap is left to the caller (bootstrapEstimates), so the stored paths serve
 * several critic fits: evaluating a fixed policy by the fixed-point iteration
 * V ← returns + e^{−ρT}E[V(X_T)] costs one simulation, not one per sweep.
 *
 * With `controlVariate`, each path's return is less the martingale
 *   Σ_n e^{−ρ t_n} ∇V_θ(X_{t_b})ᵀ Σ(X_n, a_n) ΔW_n,
 * ∇V_θ the current critic's gradient, held over blocks of CONTROL_BLOCK steps (t_b the
 * block's start), or read at every step from a table when the actor is tabulated. Its mean is exactly 0 (the integrand is known before each ΔW_n), so the
 * estimate keeps its mean; by Itô's formula what is left of a path's noise is only the
 * critic's own HJB residual along it (docs/numerics.md, "Neural policy iteration").
 *
 * Start s draws its noise from its own stream, seeded by (seed, iteration, global start
 * index), so any partition of the starts over workers gives the same numbers.
 */
import { applyBoundary, leaves } from '../../grid/boundary';
import { interpolateBatch } from '../../grid/interpolate';
import { gridCoordinates, makeGrid, type GridGeometry } from '../../grid/tensor';
import { ForwardScratch } from '../../nn';
import { Random } from '../../sim/random';
import { boundaryKinds, pathKernels } from '../../sim/step';
import { SolverError, type SolverProblem } from '../problem';
import { ConstraintFaces } from '../../sim/constraint-faces';
import type { PiProblem } from './problem';
import { actorControls, criticGradient, criticValues, scaleInputs, type NeuralPiModel } from './model';

export interface RolloutJob {
  model: NeuralPiModel;
  seed: number;
  iteration: number;
  /** All start states of the iteration, n×d row-major. */
  starts: Float64Array;
  /** Paths per start (even: antithetic pairs). */
  paths: number;
  horizon: number;
  dt: number;
  /** Nodes per state of the tabulated actor (0: evaluate the network at every step). */
  table: number;
  /** Subtract the critic's martingale from each return (see above); needs a fitted critic. */
  controlVariate?: boolean;
}

/**
 * Steps over which the control variate holds ∇V_θ: one critic gradient per 10 steps costs
 * a fraction of the actor's evaluations, and ∇V_θ moves little over 10 steps of 0.015/λ.
 */
export const CONTROL_BLOCK = 10;

/** A 32-bit seed for one start's noise, from (seed, iteration, start index). */
export function streamSeed(seed: number, iteration: number, index: number): number {
  let h = mix32((seed >>> 0) ^ 0x85ebca6b);
  h = mix32(h ^ (iteration >>> 0));
  h = mix32(h ^ Math.imul(index >>> 0, 0x9e3779b1));
  return h;
}

function mix32(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/** The actor on a uniform tensor grid over the box, for multilinear lookup during rollouts. */
export interface PolicyTable {
  grid: GridGeometry;
  values: Float64Array[];
}

/**
 * Multilinear lookup of every control at n points (structure of arrays). The grid is
 * uniform, so a cell is found by one division instead of interpolateBatch's search: the
 * lookup was most of a 1-D rollout step before (327 → … ns per path-step, docs/numerics.md).
 */
export function lookupTable(
  table: PolicyTable,
  xs: readonly Float64Array[],
  out: Float64Array[],
  n: number,
): void {
  const g = table.grid;
  const d = g.shape.length;
  const m = out.length;
  if (d === 1) {
    const lo = g.bounds[0][0];
    const last = g.shape[0] - 1;
    const inv = last / (g.bounds[0][1] - lo);
    const x = xs[0];
    for (let p = 0; p < n; p++) {
      const u = Math.min(last, Math.max(0, (x[p] - lo) * inv));
      const i = Math.min(last - 1, Math.floor(u));
      const w = u - i;
      for (let j = 0; j < m; j++) {
        const v = table.values[j];
        out[j][p] = v[i] + w * (v[i + 1] - v[i]);
      }
    }
    return;
  }
  if (d === 2) {
    const lo0 = g.bounds[0][0];
    const lo1 = g.bounds[1][0];
    const last0 = g.shape[0] - 1;
    const last1 = g.shape[1] - 1;
    const inv0 = last0 / (g.bounds[0][1] - lo0);
    const inv1 = last1 / (g.bounds[1][1] - lo1);
    const stride = g.shape[1];
    for (let p = 0; p < n; p++) {
      const u0 = Math.min(last0, Math.max(0, (xs[0][p] - lo0) * inv0));
      const u1 = Math.min(last1, Math.max(0, (xs[1][p] - lo1) * inv1));
      const i0 = Math.min(last0 - 1, Math.floor(u0));
      const i1 = Math.min(last1 - 1, Math.floor(u1));
      const w0 = u0 - i0;
      const w1 = u1 - i1;
      const c = i0 * stride + i1;
      for (let j = 0; j < m; j++) {
        const v = table.values[j];
        const a = v[c] + w1 * (v[c + 1] - v[c]);
        const b = v[c + stride] + w1 * (v[c + stride + 1] - v[c + stride]);
        out[j][p] = a + w0 * (b - a);
      }
    }
    return;
  }
  for (let j = 0; j < m; j++) interpolateBatch(g, table.values[j], xs, out[j], n);
}

/**
 * The critic's gradient on the actor's grid, one table per state: with a tabulated actor the
 * rollouts are cheap, and a network gradient every CONTROL_BLOCK steps made the 1-D LQR's
 * evaluation 3–4× slower (measured); a lookup costs about what the actor's does.
 */
export function tabulateCriticGradient(
  problem: SolverProblem,
  model: NeuralPiModel,
  nodes: number,
): PolicyTable {
  const grid = tableGrid(problem, nodes);
  const coords = gridCoordinates(grid);
  const n = coords[0].length;
  const d = problem.states.length;
  const Xn = new Float64Array(n * d);
  scaleInputs(model, coords, n, Xn);
  const G = new Float64Array(n * d);
  criticGradient(model, Xn, n, new Float64Array(n), G);
  const values = problem.states.map((_, i) => Float64Array.from({ length: n }, (_, p) => G[p * d + i]));
  return { grid, values };
}

function tableGrid(problem: SolverProblem, nodes: number): GridGeometry {
  return makeGrid(
    problem.states.map((s) => ({
      min: s.min,
      max: s.max,
      n: nodes,
      spacing: 'uniform' as const,
      periodic: false,
    })),
  );
}

export function tabulateActor(problem: SolverProblem, model: NeuralPiModel, nodes: number): PolicyTable {
  const grid = tableGrid(problem, nodes);
  const coords = gridCoordinates(grid);
  const n = coords[0].length;
  const d = problem.states.length;
  const m = problem.controls.length;
  const Xn = new Float64Array(n * d);
  scaleInputs(model, coords, n, Xn);
  const values = problem.controls.map(() => new Float64Array(n));
  actorControls(model, Xn, n, values, new Float64Array(n * m));
  return { grid, values };
}

/**
 * The paths of starts first…first+count−1: per start the mean discounted reward collected
 * up to T (exit rewards included), and per path its state at T and its bootstrap weight
 * (e^{−ρT}, or 0 when it stopped earlier). Path q of start s is row s·M + q.
 */
export interface RolloutOutput {
  returns: Float64Array;
  terminal: Float64Array;
  weight: Float64Array;
}

export function rolloutPaths(
  problem: PiProblem,
  job: RolloutJob,
  first: number,
  count: number,
): RolloutOutput {
  const d = problem.states.length;
  const m = problem.controls.length;
  const k = problem.noiseDim;
  const M = job.paths;
  if (!(M >= 2 && M % 2 === 0))
    throw new SolverError('paths per start must be an even number (antithetic pairs)');
  const N = count * M;
  const rho = problem.discount ?? 0;
  const steps = Math.max(1, Math.round(job.horizon / job.dt));
  const dt = job.horizon / steps;
  const sq = Math.sqrt(dt);
  const w = rho > 0 ? -Math.expm1(-rho * dt) / rho : dt;
  const kinds = boundaryKinds(problem);
  const lo = problem.states.map((s) => s.min);
  const hi = problem.states.map((s) => s.max);
  const x = problem.states.map(() => new Float64Array(N));
  for (let s = 0; s < count; s++)
    for (let i = 0; i < d; i++) x[i].fill(job.starts[(first + s) * d + i], s * M, (s + 1) * M);
  const { dynamics: runner, exit: exitRunner, target: targetRunner } = pathKernels(problem, x, N);
  const hasExitFace = kinds.includes('exit');
  const faces = ConstraintFaces.create(problem, kinds, N);
  const rngs = Array.from(
    { length: count },
    (_, s) => new Random(streamSeed(job.seed, job.iteration, first + s)),
  );
  const alive = new Uint8Array(N).fill(1);
  const acc = new Float64Array(N);
  const z = new Float64Array(k);
  const table = job.table > 0 ? tabulateActor(problem, job.model, job.table) : null;
  const Xn = table ? null : new Float64Array(N * d);
  const buf = table ? null : new Float64Array(N * m);
  const scratch = new ForwardScratch();
  const hit = new Uint8Array(N);
  const cv = job.controlVariate === true;
  const gradTable = cv && table ? tabulateCriticGradient(problem, job.model, job.table) : null;
  const cvXn = cv && !table ? new Float64Array(N * d) : null;
  const cvV = cv && !table ? new Float64Array(N) : null;
  const cvRows = cv && !table ? new Float64Array(N * d) : null;
  // ∇V_θ per state (structure of arrays), held over a block.
  const cvG = cv ? problem.states.map(() => new Float64Array(N)) : [];

  const stop = (t: number): void => {
    if (!hasExitFace && !targetRunner) return;
    hit.fill(0);
    for (let p = 0; p < N; p++) {
      if (!alive[p]) continue;
      for (let i = 0; i < d; i++) {
        if (kinds[i] === 'exit' && leaves(lo[i], hi[i], x[i][p])) {
          x[i][p] = Math.min(hi[i], Math.max(lo[i], x[i][p]));
          hit[p] = 1;
        }
      }
    }
    if (targetRunner) {
      targetRunner.run(N);
      for (let p = 0; p < N; p++) if (alive[p] && targetRunner.outs[0][p] > 0.5) hit[p] = 1;
    }
    if (exitRunner) exitRunner.run(N);
    const disc = Math.exp(-rho * t);
    for (let p = 0; p < N; p++) {
      if (!alive[p] || !hit[p]) continue;
      alive[p] = 0;
      if (exitRunner) acc[p] += disc * exitRunner.outs[0][p];
    }
  };

  stop(0);
  const outs = runner.outs;
  for (let n = 0; n < steps; n++) {
    if (table) {
      lookupTable(table, x, runner.controls, N);
    } else {
      scaleInputs(job.model, x, N, Xn!);
      actorControls(job.model, Xn!, N, runner.controls, buf!, scratch);
    }
    runner.run(N);
    faces?.apply(x, alive, N, runner.controls, runner.outs);
    if (gradTable) {
      lookupTable(gradTable, x, cvG, N);
    } else if (cv && n % CONTROL_BLOCK === 0) {
      scaleInputs(job.model, x, N, cvXn!);
      criticGradient(job.model, cvXn!, N, cvV!, cvRows!);
      for (let i = 0; i < d; i++) for (let p = 0; p < N; p++) cvG[i][p] = cvRows![p * d + i];
    }
    const R = outs[d + d * k];
    const disc = Math.exp(-rho * n * dt);
    const c = disc * w;
    for (let s = 0; s < count; s++) {
      const rng = rngs[s];
      for (let q = 0; q < M; q += 2) {
        for (let l = 0; l < k; l++) z[l] = sq * rng.normal();
        for (let side = 0; side < 2; side++) {
          const p = s * M + q + side;
          if (!alive[p]) continue;
          const sign = side === 0 ? 1 : -1;
          acc[p] += c * R[p];
          if (cv) {
            let m1 = 0;
            for (let i = 0; i < d; i++) {
              let s1 = 0;
              for (let l = 0; l < k; l++) s1 += outs[d + i * k + l][p] * z[l];
              m1 += cvG[i][p] * s1;
            }
            acc[p] -= disc * sign * m1;
          }
          for (let i = 0; i < d; i++) {
            let v = x[i][p] + outs[i][p] * dt;
            for (let l = 0; l < k; l++) v += sign * outs[d + i * k + l][p] * z[l];
            x[i][p] = kinds[i] === 'exit' ? v : applyBoundary(kinds[i], lo[i], hi[i], v);
          }
        }
      }
    }
    stop((n + 1) * dt);
  }
  const returns = new Float64Array(count);
  for (let s = 0; s < count; s++) {
    let sum = 0;
    for (let q = 0; q < M; q++) sum += acc[s * M + q];
    returns[s] = sum / M;
  }
  const terminal = new Float64Array(N * d);
  for (let p = 0; p < N; p++) for (let i = 0; i < d; i++) terminal[p * d + i] = x[i][p];
  const disc = Math.exp(-rho * job.horizon);
  const weight = Float64Array.from(alive, (a) => (a ? disc : 0));
  return { returns, terminal, weight };
}

/**
 * y_s = returns_s + (1/M) Σ_q weight_q V(terminal_q): the Feynman–Kac estimate with the
 * critic's bootstrap, recomputed from the stored paths each time the critic changes.
 */
export function bootstrapEstimates(
  model: NeuralPiModel,
  out: RolloutOutput,
  paths: number,
  scratch = new ForwardScratch(),
): Float64Array {
  const d = model.centre.length;
  const N = out.weight.length;
  const Xn = new Float64Array(N * d);
  for (let p = 0; p < N; p++)
    for (let i = 0; i < d; i++) Xn[p * d + i] = (out.terminal[p * d + i] - model.centre[i]) / model.half[i];
  const V = criticValues(model, Xn, N, new Float64Array(N), scratch);
  const y = out.returns.slice();
  for (let s = 0; s < y.length; s++) {
    let b = 0;
    for (let q = 0; q < paths; q++) b += out.weight[s * paths + q] * V[s * paths + q];
    y[s] += b / paths;
  }
  return y;
}
