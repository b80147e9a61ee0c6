/**
 * The comlink API of the lab worker. It lives in its own module (the worker entry only
 * exposes it) so that Node tests can import and drive it directly or over worker_threads.
 * Transport only: the numerics are in src/core. Progress streams through a
 * Comlink.proxy callback; arrays leave with Comlink.transfer (no copy).
 */
import * as Comlink from 'comlink';
import { jsKernelsAvailable } from '../core/lang/kernel';
import { compileProblem } from '../core/problem/compile';
import { displayDrift, sliceDisplay, type SliceFields, type SliceSpec } from '../core/solvers/display-slice';
import type { CompiledProblem } from '../core/problem/types';
import { simulate, type SimulationResult } from '../core/sim/simulate';
import { SolverError } from '../core/solvers/problem';
import { qLearningSolver, sweepDt, type SweepRun } from '../core/solvers/q-learning';
import { neuralPi, neuralPiSolver } from '../core/solvers/neural-pi';
import { getSolver } from '../core/solvers/registry';
import { resolveSettings } from '../core/solvers/settings-spec';
import type { AnyProblem, SettingValues, SolverProgress, SolverResult } from '../core/solvers/solver';
import { summarize, type CompileReply } from './protocol';
import { rolloutPool, type RolloutWorkerApi } from './rollout-pool';
import { RunGate } from './run-control';
import { warmUp } from './warm-up';

export type JobOutcome<T> =
  { status: 'done'; result: T } | { status: 'cancelled' } | { status: 'failed'; message: string };

export interface SolveRequest {
  source: string;
  overrides?: Record<string, number>;
  /** A registered solver's id. */
  solver: string;
  /** Settings by name; missing ones take the solver's defaults, every one is validated. */
  settings: SettingValues;
  /** Iterations between snapshots of V for the live view. */
  snapshotEvery?: number;
}

export type SolveProgress = SolverProgress & { jobId: string };

/** A solver's result plus what the lab draws with it (computed here, not in the UI). */
export interface RunResult {
  result: SolverResult;
  /** Closed-loop drift f(x, a(x), 0) per state on the display grid (empty without controls). */
  drift: Float64Array[];
  /**
   * 1-D infinite horizon: V after every iteration (problem's own sense), so the lab can draw
   * convergence V_k(x) as a surface. Kept here rather than rebuilt from progress messages,
   * which travel on their own port and may arrive after the result.
   */
  iterates?: Float64Array[];
}

export interface SliceRequest {
  source: string;
  overrides?: Record<string, number>;
  /** The solver whose result is sliced, and that result (a copy of a run's). */
  solver: string;
  result: SolverResult;
  slice: SliceSpec;
}

export interface SweepRequest {
  source: string;
  overrides?: Record<string, number>;
  /** The time steps (the sweep's defaults when absent). */
  dts?: number[];
  /** Q-learning settings shared by every run (Δt and the critic are the sweep's). */
  settings: SettingValues;
}

export interface SimulateRequest {
  source: string;
  overrides?: Record<string, number>;
  /** The solver whose result gives the policy, and that result (a copy of a run's). */
  solver: string;
  result: SolverResult;
  from: number[];
  paths: number;
  horizon?: number;
  dt: number;
  seed: number;
}

/** Minimum time between progress messages, so a fast solver cannot flood the UI thread. */
const PROGRESS_INTERVAL_MS = 40;

function compileAny(source: string, overrides?: Record<string, number>): AnyProblem {
  const result = compileProblem(source, { overrides });
  const p = result.problem;
  if (!p) {
    const first = result.diagnostics.find((d) => d.severity === 'error');
    throw new SolverError(first ? `line ${first.line}: ${first.message}` : 'the problem does not compile');
  }
  return p;
}

function controlProblem(p: AnyProblem): CompiledProblem {
  if (p.kind !== 'control') throw new SolverError('closed-loop simulation needs a control problem');
  return p;
}

function failure(err: unknown): { status: 'failed'; message: string } {
  if (err instanceof SolverError) return { status: 'failed', message: err.message };
  return { status: 'failed', message: `internal error: ${err instanceof Error ? err.message : String(err)}` };
}

/** Every array buffer a result holds (deduplicated), to transfer rather than copy. */
export function collectTransfers(
  value: unknown,
  out = new Set<ArrayBuffer>(),
  seen = new Set<object>(),
): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer && value.byteLength > 0) out.add(value.buffer);
  } else if (value !== null && typeof value === 'object' && !seen.has(value)) {
    seen.add(value);
    for (const v of Array.isArray(value) ? value : Object.values(value)) collectTransfers(v, out, seen);
  }
  return [...out];
}

export interface LabApiOptions {
  /**
   * Starts the rollout workers of neural policy iteration, called once, on the first
   * neural solve; without it the rollouts run in this thread. The numbers are the same
   * either way (rollout-pool.ts).
   */
  rolloutWorkers?: () => readonly Comlink.Remote<RolloutWorkerApi>[];
}

export function createLabApi(options: LabApiOptions = {}) {
  const gates = new Map<string, RunGate>();
  let workers: readonly Comlink.Remote<RolloutWorkerApi>[] | null = null;
  /** The registered solver, with neural policy iteration's rollouts on the pool when there is one. */
  const solverFor = (request: SolveRequest) => {
    if (request.solver !== neuralPi.id || !options.rolloutWorkers) return getSolver(request.solver);
    const pool = (workers ??= options.rolloutWorkers());
    return neuralPiSolver(() => rolloutPool(pool, request.source, request.overrides));
  };

  return {
    ping(): string {
      return 'pong';
    },

    /** What this worker can do here: generated JS kernels (CSP) and shared memory. */
    capabilities(): { jsKernels: boolean; sharedMemory: boolean } {
      return { jsKernels: jsKernelsAvailable(), sharedMemory: typeof SharedArrayBuffer === 'function' };
    },

    /** One small solve so the engine optimizes the numerics before the first real one (warm-up.ts); seconds. */
    warmUp(): { seconds: number; converged: boolean } {
      return warmUp();
    },

    cancel(jobId: string): boolean {
      const gate = gates.get(jobId);
      gate?.cancel();
      return gate !== undefined;
    },

    /** Compile problem source into a summary (or diagnostics). Never throws. */
    compile(source: string, overrides?: Record<string, number>): CompileReply {
      const t0 = performance.now();
      const result = compileProblem(source, { overrides });
      return summarize(result, performance.now() - t0);
    },

    /**
     * Solve a problem with the registered solver `request.solver`, streaming throttled
     * progress (with snapshots of V). `control` is a SharedArrayBuffer from run-control.ts
     * for cancel/pause/step: the solver's checkpoint blocks while paused, for synchronous
     * and asynchronous solvers alike; without it, cancellation is by terminating the worker
     * (or, for a solver that awaits, by the `cancel` message).
     */
    solve(
      jobId: string,
      request: SolveRequest,
      onProgress?: (p: SolveProgress) => void,
      control?: SharedArrayBuffer | null,
    ): JobOutcome<RunResult> | Promise<JobOutcome<RunResult>> {
      const gate = new RunGate(control);
      gates.set(jobId, gate);
      let lastSent = -Infinity;
      let async = false;
      try {
        const problem = compileAny(request.source, request.overrides);
        const solver = solverFor(request);
        const refusal = solver.accepts(problem);
        if (refusal !== null) throw new SolverError(refusal);
        const settings = resolveSettings(solver, problem, request.settings);
        const keepIterates =
          problem.kind === 'control' && problem.states.length === 1 && problem.horizon === null;
        const iterates: Float64Array[] = [];
        const finish = (result: SolverResult): JobOutcome<RunResult> => {
          if (result.status === 'cancelled') return { status: 'cancelled' };
          const display = result.display;
          const run: RunResult = {
            result,
            drift: problem.kind === 'control' ? displayDrift(problem, display) : [],
            ...(keepIterates ? { iterates: [...iterates, display.value.slice()] } : {}),
          };
          return Comlink.transfer({ status: 'done', result: run }, collectTransfers(run));
        };
        const out = solver.solve(problem, settings, {
          signal: gate,
          snapshotEvery: keepIterates ? 1 : (request.snapshotEvery ?? 3),
          checkpoint: () => gate.waitWhilePaused(),
          onProgress: (p) => {
            if (keepIterates && p.snapshot) iterates.push(p.snapshot.value.slice());
            const now = performance.now();
            if (onProgress && (p.snapshot || now - lastSent >= PROGRESS_INTERVAL_MS)) {
              lastSent = now;
              const msg: SolveProgress = { ...p, jobId };
              onProgress(p.snapshot ? Comlink.transfer(msg, [p.snapshot.value.buffer as ArrayBuffer]) : msg);
            }
          },
        });
        // A synchronous solver's result is returned as is (no extra turn of the event loop);
        // an asynchronous one keeps its gate until it settles, so `cancel` reaches it meanwhile.
        if (!(out instanceof Promise)) return finish(out);
        async = true;
        return out.then(finish, failure).finally(() => gates.delete(jobId));
      } catch (err) {
        return failure(err);
      } finally {
        if (!async) gates.delete(jobId);
      }
    },

    /** Closed-loop sample paths under a solved policy (Euler–Maruyama, seeded). */
    simulate(request: SimulateRequest): JobOutcome<SimulationResult> {
      try {
        const problem = controlProblem(compileAny(request.source, request.overrides));
        const solver = getSolver(request.solver);
        const policy = problem.controls.length > 0 ? solver.policy(problem, request.result) : null;
        const r = simulate(problem, policy, {
          from: request.from,
          paths: request.paths,
          horizon: request.horizon,
          dt: request.dt,
          seed: request.seed,
        });
        return Comlink.transfer({ status: 'done', result: r }, collectTransfers(r));
      } catch (err) {
        return failure(err);
      }
    },

    /**
     * The Δt sweep of continuous-time Q-learning: the same problem learned at each time step
     * with both critics; `onRun` reports each finished run. Cancel stops it between steps.
     */
    async sweepDt(
      jobId: string,
      request: SweepRequest,
      onRun?: (run: SweepRun, index: number, total: number) => void,
    ): Promise<JobOutcome<SweepRun[]>> {
      const gate = new RunGate(null);
      gates.set(jobId, gate);
      try {
        const problem = controlProblem(compileAny(request.source, request.overrides));
        const settings = resolveSettings(qLearningSolver, problem, request.settings);
        const runs = await sweepDt(problem, { dts: request.dts, settings, signal: gate, onRun });
        return gate.cancelled ? { status: 'cancelled' } : { status: 'done', result: runs };
      } catch (err) {
        return failure(err);
      } finally {
        gates.delete(jobId);
      }
    },

    /**
     * The display fields of a run on another 2-D slice through its states (for results
     * that are functions of the state, e.g. networks, when d > 3).
     */
    slice(request: SliceRequest): JobOutcome<SliceFields> {
      try {
        const problem = controlProblem(compileAny(request.source, request.overrides));
        const out = sliceDisplay(problem, getSolver(request.solver), request.result, request.slice);
        return Comlink.transfer({ status: 'done', result: out }, collectTransfers(out));
      } catch (err) {
        return failure(err);
      }
    },
  };
}

export type LabApi = ReturnType<typeof createLabApi>;
