/**
 * The comlink API of the lab worker. It lives in its own module (the worker entry only
 * exposes it) so that Node tests can import and drive it directly or over worker_threads.
 * Transport only: the numerics are in src/core. Progress streams through a
 * Comlink.proxy callback; arrays leave with Comlink.transfer (no copy).
 */
import * as Comlink from 'comlink';
import { jsKernelsAvailable } from '../core/lang/kernel';
import { compileProblem } from '../core/problem/compile';
import type { CompiledProblem } from '../core/problem/types';
import { solveGrid, type GridProgress, type GridSolution } from '../core/solvers/grid/solve';
import { resolveGridSettings, type GridSettings } from '../core/solvers/grid/settings';
import { gridFor } from '../core/solvers/grid/discretization';
import type { GridGeometry } from '../core/grid/tensor';
import { SolverError } from '../core/solvers/problem';
import { summarize, type CompileReply } from './protocol';
import { closedLoopDrift, exactFields, type ExactFields } from '../core/problem/fields';
import { RunGate } from './run-control';
import { simulate, type SimulationResult } from '../core/sim/simulate';
import { warmUp } from './warm-up';

export type JobOutcome<T> =
  { status: 'done'; result: T } | { status: 'cancelled' } | { status: 'failed'; message: string };

export interface SolveRequest {
  source: string;
  overrides?: Record<string, number>;
  solver: 'grid';
  settings: Partial<GridSettings>;
  /** Iterations between snapshots of V for the live view. */
  snapshotEvery?: number;
}

export type SolveProgress = GridProgress & {
  jobId: string;
  /** With the first snapshot: the grid V lives on, so the view can draw snapshots at once. */
  grid?: GridGeometry;
};

/** A solution plus the fields the view draws with it (computed here, not in the UI). */
export interface RunResult {
  solution: GridSolution;
  /** Exact value and policy on the grid at t = 0, when the problem gives them. */
  exact: ExactFields | null;
  /** Closed-loop drift f(x, a(x), 0) per state on the grid. */
  drift: Float64Array[];
  /**
   * 1-D infinite horizon: V after every iteration (problem's own sense), so the lab can draw
   * convergence V_k(x) as a surface. Kept here rather than rebuilt from progress messages,
   * which travel on their own port and may arrive after the result.
   */
  iterates?: Float64Array[];
}

export interface SimulateRequest {
  source: string;
  overrides?: Record<string, number>;
  /** The solved policy to follow (a copy of a run's solution). */
  solution: GridSolution;
  from: number[];
  paths: number;
  horizon?: number;
  dt: number;
  seed: number;
}

/** Minimum time between progress messages, so a fast solver cannot flood the UI thread. */
const PROGRESS_INTERVAL_MS = 40;

function compileControl(source: string, overrides?: Record<string, number>): CompiledProblem {
  const result = compileProblem(source, { overrides });
  const p = result.problem;
  if (!p) {
    const first = result.diagnostics.find((d) => d.severity === 'error');
    throw new SolverError(first ? `line ${first.line}: ${first.message}` : 'the problem does not compile');
  }
  if (p.kind !== 'control')
    throw new SolverError('this is a diffusion problem: the grid HJB solver needs a control problem');
  return p;
}

function collectTransfers(run: RunResult): ArrayBuffer[] {
  const solution = run.solution;
  const arrays: (Float64Array | undefined)[] = [
    ...run.drift,
    ...(run.iterates ?? []),
    run.exact?.value,
    ...(run.exact?.policy ?? []),
    solution.value,
    solution.residual,
    solution.values,
    solution.times,
    ...solution.policy,
    ...(solution.policies ?? []),
    ...solution.grid.axes,
  ];
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) if (a && a.buffer instanceof ArrayBuffer && a.byteLength > 0) buffers.add(a.buffer);
  return [...buffers];
}

export function createLabApi() {
  const gates = new Map<string, RunGate>();

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
     * Solve a problem with the grid HJB solver, streaming throttled progress (with snapshots
     * of V). `control` is a SharedArrayBuffer from run-control.ts for cancel/pause/step
     * during the synchronous solve; without it, cancellation is by terminating the worker.
     */
    solve(
      jobId: string,
      request: SolveRequest,
      onProgress?: (p: SolveProgress) => void,
      control?: SharedArrayBuffer | null,
    ): JobOutcome<RunResult> {
      const gate = new RunGate(control);
      gates.set(jobId, gate);
      let lastSent = -Infinity;
      try {
        const problem = compileControl(request.source, request.overrides);
        const keepIterates = problem.states.length === 1 && problem.horizon === null;
        const resolved = resolveGridSettings(problem, request.settings);
        let gridSent = false;
        const iterates: Float64Array[] = [];
        const solution = solveGrid(problem, request.settings, {
          signal: gate,
          snapshotEvery: keepIterates ? 1 : (request.snapshotEvery ?? 3),
          onProgress: (p) => {
            if (keepIterates && p.level === 0 && p.snapshot) iterates.push(p.snapshot.slice());
            const now = performance.now();
            if (onProgress && (p.snapshot || now - lastSent >= PROGRESS_INTERVAL_MS)) {
              lastSent = now;
              const msg: SolveProgress = { ...p, jobId };
              if (p.snapshot && !gridSent) {
                msg.grid = gridFor(problem, resolved, resolved.shape);
                gridSent = true;
              }
              onProgress(p.snapshot ? Comlink.transfer(msg, [p.snapshot.buffer as ArrayBuffer]) : msg);
            }
            gate.waitWhilePaused();
          },
        });
        if (solution.status === 'cancelled') return { status: 'cancelled' };
        const run: RunResult = {
          solution,
          exact: exactFields(problem, solution.grid),
          drift: closedLoopDrift(problem, solution.grid, solution.policy),
          ...(keepIterates ? { iterates: [...iterates, solution.value.slice()] } : {}),
        };
        return Comlink.transfer({ status: 'done', result: run }, collectTransfers(run));
      } catch (err) {
        if (err instanceof SolverError) return { status: 'failed', message: err.message };
        return {
          status: 'failed',
          message: `internal error: ${err instanceof Error ? err.message : String(err)}`,
        };
      } finally {
        gates.delete(jobId);
      }
    },

    /** Closed-loop sample paths under a solved policy (Euler–Maruyama, seeded). */
    simulate(request: SimulateRequest): JobOutcome<SimulationResult> {
      try {
        const problem = compileControl(request.source, request.overrides);
        const r = simulate(problem, request.solution, {
          from: request.from,
          paths: request.paths,
          horizon: request.horizon,
          dt: request.dt,
          seed: request.seed,
        });
        const buffers = [
          r.times,
          r.paths,
          r.reward,
          r.cumulative,
          r.mean,
          r.std,
          r.rewardMean,
          r.rewardStd,
          r.stopped,
        ];
        return Comlink.transfer(
          { status: 'done', result: r },
          buffers.map((a) => a.buffer as ArrayBuffer),
        );
      } catch (err) {
        if (err instanceof SolverError) return { status: 'failed', message: err.message };
        return {
          status: 'failed',
          message: `internal error: ${err instanceof Error ? err.message : String(err)}`,
        };
      }
    },
  };
}

export type LabApi = ReturnType<typeof createLabApi>;
