/**
 * The lab controller: every conversation with the workers (compile as the user types,
 * solve with live progress, cancel / pause / step, simulate) and the state updates that
 * follow. UI components call these functions; they never talk to a worker themselves.
 */
import * as Comlink from 'comlink';
import type { GridSettings } from '../../core/solvers/grid/settings';
import type { SolveProgress } from '../../workers/lab-api';
import { createRunControl, RunController } from '../../workers/run-control';
import { exampleById, examples } from '../examples';
import { labWorker } from '../workers/client';
import { initialView, updateRun, useLab } from './store';
import type { Run, RunStatus, TrajectoryBundle } from './types';

const COMPILE_DEBOUNCE_MS = 150;
const LIVE_DEBOUNCE_MS = 30;

let compileTimer: ReturnType<typeof setTimeout> | null = null;
let compileSeq = 0;
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

export function initLab(exampleId = 'pendulum'): void {
  useLab.setState({ sharedMemory: createRunControl() !== null });
  loadExample(exampleById(exampleId) ? exampleId : (examples[0]?.id ?? ''));
}

export function loadExample(id: string): void {
  const ex = exampleById(id);
  if (!ex) return;
  useLab.setState({
    exampleId: id,
    source: ex.source,
    settings: {},
    trajectories: [],
    view: { ...initialView },
  });
  compileNow();
}

/** The editor's text changed (typing or a parameter slider). */
export function setSource(source: string): void {
  if (source === useLab.getState().source) return;
  useLab.setState({ source, compiling: true });
  if (compileTimer) clearTimeout(compileTimer);
  compileTimer = setTimeout(compileNow, COMPILE_DEBOUNCE_MS);
}

export function compileNow(): void {
  if (compileTimer) clearTimeout(compileTimer);
  compileTimer = null;
  const seq = ++compileSeq;
  const source = useLab.getState().source;
  useLab.setState({ compiling: true });
  void labWorker('compile')
    .api.compile(source)
    .then((reply) => {
      // A newer compile, or an edit since this one started (its compile is scheduled): this
      // reply describes an older text, and its literal ranges would address the wrong places.
      if (seq !== compileSeq || source !== useLab.getState().source) return;
      useLab.setState((s) => ({
        compile: reply,
        compiling: false,
        settings: reply.problem
          ? fitSettings(s.settings, reply.problem.states.length, reply.problem.controls.length)
          : s.settings,
      }));
      if (reply.ok && useLab.getState().live) scheduleLiveRun();
    })
    .catch((err: unknown) => {
      if (seq !== compileSeq || source !== useLab.getState().source) return;
      useLab.setState({
        compiling: false,
        compile: {
          ok: false,
          problem: null,
          ms: 0,
          diagnostics: [
            {
              line: 1,
              column: 1,
              endLine: 1,
              endColumn: 1,
              severity: 'error',
              message: `the compiler stopped: ${err instanceof Error ? err.message : String(err)}`,
            },
          ],
        },
      });
    });
}

/**
 * Keep the user's settings across edits, except per-state and per-control lists whose
 * length no longer matches the problem (a state or control was added or removed).
 */
export function fitSettings(settings: Partial<GridSettings>, d: number, m: number): Partial<GridSettings> {
  const shapeOk = !settings.shape || settings.shape.length === d;
  const actionsOk = !settings.actions || settings.actions.length === m;
  if (shapeOk && actionsOk) return settings;
  const next = { ...settings };
  if (!shapeOk) delete next.shape;
  if (!actionsOk) delete next.actions;
  return next;
}

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
  if (c.problem?.kind !== 'control')
    return 'diffusion problems need the diffusion solver (not available yet)';
  if (c.problem.states.length > 4)
    return `the grid solver handles 1–4 states; this problem has ${c.problem.states.length}`;
  return null;
}

/** Settings for live re-solves: coarse enough to finish well under a second. */
function liveSettings(settings: Partial<GridSettings>, d: number): Partial<GridSettings> | null {
  if (d === 1) return { ...settings, shape: [Math.min(settings.shape?.[0] ?? 201, 401)], multilevel: false };
  if (d === 2)
    return {
      ...settings,
      shape: (settings.shape ?? [61, 61]).map((n) => Math.min(n, 61)),
      actions: settings.actions?.map((m) => Math.min(m, 21)),
    };
  return null;
}

export function setLive(live: boolean): void {
  useLab.setState({ live });
  if (live) scheduleLiveRun();
}

function scheduleLiveRun(): void {
  if (liveTimer) clearTimeout(liveTimer);
  liveTimer = setTimeout(() => {
    liveTimer = null;
    const c = useLab.getState().compile;
    if (!c?.ok || !c.problem) return;
    const settings = liveSettings(useLab.getState().settings, c.problem.states.length);
    if (!settings) return;
    void (async () => {
      if (active) await cancel();
      run({ settings, live: true });
    })();
  }, LIVE_DEBOUNCE_MS);
}

function emptyHistory(): Run['history'] {
  return { iteration: [], residualMax: [], residualL2: [], policyChanges: [], seconds: [], exactError: [] };
}

function finalStatus(r: {
  converged: boolean;
  status: string;
  iterations: number;
  residualMax: number;
}): RunStatus {
  if (r.converged || r.status === 'done' || r.status === 'converged') return 'converged';
  return `failed: not converged after ${r.iterations} iterations (residual ${r.residualMax.toExponential(2)})`;
}

export function run(
  opts: { settings?: Partial<GridSettings>; live?: boolean; startPaused?: boolean } = {},
): string | null {
  const s = useLab.getState();
  if (active || runBlocker()) return null;
  const problem = s.compile?.problem;
  if (!problem) return null;
  // Unique across sessions: runs reopened from files keep their ids.
  const id = `run-${SESSION}-${++runSeq}`;
  const oneD = problem.states.length === 1 && problem.horizon === null;
  const settings = { ...problem.gridDefaults, ...(opts.settings ?? s.settings) };
  const runObj: Run = {
    id,
    label: `#${runSeq} ${problem.title}${opts.live ? ' (live)' : ''}`,
    status: 'running',
    paused: Boolean(opts.startPaused),
    problem,
    source: s.source,
    overrides: {},
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
    runs: [...(opts.live ? st.runs.filter((r) => !r.label.endsWith('(live)')) : st.runs), runObj],
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
  const onProgress = (p: SolveProgress) => {
    // Progress travels on its own port and may trail the result: ignore it once the run ended.
    updateRun(id, (r) => {
      if (r.status !== 'running') return {};
      const h = r.history;
      if (p.level !== 0) return { progress: p };
      const history = {
        iteration: [...h.iteration, p.iteration],
        residualMax: [...h.residualMax, p.residualMax],
        residualL2: [...h.residualL2, p.residualL2],
        policyChanges: [...h.policyChanges, p.policyChanges],
        seconds: [...h.seconds, p.elapsed],
        exactError: p.exactError ? [...h.exactError, p.exactError.value.max] : h.exactError,
      };
      return {
        progress: p,
        history,
        liveGrid: p.grid ?? r.liveGrid,
        snapshot: p.snapshot ?? r.snapshot,
        snapshots: oneD && p.snapshot ? [...r.snapshots, p.snapshot] : r.snapshots,
      };
    });
  };
  const settled = client.api
    .solve(
      jobId,
      { source: s.source, solver: 'grid', settings, snapshotEvery: oneD ? 1 : 3 },
      Comlink.proxy(onProgress),
      buffer,
    )
    .then((outcome) => {
      if (outcome.status === 'done') {
        const sol = outcome.result.solution;
        updateRun(id, (r) => ({
          status: finalStatus(sol),
          paused: false,
          result: outcome.result,
          snapshot: null,
          history: { ...sol.history, exactError: r.history.exactError },
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

export function deleteRun(id: string): void {
  if (active?.runId === id) return;
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

let simSeq = 0;

/**
 * Launch closed-loop sample paths from a state under the selected run's policy. The
 * solution's arrays are copied to the simulation worker (structured clone); paths come
 * back transferred.
 */
export async function simulateFrom(from: number[]): Promise<void> {
  const s = useLab.getState();
  const runObj = s.runs.find((r) => r.id === s.selectedRunId);
  if (!runObj?.result || useLab.getState().simulating) return;
  const problem = runObj.problem;
  const rho = problem.discount ?? 0;
  const horizon =
    problem.horizon ?? (s.pathHorizon > 0 ? s.pathHorizon : rho > 0 ? Math.min(5 / rho, 50) : 10);
  const seed = 1 + simSeq++;
  useLab.setState({ simulating: true, simError: null });
  try {
    const outcome = await labWorker('sim').api.simulate({
      source: runObj.source,
      solution: runObj.result.solution,
      from,
      paths: s.pathCount,
      horizon,
      dt: horizon / 600,
      seed,
    });
    if (outcome.status !== 'done') {
      useLab.setState({ simError: outcome.status === 'failed' ? outcome.message : 'cancelled' });
      return;
    }
    const r = outcome.result;
    const steps = r.times.length;
    const bundle: TrajectoryBundle = {
      id: `paths-${seed}`,
      runId: runObj.id,
      from,
      d: problem.states.length,
      paths: s.pathCount,
      steps,
      times: r.times,
      states: r.paths,
      reward: r.cumulative,
      mean: r.mean,
    };
    useLab.setState((st) => ({ trajectories: st.accumulatePaths ? [...st.trajectories, bundle] : [bundle] }));
  } catch (err) {
    useLab.setState({ simError: err instanceof Error ? err.message : String(err) });
  } finally {
    useLab.setState({ simulating: false });
  }
}

export function clearPaths(): void {
  useLab.setState({ trajectories: [] });
}
