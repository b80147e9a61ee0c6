/**
 * The lab's zustand store (works in Node): run updates by id, the selected run, and the run
 * whose status the status line shows.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  initialView,
  selectedRun,
  setView,
  shownStatus,
  statusRun,
  updateRun,
  useLab,
} from '../../../src/renderer/state/store';
import type { Run, RunStatus } from '../../../src/renderer/state/types';
import type { ProblemSummary } from '../../../src/workers/protocol';

const problem: ProblemSummary = {
  kind: 'control',
  title: 't',
  states: [],
  controls: [],
  parameters: [],
  objective: 'minimize',
  discount: 1,
  horizon: null,
  noiseDim: 0,
  hasExact: false,
  hasTarget: false,
  latex: {},
  solvers: [],
};

function makeRun(id: string, status: RunStatus = 'converged'): Run {
  return {
    id,
    label: `#${id}`,
    status,
    paused: false,
    live: false,
    problem,
    source: '',
    overrides: {},
    solver: 'grid',
    settings: {},
    startedAt: 0,
    history: { iteration: [], seconds: [], metrics: {} },
    progress: null,
    liveGrid: null,
    snapshot: null,
    snapshots: [],
    result: null,
  };
}

const initial = useLab.getState();

beforeEach(() => {
  useLab.setState(initial, true);
});

describe('updateRun', () => {
  it('patches only the run with that id, with a new runs array and a new run object', () => {
    const a = makeRun('a', 'running');
    const b = makeRun('b');
    useLab.setState({ runs: [a, b] });
    const before = useLab.getState().runs;
    updateRun('a', { status: 'cancelled', paused: true });
    const after = useLab.getState().runs;
    expect(after).not.toBe(before);
    expect(after[0]).not.toBe(a);
    expect(after[0]).toEqual({ ...a, status: 'cancelled', paused: true });
    expect(after[1]).toBe(b);
    // the old objects are untouched (zustand consumers compare by reference)
    expect(a.status).toBe('running');
  });

  it('a function patch sees the current run', () => {
    useLab.setState({ runs: [makeRun('a', 'running'), makeRun('b')] });
    updateRun('a', (r) => ({ history: { ...r.history, iteration: [...r.history.iteration, 1] } }));
    updateRun('a', (r) => ({ history: { ...r.history, iteration: [...r.history.iteration, 2] } }));
    expect(useLab.getState().runs[0].history.iteration).toEqual([1, 2]);
    expect(useLab.getState().runs[1].history.iteration).toEqual([]);
  });

  it('an unknown id changes no run', () => {
    const runs = [makeRun('a'), makeRun('b')];
    useLab.setState({ runs });
    updateRun('zzz', { status: 'cancelled' });
    expect(useLab.getState().runs).toEqual(runs);
    useLab.getState().runs.forEach((r, k) => expect(r).toBe(runs[k]));
  });
});

describe('selectedRun and statusRun', () => {
  it('selectedRun: the run named by selectedRunId, or null', () => {
    const runs = [makeRun('a'), makeRun('b')];
    useLab.setState({ runs, selectedRunId: 'b' });
    expect(selectedRun(useLab.getState())).toBe(runs[1]);
    useLab.setState({ selectedRunId: 'gone' });
    expect(selectedRun(useLab.getState())).toBeNull();
    useLab.setState({ selectedRunId: null });
    expect(selectedRun(useLab.getState())).toBeNull();
  });

  it('statusRun: the running run first, else the selected one', () => {
    const runs = [makeRun('a'), makeRun('b', 'running'), makeRun('c', 'failed: boom')];
    useLab.setState({ runs, selectedRunId: 'c' });
    expect(statusRun(useLab.getState())).toBe(runs[1]);
    updateRun('b', { status: 'converged' });
    expect(statusRun(useLab.getState())?.id).toBe('c');
    useLab.setState({ selectedRunId: null });
    expect(statusRun(useLab.getState())).toBeNull();
  });

  it('shownStatus: a paused running run reads "paused"; a paused flag on a finished run is ignored', () => {
    expect(shownStatus(null)).toBe('idle');
    expect(shownStatus(makeRun('a', 'running'))).toBe('running');
    expect(shownStatus({ ...makeRun('a', 'running'), paused: true })).toBe('paused');
    expect(shownStatus({ ...makeRun('a', 'converged'), paused: true })).toBe('converged');
    expect(shownStatus(makeRun('a', 'failed: boom'))).toBe('failed: boom');
  });

  it('setView merges into the view', () => {
    setView({ overlay: 'policy:1', sliceIndex: 3 });
    expect(useLab.getState().view).toEqual({ ...initialView, overlay: 'policy:1', sliceIndex: 3 });
    expect(initialView.overlay).toBe('value');
  });
});
