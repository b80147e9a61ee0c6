import { useEffect } from 'react';
import { findSolver, listSolvers } from '../../core/solvers/registry';
import type { MetricSpec, SolverResult } from '../../core/solvers/solver';
import type { SolveProgress } from '../../workers/lab-api';
import { accumulatedQuantity, ConvergenceChart, LearningCurveChart, RewardChart } from '../charts';
import {
  cancel,
  chooseSolver,
  deleteRun,
  pause,
  resume,
  runAfterInput,
  runBlocker,
  selectRun,
  setLive,
  step,
  toggleCompare,
} from '../state/controller';
import { selectedRun, shownStatus, statusRun, useLab } from '../state/store';
import type { Run } from '../state/types';
import { etaSeconds, formatSeconds } from './eta';
import { runMeta } from './run-meta';
import { SweepPanel } from './SweepPanel';
import { SettingsForm } from './SettingsForm';
import { refusalWithChoice } from '../state/refusal';
import { chartWithComparison } from '../state/compare-errors';

const short = (v: unknown) => (typeof v === 'number' ? v.toExponential(2) : String(v));

/** The progress line: the solver's phase, its first metric, the time. */
function progressText(p: SolveProgress): string {
  const first = Object.entries(p.metrics)[0];
  const parts = [p.phase ?? `iteration ${p.iteration}`];
  if (p.phase && !p.phase.startsWith('iteration')) parts[0] = `iteration ${p.iteration} (${p.phase})`;
  if (first) parts.push(`${first[0] === 'residualMax' ? 'residual' : first[0]} ${short(first[1])}`);
  parts.push(formatSeconds(p.elapsed));
  return parts.join(' · ');
}

function resultText(r: SolverResult): string {
  const parts = [`${r.iterations} iterations`];
  const residual = r.summary['residualMax'];
  if (typeof residual === 'number') parts.push(`residual ${short(residual)}`);
  parts.push(formatSeconds(r.seconds));
  return parts.join(' · ');
}

function RunProgress({ run }: { run: Run | null }) {
  const p = run?.progress;
  let fraction = run?.status === 'converged' || run?.status === 'finished' ? 1 : 0;
  let eta: number | null = null;
  if (run && p && run.status === 'running' && p.fraction !== undefined) {
    fraction = p.fraction;
    eta = etaSeconds(p.fraction, p.elapsed);
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
        {run?.result ? resultText(run.result.result) : p ? progressText(p) : '\u00a0'}
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
      {runs.map((r) => {
        const status = shownStatus(r);
        const meta = r.result ? runMeta(r.result.result) : { text: status, title: status };
        return (
          <li key={r.id} className={r.id === selected ? 'selected' : r.id === compare ? 'compared' : ''}>
            <button className="run-label" onClick={() => selectRun(r.id)} title={`${r.label}\n${status}`}>
              <span className={`dot ${status.startsWith('failed') ? 'failed' : status}`} />
              {r.label}
            </button>
            <span className="run-meta" title={meta.title}>
              {meta.text}
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
        );
      })}
    </ul>
  );
}

function metricsOf(solver: string): readonly MetricSpec[] {
  return findSolver(solver)?.metrics ?? [];
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

/** The solver panel: solver (from the registry), settings, run controls, progress, runs. */
export function SolverPanel({ children }: { children?: React.ReactNode }) {
  const compile = useLab((s) => s.compile);
  const settings = useLab((s) => s.settings);
  const drafts = useLab((s) => s.settingDrafts);
  const live = useLab((s) => s.live);
  const sharedMemory = useLab((s) => s.sharedMemory);
  const current = useLab(statusRun);
  useLab((s) => s.compiling);
  const blocker = runBlocker();
  const running = current?.status === 'running';
  const paused = Boolean(current?.paused);
  const problem = compile?.problem;
  const solver = useLab((s) => s.solver);
  const offers =
    problem?.solvers ??
    listSolvers().map((d) => ({ id: d.id, title: d.title, description: d.description, refusal: null }));
  const offer = problem?.solvers.find((o) => o.id === solver);
  const status = shownStatus(current);
  const compareRun = useLab((s) => s.runs.find((r) => r.id === s.compareRunId) ?? null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        runAfterInput();
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
        <select
          data-testid="solver-select"
          aria-label="Solver"
          value={solver}
          disabled={running}
          onChange={(e) => chooseSolver(e.target.value)}
        >
          {offers.map((o) => (
            <option key={o.id} value={o.id} title={o.refusal ?? o.description}>
              {o.title}
            </option>
          ))}
        </select>
      </div>
      <div className="panel-row buttons">
        <button
          data-testid="run"
          className="primary"
          onClick={runAfterInput}
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
      {current?.result && current.result.result.warnings.length > 0 && (
        <ul className="solver-warnings" data-testid="solver-warnings">
          {current.result.result.warnings.map((w) => (
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
          <ConvergenceChart {...chartWithComparison(current, compareRun, metricsOf(current.solver))} />
          {current.solver === 'q-learning' && <LearningCurveChart history={current.history} />}
        </div>
      )}
      <PathsChart />
      <details className="panel-section" open>
        <summary>Settings</summary>
        {offer && offer.refusal === null ? (
          <SettingsForm
            specs={offer.settings}
            defaults={offer.defaults}
            value={settings}
            drafts={drafts}
            onChange={(next) => useLab.setState({ settings: next.values, settingDrafts: next.drafts })}
            disabled={running}
          />
        ) : (
          <p className="muted small" data-testid="settings-note">
            {offer ? refusalWithChoice(offers, solver) : 'Settings appear when the problem compiles.'}
          </p>
        )}
      </details>
      {solver === 'q-learning' && offer?.refusal === null && <SweepPanel />}
      <details className="panel-section" open>
        <summary>Runs</summary>
        <RunsList />
      </details>
    </aside>
  );
}
