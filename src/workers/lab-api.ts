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

export function createLabApi() {
  const jobs = new JobRegistry();

  return {
    ping(): string {
      return 'pong';
    },

    cancel(jobId: string): boolean {
      return jobs.cancel(jobId);
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
