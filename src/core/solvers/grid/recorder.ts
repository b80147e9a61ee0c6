/**
 * The grid solver's bookkeeping across levels and time steps: one history for the whole
 * run, iterations numbered 1, 2, … over all levels, and progress to the caller's hook (on
 * the final grid with the error against the exact solution and every few iterations a
 * snapshot of V in the problem's own sense).
 */
import type { Discretization } from './discretization';
import type { ExactComparison } from './exact';
import type { IterationReport, Reporter } from './report';
import type { CancelSignal, GridHistory, GridProgress, SolveHooks } from './types';
import { userValue } from './user-sense';

export function isCancelled(signal: CancelSignal | AbortSignal | undefined): boolean {
  if (!signal) return false;
  return 'aborted' in signal ? signal.aborted : signal.cancelled;
}

export interface Recorder {
  readonly history: GridHistory;
  /** Seconds since the solve started. */
  elapsed(): number;
  /**
   * A reporter for one grid: `level` 0 is the final grid, k > 0 the k-th coarser one, of
   * `levels` in all. Iterations are counted per level and over the whole run.
   */
  reporter(disc: Discretization, level: number, exact: ExactComparison | null, levels?: number): Reporter;
  /** Iterations done on each grid so far, coarsest first. */
  readonly perLevel: number[];
}

export function createRecorder(sense: 1 | -1, hooks: SolveHooks, start: number): Recorder {
  const elapsed = () => (performance.now() - start) / 1000;
  const history: GridHistory = {
    iteration: [],
    residualMax: [],
    residualL2: [],
    policyChanges: [],
    seconds: [],
  };
  const snapshotEvery = hooks.snapshotEvery ?? 5;
  const perLevel: number[] = [];
  let counter = 0;

  const makeReporter = (
    _disc: Discretization,
    level: number,
    exact: ExactComparison | null,
    levels = 1,
  ): Reporter => {
    let local = 0;
    const slot = perLevel.push(0) - 1;
    return {
      cancelled: () => isCancelled(hooks.signal),
      iteration(r: IterationReport, V: Float64Array, policy: readonly Float64Array[]) {
        counter++;
        local++;
        perLevel[slot] = local;
        const seconds = elapsed();
        history.iteration.push(counter);
        history.residualMax.push(r.residualMax);
        history.residualL2.push(r.residualL2);
        history.policyChanges.push(r.policyChanges);
        history.seconds.push(seconds);
        if (!hooks.onProgress) return;
        const progress: GridProgress = {
          iteration: counter,
          residualMax: r.residualMax,
          residualL2: r.residualL2,
          policyChanges: r.policyChanges,
          elapsed: seconds,
          level,
          levels,
        };
        if (r.time !== undefined) progress.time = r.time;
        if (level === 0) {
          const user = userValue(V, sense);
          if (exact?.available) {
            const e = exact.compare(user, policy, r.time ?? 0);
            if (e) progress.exactError = e;
          }
          if (snapshotEvery > 0 && local % snapshotEvery === 1 % snapshotEvery) progress.snapshot = user;
        }
        hooks.onProgress(progress);
      },
    };
  };
  return { history, elapsed, reporter: makeReporter, perLevel };
}
