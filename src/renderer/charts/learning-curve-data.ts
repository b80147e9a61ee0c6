/**
 * Columns of a Q-learning run's learning curve from its history (one row per block of
 * episodes): the episode return on a linear axis, which may have either sign, and the TD
 * loss on a log axis. Kept apart from the React wrapper so that it can be tested in Node.
 */
import type { AlignedData } from 'uplot';
import type { RunHistory } from '../../core/solvers/solver';

export interface LearningCurve {
  /** [episode, return, TD loss]; a value that cannot be drawn is null (a gap). */
  data: AlignedData;
}

/** The learning curve of a history; null when it has neither return nor TD loss. */
export function learningCurve(h: RunHistory): LearningCurve | null {
  const n = h.iteration.length;
  const ret = h.metrics['return'];
  const loss = h.metrics['tdLoss'];
  if (!ret && !loss) return null;
  const column = (v: number[] | undefined, ok: (x: number) => boolean) =>
    Array.from({ length: n }, (_, i) => {
      const x = v?.[i];
      return x !== undefined && ok(x) ? x : null;
    });
  return {
    data: [
      h.iteration.slice(0, n),
      column(ret, Number.isFinite),
      column(loss, (x) => Number.isFinite(x) && x > 0),
    ],
  };
}
