/** The runs of this session: select, compare, delete. */
import { activeRunId } from './run-session';
import { useLab } from './store';

export function deleteRun(id: string): void {
  if (activeRunId() === id) return;
  useLab.setState((s) => {
    const runs = s.runs.filter((r) => r.id !== id);
    return {
      runs,
      selectedRunId: s.selectedRunId === id ? (runs.at(-1)?.id ?? null) : s.selectedRunId,
      compareRunId: s.compareRunId === id ? null : s.compareRunId,
      trajectories: s.trajectories.filter((t) => t.runId !== id),
    };
  });
}

export function selectRun(id: string): void {
  useLab.setState((s) => ({
    selectedRunId: id,
    compareRunId: s.compareRunId === id ? null : s.compareRunId,
  }));
}

export function toggleCompare(id: string): void {
  useLab.setState((s) => ({ compareRunId: s.compareRunId === id || s.selectedRunId === id ? null : id }));
}
