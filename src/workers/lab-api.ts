/**
 * The comlink API of the lab worker. It lives in its own module (the worker entry only
 * exposes it) so that Node tests can import and drive it directly or over worker_threads.
 * Transport only: the numerics are in src/core. Progress streams through a
 * Comlink.proxy callback; arrays leave with Comlink.transfer (no copy).
 */
import * as Comlink from 'comlink';
import { fillHeightRows, range, validateHeightFieldSpec } from '../core/demo/height-field';
import type { HeightField, HeightFieldSpec } from '../core/demo/height-field';
import { yieldToEventLoop } from '../core/util/yield';
import { CancelledError, JobRegistry } from './jobs';
import { compileProblem } from '../core/problem/compile';
import type { CompiledProblem } from '../core/problem/types';
import { solveGrid, type GridProgress, type GridSolution } from '../core/solvers/grid/solve';
import type { GridSettings } from '../core/solvers/grid/settings';
import { SolverError } from '../core/solvers/problem';
import { summarize, type CompileReply } from './protocol';
import { RunGate } from './run-control';

export interface JobProgress {
  jobId: string;
  /** Work done and total, in the job's own units (rows, iterations, …). */
  done: number;
  total: number;
  message: string;
  elapsedMs: number;
}

export type ProgressSink = (p: JobProgress) => void;

export type JobOutcome<T> =
  { status: 'done'; result: T } | { status: 'cancelled' } | { status: 'failed'; message: string };

export interface DemoSurfaceOptions {
  /** Rows computed between progress reports (and cancellation checks). */
  rowsPerChunk?: number;
  /** Artificial pause per chunk in ms, so the demo's progress is visible and cancellable. */
  chunkDelayMs?: number;
}

export interface SolveRequest {
  source: string;
  overrides?: Record<string, number>;
  solver: 'grid';
  settings: Partial<GridSettings>;
  /** Iterations between snapshots of V for the live view. */
  snapshotEvery?: number;
}

export type SolveProgress = GridProgress & { jobId: string };

/** Minimum time between progress messages, so a fast solver cannot flood the UI thread. */
const PROGRESS_INTERVAL_MS = 40;

function compileControl(source: string, overrides?: Record<string, number>): CompiledProblem {
  const result = compileProblem(source, { overrides });
  const p = result.problem;
  if (!p) {
    const first = result.diagnostics.find((d) => d.severity === 'error');
    throw new SolverError(first ? `line ${first.line}: ${first.message}` : 'the problem does not compile');
  }
  if (p.kind !== 'control') throw new SolverError('this is a diffusion problem: the grid HJB solver needs a control problem');
  return p;
}

function collectTransfers(solution: GridSolution): ArrayBuffer[] {
  const arrays: (Float64Array | undefined)[] = [
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
  const jobs = new JobRegistry();
  const gates = new Map<string, RunGate>();

  return {
    ping(): string {
      return 'pong';
    },

    cancel(jobId: string): boolean {
      gates.get(jobId)?.cancel();
      return jobs.cancel(jobId);
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
    ): JobOutcome<GridSolution> {
      const gate = new RunGate(control);
      gates.set(jobId, gate);
      let lastSent = -Infinity;
      try {
        const problem = compileControl(request.source, request.overrides);
        const solution = solveGrid(problem, request.settings, {
          signal: gate,
          snapshotEvery: request.snapshotEvery ?? 3,
          onProgress: (p) => {
            const now = performance.now();
            if (onProgress && (p.snapshot || now - lastSent >= PROGRESS_INTERVAL_MS)) {
              lastSent = now;
              const msg: SolveProgress = { ...p, jobId };
              onProgress(p.snapshot ? Comlink.transfer(msg, [p.snapshot.buffer as ArrayBuffer]) : msg);
            }
            gate.waitWhilePaused();
          },
        });
        if (solution.status === 'cancelled') return { status: 'cancelled' };
        return Comlink.transfer({ status: 'done', result: solution }, collectTransfers(solution));
      } catch (err) {
        if (err instanceof SolverError) return { status: 'failed', message: err.message };
        return { status: 'failed', message: `internal error: ${err instanceof Error ? err.message : String(err)}` };
      } finally {
        gates.delete(jobId);
      }
    },

    /** Compute the demo height field of src/core/demo in chunks, streaming progress. */
    async demoSurface(
      jobId: string,
      spec: HeightFieldSpec,
      onProgress?: ProgressSink,
      options: DemoSurfaceOptions = {},
    ): Promise<JobOutcome<HeightField>> {
      const invalid = validateHeightFieldSpec(spec);
      if (invalid) return { status: 'failed', message: invalid };
      const token = jobs.start(jobId);
      const t0 = performance.now();
      const rowsPerChunk = Math.max(1, options.rowsPerChunk ?? Math.ceil(spec.n / 20));
      const delay = Math.max(0, options.chunkDelayMs ?? 0);
      try {
        const z = new Float64Array(spec.n * spec.n);
        for (let row = 0; row < spec.n; row += rowsPerChunk) {
          if (token.cancelled) throw new CancelledError();
          const end = Math.min(spec.n, row + rowsPerChunk);
          fillHeightRows(spec, z, row, end);
          onProgress?.({
            jobId,
            done: end,
            total: spec.n,
            message: `height field: ${end}/${spec.n} rows`,
            elapsedMs: performance.now() - t0,
          });
          if (delay > 0) await new Promise((r) => setTimeout(r, delay));
          else await yieldToEventLoop();
        }
        if (token.cancelled) throw new CancelledError();
        const result: HeightField = { n: spec.n, min: spec.min, max: spec.max, z, ...range(z) };
        return Comlink.transfer({ status: 'done', result }, [z.buffer]);
      } catch (err) {
        if (err instanceof CancelledError) return { status: 'cancelled' };
        return { status: 'failed', message: err instanceof Error ? err.message : String(err) };
      } finally {
        jobs.finish(jobId);
      }
    },
  };
}

export type LabApi = ReturnType<typeof createLabApi>;
