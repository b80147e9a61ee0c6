/**
 * The run session: one solve at a time in the solve worker, with live progress, cancel,
 * pause and step (shared memory), and live re-solves while the user edits. The solver and
 * its settings come from the store; what the solver accepts, its defaults and its live
 * settings come from the registry (through the compile reply and the definition).
 */
import * as Comlink from 'comlink';
import { runStatusOf } from '../../core/project/run-record';
import { findSolver } from '../../core/solvers/registry';
import type { RunHistory, SettingValues, SolverResult } from '../../core/solvers/solver';
import type { SolveProgress } from '../../workers/lab-api';
import { createRunControl, RunController } from '../../workers/run-control';
import { frameBatch } from './frame-batch';
import { settingsProblem } from './setting-drafts';
import { labWorker } from '../workers/client';
import { updateRun, useLab } from './store';
import type { Run, RunStatus } from './types';
import { refusalWithChoice } from './refusal';

const LIVE_DEBOUNCE_MS = 30;

let liveTimer: ReturnType<typeof setTimeout> | null = null;
let runSeq = 0;
const SESSION = Date.now().toString(36);

interface ActiveJob {
  runId: string;
  jobId: string;
  settled: Promise<unknown>;
  control: RunController | null;
}
let active: ActiveJob | null = null;

/** Why Run is disabled, or null when it is enabled. */
export function runBlocker(): string | null {
  const s = useLab.getState();
  if (s.compiling && !s.compile) return 'compiling…';
  const c = s.compile;
  if (!c) return 'compiling…';
  if (!c.ok) {
    const first = c.diagnostics.find((d) => d.severity === 'error');
    return first ? `fix line ${first.line}: ${first.message}` : 'the problem does not compile';
  }
  const offer = c.problem?.solvers.find((o) => o.id === s.solver);
  if (!offer) return `no solver '${s.solver}' in this build`;
  return (
    refusalWithChoice(c.problem?.solvers ?? [], s.solver) ??
    settingsProblem(offer.settings, s.settings, s.settingDrafts)
  );
}

function liveSettings(solver: string, settings: SettingValues, states: number): SettingValues | null {
  const def = findSolver(solver);
  return def?.liveSettings ? def.liveSettings(settings, states) : null;
}

export function setLive(live: boolean): void {
  useLab.setState({ live });
  if (live) scheduleLiveRun();
}

/** The problem compiled after an edit: re-solve when live. */
export function liveEdited(): void {
  if (useLab.getState().live) scheduleLiveRun();
}

function scheduleLiveRun(): void {
  if (liveTimer) clearTimeout(liveTimer);
  liveTimer = setTimeout(() => {
    liveTimer = null;
    const s = useLab.getState();
    const c = s.compile;
    if (!c?.ok || !c.problem) return;
    const settings = liveSettings(s.solver, s.settings, c.problem.states.length);
    if (!settings) return;
    void (async () => {
      if (active) await cancel();
      run({ settings, live: true });
    })();
  }, LIVE_DEBOUNCE_MS);
}

function emptyHistory(): RunHistory {
  return { iteration: [], seconds: [], metrics: {} };
}

/** The run's status as the lab shows it (run-record.ts: the CLI's --save writes the same). */
export function finalStatus(r: SolverResult): RunStatus {
  return runStatusOf(r);
}

/** The history with one more progress row: every series keeps the length of `iteration`. */
export function appendProgress(
  h: RunHistory,
  p: { iteration: number; elapsed: number; metrics: Record<string, number> },
): RunHistory {
  const n = h.iteration.length;
  const metrics: Record<string, number[]> = {};
  for (const name of new Set([...Object.keys(h.metrics), ...Object.keys(p.metrics)])) {
    const old = h.metrics[name] ?? new Array<number>(n).fill(Number.NaN);
    metrics[name] = [...old, p.metrics[name] ?? Number.NaN];
  }
  return { iteration: [...h.iteration, p.iteration], seconds: [...h.seconds, p.elapsed], metrics };
}

export function run(
  opts: { settings?: SettingValues; live?: boolean; startPaused?: boolean } = {},
): string | null {
  const s = useLab.getState();
  if (active || runBlocker()) return null;
  const problem = s.compile?.problem;
  const offer = problem?.solvers.find((o) => o.id === s.solver);
  if (!problem || !offer) return null;
  // Unique across sessions: runs reopened from files keep their ids.
  const id = `run-${SESSION}-${++runSeq}`;
  const oneD = problem.states.length === 1 && problem.horizon === null;
  const settings = { ...offer.defaults, ...(opts.settings ?? s.settings) };
  const live = Boolean(opts.live);
  const runObj: Run = {
    id,
    label: `#${runSeq} ${problem.title}${live ? ' (live)' : ''}`,
    status: 'running',
    paused: Boolean(opts.startPaused),
    live,
    problem,
    source: s.source,
    overrides: {},
    solver: offer.id,
    settings,
    startedAt: performance.now(),
    history: emptyHistory(),
    progress: null,
    liveGrid: null,
    snapshot: null,
    snapshots: [],
    result: null,
  };
  // Live re-solves replace the previous live run instead of piling up.
  useLab.setState((st) => ({
    runs: [...(live ? st.runs.filter((r) => !r.live) : st.runs), runObj],
    selectedRunId: id,
    trajectories: st.accumulatePaths ? st.trajectories : [],
  }));
  const client = labWorker('solve');
  const buffer = createRunControl();
  const control = buffer ? new RunController(buffer) : null;
  if (control && opts.startPaused) {
    control.pause();
    control.step();
  }
  const jobId = client.newJobId('solve');
  // One store update per animation frame however many messages came in it: each update
  // re-renders the panel, the charts and the surface (docs/architecture.md, renderer).
  const progress = frameBatch<SolveProgress>((batch) =>
    // Progress travels on its own port and may trail the result: ignore it once the run ended.
    updateRun(id, (r) => {
      if (r.status !== 'running') return {};
      let { history, liveGrid, snapshot, snapshots } = r;
      for (const p of batch) {
        history = appendProgress(history, p);
        liveGrid = p.snapshot?.grid ?? liveGrid;
        snapshot = p.snapshot?.value ?? snapshot;
        if (oneD && p.snapshot) snapshots = [...snapshots, p.snapshot.value];
      }
      return { progress: batch[batch.length - 1], history, liveGrid, snapshot, snapshots };
    }),
  );
  const onProgress = (p: SolveProgress) => progress.push(p);
  const settled = client.api
    .solve(
      jobId,
      { source: s.source, solver: offer.id, settings, snapshotEvery: oneD ? 1 : 3 },
      Comlink.proxy(onProgress),
      buffer,
    )
    .then((outcome) => {
      // Every progress the worker sent before its reply lands before the outcome.
      progress.flush();
      if (outcome.status === 'done') {
        const result = outcome.result.result;
        updateRun(id, (r) => ({
          status: finalStatus(result),
          paused: false,
          result: outcome.result,
          snapshot: null,
          history: result.history,
          snapshots: outcome.result.iterates ?? r.snapshots,
        }));
      } else if (outcome.status === 'cancelled') updateRun(id, { status: 'cancelled', paused: false });
      else updateRun(id, { status: `failed: ${outcome.message}`, paused: false });
    })
    .catch((err: unknown) => {
      updateRun(id, { status: `failed: ${err instanceof Error ? err.message : String(err)}`, paused: false });
    })
    .finally(() => {
      if (active?.jobId === jobId) active = null;
    });
  active = { runId: id, jobId, settled, control };
  return id;
}

/**
 * Run, from the Run button or Ctrl+Enter, in a task after the input's. Run inside the click,
 * the press, the release's own event handling and style, and the run's first commit (the
 * panel, the charts, the 3-D view's root) were one task of 18–24 ms CPU (traces of the
 * 201² and 301² pendulum's Run click, load 5–9), about half of it the input's own.
 */
export function runAfterInput(): void {
  setTimeout(() => run(), 0);
}

/** Cancel the running solve: cooperative through shared memory, else by restarting the worker. */
export async function cancel(): Promise<void> {
  const job = active;
  if (!job) return;
  job.control?.cancel();
  const how = await labWorker('solve').cancel(job.jobId, job.settled, job.control ? 2000 : 300);
  if (how === 'terminated') {
    if (active?.jobId === job.jobId) active = null;
    updateRun(job.runId, { status: 'cancelled', paused: false });
  }
}

export function pause(): void {
  if (!active?.control) return;
  active.control.pause();
  updateRun(active.runId, { paused: true });
}

export function resume(): void {
  if (!active?.control) return;
  active.control.resume();
  updateRun(active.runId, { paused: false });
}

/** One more iteration of a paused run; when idle, start a run paused after its first iteration. */
export function step(): void {
  if (active?.control) {
    if (!active.control.paused) pause();
    active.control.step();
    return;
  }
  if (!active) run({ startPaused: true });
}

export function isRunning(): boolean {
  return active !== null;
}

/** The id of the run being solved, if any. */
export function activeRunId(): string | null {
  return active?.runId ?? null;
}

/**
 * Another problem was loaded: stop the previous problem's solve and show this problem's last
 * run of the session (same source), else no run until the next one.
 */
export function showRunsOf(source: string): void {
  const previous = active?.runId;
  if (active) void cancel();
  const last = useLab.getState().runs.findLast((r) => r.source === source && r.id !== previous);
  useLab.setState({ selectedRunId: last?.id ?? null, compareRunId: null });
}
