import { useEffect } from 'react';
import { accumulatedQuantity, ConvergenceChart, RewardChart } from '../charts';
import {
  cancel,
  deleteRun,
  pause,
  resume,
  run,
  runBlocker,
  selectRun,
  setLive,
  step,
  toggleCompare,
} from '../state/controller';
import { selectedRun, statusRun, useLab } from '../state/store';
import type { Run } from '../state/types';
import { etaSeconds, formatSeconds, progressFraction } from './eta';
import { SettingsForm } from './SettingsForm';

function RunProgress({ run }: { run: Run | null }) {
  const p = run?.progress;
  const defaults = run?.problem.gridDefaults;
  const settings = { ...defaults, ...run?.settings };
  let fraction = run?.status === 'converged' ? 1 : 0;
  let eta: number | null = null;
  if (run && p && run.status === 'running') {
    const input = {
      elapsed: p.elapsed,
      iteration: p.iteration,
      maxIter: settings.maxIter ?? 200,
      residual: p.residualMax,
      firstResidual: run.history.residualMax[0] ?? p.residualMax,
      tol: settings.tol ?? 1e-8,
      time: p.time,
      horizon: run.problem.horizon,
    };
    fraction = progressFraction(input);
    eta = etaSeconds(input);
  }
  return (
    <div className="run-progress">
      <div
        className="progress"
        data-testid="progress"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
      >
        <div className="progress-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      <div className="progress-text muted">
        {run?.result
          ? `${run.result.solution.iterations} iterations · residual ${run.result.solution.residualMax.toExponential(2)} · ${formatSeconds(run.result.solution.seconds)}`
          : p
            ? `iteration ${p.iteration}${p.level > 0 ? ` (coarse level ${p.level})` : ''} · residual ${p.residualMax.toExponential(2)} · ${formatSeconds(p.elapsed)}`
            : '\u00a0'}
        {eta !== null && ` · ETA ${formatSeconds(eta)}`}
      </div>
    </div>
  );
}

function RunsList() {
  const runs = useLab((s) => s.runs);
  const selected = useLab((s) => s.selectedRunId);
  const compare = useLab((s) => s.compareRunId);
  if (runs.length === 0) return <p className="muted small">No runs yet.</p>;
  return (
    <ul className="runs" data-testid="runs">
      {runs.map((r) => (
        <li key={r.id} className={r.id === selected ? 'selected' : r.id === compare ? 'compared' : ''}>
          <button className="run-label" onClick={() => selectRun(r.id)} title={r.status}>
            <span className={`dot ${r.status.startsWith('failed') ? 'failed' : r.status}`} />
            {r.label}
          </button>
          <span className="run-meta">
            {r.result ? `${r.result.solution.grid.shape.join('×')}` : r.status}
            {r.result?.solution.exactError &&
              ` · err ${r.result.solution.exactError.value.max.toExponential(1)}`}
          </span>
          <button
            className="icon"
            title="Compare with the selected run"
            onClick={() => toggleCompare(r.id)}
            disabled={r.id === selected || !r.result}
          >
            ⇄
          </button>
          <button
            className="icon"
            title="Delete run"
            onClick={() => deleteRun(r.id)}
            disabled={r.status === 'running'}
          >
            ✕
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Cumulative discounted reward along the latest sample paths of the selected run. */
function PathsChart() {
  const bundle = useLab((s) => s.trajectories.filter((t) => t.runId === s.selectedRunId).at(-1));
  const problem = useLab(selectedRun)?.problem;
  if (!bundle) return null;
  const quantity = accumulatedQuantity(problem?.objective ?? null, problem?.discount ?? null);
  return (
    <div className="chart-box" title={`Cumulative ${quantity} along the paths`}>
      <RewardChart
        times={bundle.times}
        reward={bundle.reward}
        paths={bundle.paths}
        steps={bundle.steps}
        quantity={quantity}
      />
    </div>
  );
}

/** The solver panel (DESIGN.md §5): solver, settings, run controls, progress, runs. */
export function SolverPanel({ children }: { children?: React.ReactNode }) {
  const compile = useLab((s) => s.compile);
  const settings = useLab((s) => s.settings);
  const live = useLab((s) => s.live);
  const sharedMemory = useLab((s) => s.sharedMemory);
  const current = useLab(statusRun);
  useLab((s) => s.compiling);
  const blocker = runBlocker();
  const running = current?.status === 'running';
  const paused = Boolean(current?.paused);
  const problem = compile?.problem;
  const status = current?.status ?? 'idle';

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        run();
      } else if (e.key === 'Escape' && useLab.getState().runs.some((r) => r.status === 'running')) {
        e.preventDefault();
        void cancel();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  return (
    <aside className="panel" aria-label="Solver panel">
      <h2>Solver</h2>
      <div className="panel-row">
        <select data-testid="solver-select" aria-label="Solver" value="grid" onChange={() => undefined}>
          <option value="grid">Grid HJB (finite differences)</option>
        </select>
      </div>
      <div className="panel-row buttons">
        <button
          data-testid="run"
          className="primary"
          onClick={() => run()}
          disabled={running || blocker !== null}
          title={blocker ?? 'Run (Ctrl+Enter)'}
        >
          Run
        </button>
        <button
          data-testid="pause"
          onClick={() => (paused ? resume() : pause())}
          disabled={!running || !sharedMemory}
          title={sharedMemory ? (paused ? 'Resume' : 'Pause') : 'Pause needs a cross-origin isolated page'}
        >
          {paused ? 'Resume' : 'Pause'}
        </button>
        <button
          data-testid="step"
          onClick={step}
          disabled={!sharedMemory || (!running && blocker !== null)}
          title="One iteration"
        >
          Step
        </button>
        <button data-testid="cancel" onClick={() => void cancel()} disabled={!running} title="Cancel (Esc)">
          Cancel
        </button>
      </div>
      {blocker && !running && (
        <div className="blocker" data-testid="run-blocker">
          {blocker}
        </div>
      )}
      <RunProgress run={current} />
      <div className={`status ${status.startsWith('failed') ? 'failed' : ''}`} data-testid="status">
        {status}
      </div>
      {current?.result && current.result.solution.warnings.length > 0 && (
        <ul className="solver-warnings" data-testid="solver-warnings">
          {current.result.solution.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <label className="setting-check live" title="Re-solve on every edit (1-D, or a coarse 2-D grid)">
        <input
          type="checkbox"
          data-testid="live"
          checked={live}
          onChange={(e) => setLive(e.target.checked)}
          disabled={!problem || problem.states.length > 2}
        />
        Live: re-solve as you edit
      </label>
      {children}
      {current && current.history.iteration.length > 0 && (
        <div className="chart-box">
          <ConvergenceChart
            history={{
              ...current.history,
              exactError: current.history.exactError.length > 0 ? current.history.exactError : undefined,
            }}
          />
        </div>
      )}
      <PathsChart />
      <details className="panel-section" open>
        <summary>Settings</summary>
        {problem?.gridDefaults ? (
          <SettingsForm
            defaults={problem.gridDefaults}
            value={settings}
            onChange={(next) => useLab.setState({ settings: next })}
            stateNames={problem.states.map((s) => s.name)}
            controlNames={problem.controls.map((c) => c.name)}
            finiteHorizon={problem.horizon !== null}
            disabled={running}
          />
        ) : (
          <p className="muted small">Settings appear when the problem compiles.</p>
        )}
      </details>
      <details className="panel-section" open>
        <summary>Runs</summary>
        <RunsList />
      </details>
    </aside>
  );
}
