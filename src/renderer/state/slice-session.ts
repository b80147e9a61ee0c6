/**
 * Moving the slice of a run whose display is a 2-D slice through more states (network
 * solvers, d > 3): the simulation worker evaluates the run's own result on the new slice
 * and the run's display follows. While one request is in flight, later moves coalesce into
 * the latest, so dragging a slider never queues up stale slices.
 */
import type { SliceSpec } from '../../core/solvers/display-slice';
import { labWorker } from '../workers/client';
import { updateRun, useLab } from './store';

interface Pending {
  runId: string;
  slice: SliceSpec;
}

let inFlight = false;
let next: Pending | null = null;

/** Ask for the run's display on another slice; the latest request wins. */
export function moveSlice(runId: string, slice: SliceSpec): void {
  next = { runId, slice };
  if (!inFlight) void drain();
}

async function drain(): Promise<void> {
  inFlight = true;
  try {
    while (next) {
      const { runId, slice } = next;
      next = null;
      const run = useLab.getState().runs.find((r) => r.id === runId);
      if (!run?.result) continue;
      const outcome = await labWorker('sim').api.slice({
        source: run.source,
        solver: run.solver,
        result: run.result.result,
        slice,
      });
      if (outcome.status === 'failed') {
        useLab.setState({ notice: { kind: 'error', text: `Slice: ${outcome.message}` } });
        continue;
      }
      if (outcome.status !== 'done') continue;
      const { display, drift } = outcome.result;
      updateRun(runId, (r) =>
        r.result ? { result: { ...r.result, result: { ...r.result.result, display }, drift } } : {},
      );
    }
  } finally {
    inFlight = false;
  }
}
