/**
 * Lab state ⇄ `.hjblab` project: real runs (a 2-D solve with exact fields, a 1-D solve with
 * its iterates, a finite-horizon solve with stored times) go through toProject, the file
 * text and parseProject, and come back as runs whose arrays are bit-identical.
 */
import { describe, expect, it } from 'vitest';
import { parseProject, serializeProject, type Project } from '../../../src/core/project';
import {
  overlayFromProject,
  projectRunToRun,
  runToProjectRun,
  storableRuns,
  toProject,
  viewFromProject,
} from '../../../src/renderer/project/codec';
import { useLab, type LabState } from '../../../src/renderer/state/store';
import type { Overlay, Run } from '../../../src/renderer/state/types';
import { deriveView } from '../../../src/renderer/view/derive';
import { gridResult, type GridResult } from '../../../src/core/solvers/grid/index';
import { createLabApi } from '../../../src/workers/lab-api';
import { example, finishedRun, finiteLqSource, summaryOf, view } from '../fixtures';

const bytes = (a: Float64Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Bit-for-bit equality of two lists of float64 arrays (NaN payloads and −0 included). */
function expectSameArrays(got: readonly Float64Array[], want: readonly Float64Array[], what: string): void {
  expect(got.length, `${what}: count`).toBe(want.length);
  got.forEach((g, k) => {
    expect(g, `${what}[${k}]`).toBeInstanceOf(Float64Array);
    expect(bytes(g), `${what}[${k}] bytes`).toEqual(bytes(want[k]));
  });
}

const diSource = example('double-integrator-lqr');
const lqrSource = example('lqr-1d');
const twoD = finishedRun('run-1', diSource, { shape: [21, 21] });
const oneD = finishedRun('run-2', lqrSource, { shape: [41] });
const timed = finishedRun('run-3', finiteLqSource, { shape: [41], times: 5, timeSteps: 20 });

function labState(patch: Partial<LabState>): LabState {
  return {
    ...useLab.getState(),
    source: diSource,
    compile: createLabApi().compile(diSource),
    settings: { shape: [31, 31], refine: false },
    ...patch,
  };
}

/** State → project → file text → project → runs, as saving and reopening do. */
function roundTrip(s: LabState): { project: Project; text: string; runs: Run[] } {
  const text = serializeProject(toProject(s));
  const project = parseProject(text);
  const runs = project.runs.map((pr) => {
    const src = typeof pr.summary['source'] === 'string' ? pr.summary['source'] : project.source;
    return projectRunToRun(pr, summaryOf(src));
  });
  return { project, text, runs };
}

function expectSameRun(got: Run, want: Run): void {
  const g = got.result!;
  const w = want.result!;
  const gs = (g.result as GridResult).solution;
  const ws = (w.result as GridResult).solution;
  const ge = g.result.display.exact ?? null;
  const we = w.result.display.exact ?? null;
  expect(got.id).toBe(want.id);
  expect(got.label).toBe(want.label);
  expect(got.status).toBe(want.status);
  expect(got.source).toBe(want.source);
  expect(got.settings).toEqual(want.settings);
  expect(got.problem).toEqual(want.problem);
  expect(got.paused).toBe(false);
  expect(got.progress).toBeNull();
  expect(got.snapshot).toBeNull();
  expectSameArrays(gs.grid.axes, ws.grid.axes, 'axes');
  expect(gs.grid.shape).toEqual(ws.grid.shape);
  expect(gs.grid.bounds).toEqual(ws.grid.bounds);
  expect(gs.grid.periodic).toEqual(ws.grid.periodic);
  expectSameArrays([gs.value, gs.residual], [ws.value, ws.residual], 'value, residual');
  expectSameArrays(gs.policy, ws.policy, 'policy');
  expectSameArrays(g.drift, w.drift, 'drift');
  expect(ge === null).toBe(we === null);
  if (we && ge) {
    expectSameArrays([ge.value], [we.value], 'exact.value');
    expectSameArrays(ge.policy, we.policy, 'exact.policy');
  }
  expect(gs.times === undefined).toBe(ws.times === undefined);
  if (ws.times && ws.values && gs.times && gs.values) {
    expectSameArrays([gs.times, gs.values], [ws.times, ws.values], 'times, values');
    expectSameArrays(gs.policies ?? [], ws.policies ?? [], 'policies');
  }
  expectSameArrays(got.snapshots, want.snapshots, 'snapshots');
  expect(gs.history).toEqual(ws.history);
  expect(got.history).toEqual(want.history);
  expect(g.result.history).toEqual(w.result.history);
  expect(g.result.summary).toEqual(w.result.summary);
  expect(got.solver).toBe(want.solver);
  expect(gs.exactError).toEqual(ws.exactError);
  for (const key of ['method', 'iterations', 'seconds', 'residualMax', 'residualL2', 'status'] as const)
    expect(gs[key], key).toBe(ws[key]);
  expect(gs.warnings).toEqual(ws.warnings);
}

describe('project codec: round trip of real runs', () => {
  it('the fixtures are what they claim: exact fields, iterates, stored times', () => {
    expect(twoD.result!.result.display.exact).toBeDefined();
    expect(twoD.result!.result.summary['policyError']).toBeDefined();
    expect(oneD.snapshots.length).toBeGreaterThan(2);
    expect(timed.result!.result.display.times!.length).toBe(5);
    expect(timed.result!.result.display.policies!.length).toBe(1);
    expect(timed.result!.result.display.exact!.policy).toEqual([]);
    expect(timed.history.metrics['valueError']?.length).toBeGreaterThan(0);
  });

  it('every array, history, exact error, snapshot, setting and the selected run come back', () => {
    const s = labState({ runs: [twoD, oneD, timed], selectedRunId: 'run-2' });
    const { project, runs } = roundTrip(s);
    expect(project.title).toBe('Double integrator LQR');
    expect(project.source).toBe(diSource);
    expect(project.settings).toEqual({ solver: 'grid', values: { shape: [31, 31], refine: false } });
    expect(project.view.selectedRunId).toBe('run-2');
    expect(runs.map((r) => r.id)).toEqual(['run-1', 'run-2', 'run-3']);
    expectSameRun(runs[0], twoD);
    expectSameRun(runs[1], oneD);
    expectSameRun(runs[2], timed);
  });

  it('a reopened run draws the same surfaces as before', () => {
    const { runs } = roundTrip(labState({ runs: [twoD, oneD, timed], selectedRunId: null }));
    for (const [restored, original, overlay] of [
      [runs[0], twoD, 'error'],
      [runs[1], oneD, 'value'],
      [runs[2], timed, 'value'],
    ] as const) {
      const a = deriveView(restored, view({ overlay }))!;
      const b = deriveView(original, view({ overlay }))!;
      expect(a.mode).toBe(b.mode);
      expect(bytes(a.surface.z)).toEqual(bytes(b.surface.z));
      expect(Array.from(a.surface.ys)).toEqual(Array.from(b.surface.ys));
      expect(a.color === null ? null : bytes(a.color.values)).toEqual(
        b.color === null ? null : bytes(b.color.values),
      );
    }
  });

  it('special floats survive bit for bit (NaN, −0, ±Infinity, subnormals)', () => {
    const original = twoD.result!.result;
    const residual = original.display.residual!.slice();
    residual.set([NaN, -0, Infinity, -Infinity, 5e-324, -Number.MAX_VALUE], 0);
    const solution = { ...(original as GridResult).solution, residual };
    const result = gridResult(
      solution,
      original.display.exact ?? null,
      original.history.metrics['valueError'] ?? [],
    );
    const odd: Run = { ...twoD, id: 'odd', result: { ...twoD.result!, result } };
    const { runs } = roundTrip(labState({ runs: [odd], selectedRunId: 'odd' }));
    const back = runs[0].result!.result.display.residual!;
    expect(bytes(back)).toEqual(bytes(residual));
    expect(Object.is(back[1], -0)).toBe(true);
    expect(Number.isNaN(back[0])).toBe(true);
  });

  it('a not-converged run with a result is stored with its status', () => {
    const status = 'failed: not converged after 3 iterations (residual 1.00e-2)' as const;
    const { runs } = roundTrip(labState({ runs: [{ ...oneD, status }], selectedRunId: null }));
    expect(runs[0].status).toBe(status);
  });

  it('runToProjectRun names its arrays and refuses a run without a result', () => {
    const pr = runToProjectRun(timed);
    expect(Object.keys(pr.arrays).sort()).toEqual(
      [
        'axis.0',
        'value',
        'policy.0',
        'residual',
        'drift.0',
        'exact.value',
        'times',
        'values',
        'policies.0',
        'history.iteration',
        'history.residualMax',
        'history.residualL2',
        'history.policyChanges',
        'history.seconds',
        'history.exactError',
      ].sort(),
    );
    expect(pr.arrays['values'].shape).toEqual([5, 41]);
    expect(pr.arrays['policies.0'].shape).toEqual([5, 41]);
    expect(runToProjectRun(twoD).arrays['value'].shape).toEqual([21, 21]);
    const one = runToProjectRun(oneD).arrays['snapshots'];
    expect(one.shape).toEqual([oneD.snapshots.length, 41]);
    expect(() => runToProjectRun({ ...twoD, result: null })).toThrow(/run-1 has no result/);
  });
});

describe('project codec: which runs are stored', () => {
  const running: Run = { ...twoD, id: 'r-running', status: 'running', result: null };
  const failed: Run = {
    ...twoD,
    id: 'r-failed',
    status: 'failed: the problem does not compile',
    result: null,
  };
  const cancelled: Run = { ...oneD, id: 'r-cancelled', status: 'cancelled', result: null };
  // a re-solve still running over a run that had a result: not stored either
  const runningWithResult: Run = { ...oneD, id: 'r-live', status: 'running' };

  it('storableRuns keeps finished runs with a result, in order', () => {
    expect(
      storableRuns([running, twoD, failed, cancelled, runningWithResult, timed]).map((r) => r.id),
    ).toEqual(['run-1', 'run-3']);
    expect(storableRuns([])).toEqual([]);
  });

  it('toProject stores only those', () => {
    const s = labState({ runs: [running, twoD, failed, oneD], selectedRunId: 'run-1' });
    const { project } = roundTrip(s);
    expect(project.runs.map((r) => r.id)).toEqual(['run-1', 'run-2']);
  });

  it('withRuns: false keeps source, settings and view but no runs and no selection', () => {
    const p = toProject(labState({ runs: [twoD], selectedRunId: 'run-1' }), { withRuns: false });
    expect(p.runs).toEqual([]);
    expect(p.view.selectedRunId).toBeNull();
    expect(p.settings.values).toEqual({ shape: [31, 31], refine: false });
    expect(parseProject(serializeProject(p)).source).toBe(diSource);
  });

  it('a state without a compiled problem is titled Untitled', () => {
    expect(toProject(labState({ compile: null, runs: [], selectedRunId: null })).title).toBe('Untitled');
  });

  // The controller selects a run as soon as it starts: the file must not name it until it is stored.
  it('saving while the selected run is still running works', () => {
    const s = labState({ runs: [twoD, running], selectedRunId: 'r-running' });
    expect(() => serializeProject(toProject(s))).not.toThrow();
  });
});

describe('project codec: overlay and view', () => {
  const cases: [Overlay, Project['view']['overlay'], number][] = [
    ['value', 'none', 0],
    ['residual', 'residual', 0],
    ['error', 'error', 0],
    ['policy:0', 'policy', 0],
    ['policy:1', 'policy', 1],
  ];

  for (const [overlay, stored, policyIndex] of cases)
    it(`'${overlay}' ⇄ { overlay: '${stored}', policyIndex: ${policyIndex} }`, () => {
      const s = labState({ runs: [], selectedRunId: null, view: view({ overlay, colormap: 'magma' }) });
      const { project } = roundTrip(s);
      expect(project.view.overlay).toBe(stored);
      expect(project.view.policyIndex).toBe(policyIndex);
      expect(project.view.colormap).toBe('magma');
      expect(project.view.camera).toBeNull();
      expect(overlayFromProject(project.view)).toBe(overlay);
      const base = view({ contours: false, sliceIndex: 4 });
      expect(viewFromProject(project, base)).toEqual({ ...base, overlay, colormap: 'magma' });
    });
});
