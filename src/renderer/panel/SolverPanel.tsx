import type { JobProgress } from '../../workers/lab-api';

export type RunStatus = 'idle' | 'running' | 'done' | 'cancelled' | `failed: ${string}`;

export interface SolverPanelProps {
  status: RunStatus;
  progress: JobProgress | null;
  log: string[];
  onRun: () => void;
  onCancel: () => void;
}

/** The solver panel: run controls, progress and the worker's messages. */
export function SolverPanel({ status, progress, log, onRun, onCancel }: SolverPanelProps) {
  const running = status === 'running';
  const fraction = progress && progress.total > 0 ? progress.done / progress.total : 0;
  return (
    <aside className="panel" aria-label="Solver panel">
      <h2>Solver</h2>
      <div className="panel-row">
        <select data-testid="solver-select" aria-label="Solver" defaultValue="demo">
          <option value="demo">Demo height field (worker)</option>
        </select>
      </div>
      <div className="panel-row buttons">
        <button data-testid="run" onClick={onRun} disabled={running}>
          Run
        </button>
        <button data-testid="cancel" onClick={onCancel} disabled={!running}>
          Cancel
        </button>
      </div>
      <div
        className="progress"
        data-testid="progress"
        role="progressbar"
        aria-valuenow={Math.round(fraction * 100)}
      >
        <div className="progress-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      <div className="status" data-testid="status">
        {status}
      </div>
      <ol className="log" data-testid="log">
        {log.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ol>
    </aside>
  );
}
