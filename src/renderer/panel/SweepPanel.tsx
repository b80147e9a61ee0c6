import { useState } from 'react';
import { SweepChart } from '../charts';
import { useLab } from '../state/store';
import { cancelSweep, startSweep, useSweep } from '../state/sweep-session';

const DEFAULT_DTS = '0.1, 0.03, 0.01, 0.003';

/** "0.1, 0.03" → [0.1, 0.03], or a message saying what is wrong. */
export function parseDts(text: string): number[] | string {
  const parts = text.split(',').map((p) => p.trim());
  const dts = parts.map(Number);
  if (parts.some((p) => p === '') || dts.some((d) => !Number.isFinite(d) || d <= 0))
    return 'type positive time steps separated by commas';
  return dts;
}

/**
 * Continuous-time Q-learning's Δt sweep (a panel section shown with that solver): the open
 * problem learned at each time step with both critics, and the policy error of each against
 * Δt — where a discrete-time critic loses the action's effect as Δt → 0 and the
 * continuous-time one does not.
 */
export function SweepPanel() {
  const sweep = useSweep();
  const source = useLab((s) => s.source);
  const [text, setText] = useState(DEFAULT_DTS);
  const dts = parseDts(text);
  const running = sweep.status === 'running';
  return (
    <details className="panel-section" open data-testid="sweep">
      <summary>Δt sweep</summary>
      <p className="muted small">
        Learns this problem at each time step with the continuous-time and the discrete-time critic (the other
        settings as above) and plots each policy&apos;s error against the exact solution.
      </p>
      <div className="panel-row">
        <input
          aria-label="Time steps"
          data-testid="sweep-dts"
          value={text}
          disabled={running}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <div className="panel-row buttons">
        <button
          data-testid="sweep-run"
          disabled={running || typeof dts === 'string'}
          title={typeof dts === 'string' ? dts : 'Learn at every time step with both critics'}
          onClick={() => typeof dts !== 'string' && void startSweep(dts)}
        >
          Run sweep
        </button>
        <button data-testid="sweep-cancel" disabled={!running} onClick={() => void cancelSweep()}>
          Cancel
        </button>
      </div>
      {typeof dts === 'string' && <div className="blocker">{dts}</div>}
      {sweep.status !== 'idle' && (
        <div
          className={`status small ${sweep.status.startsWith('failed') ? 'failed' : ''}`}
          data-testid="sweep-status"
        >
          {sweep.status === 'running' ? `running: ${sweep.runs.length} of ${sweep.total} runs` : sweep.status}
          {sweep.source !== null && sweep.source !== source && ' (for an earlier version of the problem)'}
        </div>
      )}
      {sweep.runs.length > 0 && (
        <>
          <div className="chart-box">
            <SweepChart runs={sweep.runs} />
          </div>
          <table className="small sweep-table" data-testid="sweep-table">
            <thead>
              <tr>
                <th>Δt</th>
                <th>critic</th>
                <th>policy error</th>
                <th>return</th>
                <th>s</th>
              </tr>
            </thead>
            <tbody>
              {sweep.runs.map((r) => (
                <tr key={`${r.dt}-${r.critic}`}>
                  <td>{r.dt}</td>
                  <td>{r.critic}</td>
                  <td>{Number(r.policyError.toPrecision(3))}</td>
                  <td>{Number(r.return.toPrecision(4))}</td>
                  <td>{r.seconds.toFixed(1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </details>
  );
}
