/**
 * A second solver, registered from test/ only, driven through every part of the lab that
 * the registry feeds — with no file outside its own touched: the panel's solver list and
 * form (the compile reply), the worker's dispatch with progress, pause/step and cancel
 * while awaiting, the convergence chart's series, the view, closed-loop simulation,
 * saving and reopening a project, and the CLI.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { commands } from '../../src/cli/commands/index';
import { parseProject, serializeProject } from '../../src/core/project';
import { registerSolver } from '../../src/core/solvers/registry';
import type { SolverResult } from '../../src/core/solvers/solver';
import { convergenceData, convergenceSeries } from '../../src/renderer/charts/chart-data';
import { projectRunToRun, runToProjectRun } from '../../src/renderer/project/codec';
import { appendProgress, finalStatus } from '../../src/renderer/state/run-session';
import type { Run } from '../../src/renderer/state/types';
import { deriveView } from '../../src/renderer/view/derive';
import { createLabApi, type RunResult, type SolveProgress } from '../../src/workers/lab-api';
import { RunController } from '../../src/workers/run-control';
import { example, summaryOf, view } from '../renderer/fixtures';
import { DOUBLE_ID, exactDouble } from './exact-double';

const lqr = example('lqr-1d');
// 1-D LQR (docs/numerics.md, reference answers; figures as the example sets them): V(x) = −½Px² − c.
const [alpha, beta, q, ra, sigma, rho] = [-0.5, 1, 1, 0.1, 0.3, 0.1];
const quad = (beta * beta) / ra;
const P = (-(rho - 2 * alpha) + Math.sqrt((rho - 2 * alpha) ** 2 + 4 * quad * q)) / (2 * quad);
const V = (x: number) => -0.5 * P * x * x - (sigma * sigma * P) / (2 * rho);

let unregister: () => void = () => undefined;
beforeAll(() => {
  unregister = registerSolver(exactDouble);
});
afterAll(() => unregister());

async function solveWithDouble(settings = {}, onProgress?: (p: SolveProgress) => void): Promise<RunResult> {
  const out = await createLabApi().solve('double', { source: lqr, solver: DOUBLE_ID, settings }, onProgress);
  if (out.status !== 'done') throw new Error(`solve ${out.status}`);
  return out.result;
}

function runOf(result: RunResult, history = result.result.history): Run {
  return {
    id: 'd1',
    label: '#1 double',
    status: finalStatus(result.result),
    paused: false,
    live: false,
    problem: summaryOf(lqr),
    source: lqr,
    overrides: {},
    solver: DOUBLE_ID,
    settings: { nodes: 61, steps: 8 },
    startedAt: 0,
    history,
    progress: null,
    liveGrid: null,
    snapshot: null,
    snapshots: result.iterates ?? [],
    result,
  };
}

describe('a test double registered beside the grid solver', () => {
  it("the panel's list and form come from the registry", () => {
    const offers = summaryOf(lqr).solvers;
    const ids = offers.map((o) => o.id);
    // The registry's own solvers first, in its order, then the double registered here.
    expect(ids[0]).toBe('grid');
    expect(ids.at(-1)).toBe(DOUBLE_ID);
    expect(new Set(ids).size).toBe(ids.length);
    const offer = offers[offers.length - 1];
    expect(offer.refusal).toBeNull();
    expect(offer.settings.map((s) => s.name)).toEqual(['nodes', 'steps']);
    expect(offer.defaults).toEqual({ nodes: 61, steps: 8 });
    // It refuses a problem without an exact solution, with its own sentence.
    const pendulum = summaryOf(example('pendulum')).solvers.find((o) => o.id === DOUBLE_ID);
    expect(pendulum?.refusal).toBe('the test double needs a problem with an exact solution');
  });

  it('the worker runs it (asynchronously), streams its named metric, and the chart plots it', async () => {
    const seen: SolveProgress[] = [];
    const result = await solveWithDouble({ steps: 5 }, (p) => seen.push(p));
    expect(result.result.status).toBe('converged');
    expect(seen.map((p) => p.metrics['loss'])).toEqual([0.5, 0.25, 0.125, 0.0625, 0.03125]);
    // The lab's live history, grown from progress, is the result's history.
    const live = seen.reduce(appendProgress, { iteration: [], seconds: [], metrics: {} });
    expect(live).toEqual(result.result.history);
    const series = convergenceSeries(live, exactDouble.metrics ?? []);
    expect(series).toEqual([{ name: 'loss', label: 'training loss', scale: 'log', column: 1 }]);
    expect(convergenceData(live, series)[1]).toEqual([0.5, 0.25, 0.125, 0.0625, 0.03125]);
  });

  it('refuses out-of-range settings with the message its description implies', async () => {
    const out = await createLabApi().solve('bad', { source: lqr, solver: DOUBLE_ID, settings: { nodes: 2 } });
    expect(out).toEqual({
      status: 'failed',
      message: 'invalid exact-double solver settings: nodes must be an integer in [3, 2001] (got 2)',
    });
  });

  it('cancel reaches it while it awaits; pause holds it at a checkpoint and step lets one through', async () => {
    const api = createLabApi();
    const seen: number[] = [];
    const pending = api.solve('c1', { source: lqr, solver: DOUBLE_ID, settings: { steps: 1000 } }, (p) => {
      seen.push(p.iteration);
      if (p.iteration === 3) api.cancel('c1');
    });
    expect(await pending).toEqual({ status: 'cancelled' });
    expect(seen).toEqual([1, 2, 3]);

    const buffer = new SharedArrayBuffer(12);
    const control = new RunController(buffer);
    control.pause();
    control.step();
    const stepped: number[] = [];
    // Paused with one step granted: the first checkpoint passes, the second holds until cancel.
    const held = api.solve(
      'p1',
      { source: lqr, solver: DOUBLE_ID, settings: { steps: 5 } },
      (p) => {
        stepped.push(p.iteration);
        if (p.iteration === 2) control.cancel();
      },
      buffer,
    );
    expect(await held).toEqual({ status: 'cancelled' });
    expect(stepped).toEqual([1, 2]);
  });

  it('the view draws its display fields, and simulation follows its policy', async () => {
    const result = await solveWithDouble();
    const run = runOf(result);
    const d = deriveView(run, view())!;
    expect(d.mode).toBe('convergence-1d');
    const x = result.result.display.grid.axes[0];
    const last = d.surface.z;
    const K = d.surface.ys.length;
    for (const i of [0, 30, 45]) expect(last[i * K + K - 1]).toBeCloseTo(V(x[i]), 10);
    const sim = createLabApi().simulate({
      source: lqr,
      solver: DOUBLE_ID,
      result: result.result,
      from: [1],
      paths: 1000,
      horizon: 40,
      dt: 0.01,
      seed: 5,
    });
    if (sim.status !== 'done') throw new Error('simulation failed');
    // The exact policy's discounted reward is V(1) up to the tail e^{−ρT}·E V(X_T), the
    // Euler–Maruyama bias (about 1 %) and 4 Monte-Carlo standard errors.
    const steps = sim.result.times.length - 1;
    const se = sim.result.rewardStd[steps] / Math.sqrt(1000);
    const K_ = (beta * P) / ra;
    const spread2 = (sigma * sigma) / (2 * (beta * K_ - alpha));
    const expected = V(1) - Math.exp(-rho * 40) * (-0.5 * P * spread2 - (sigma * sigma * P) / (2 * rho));
    expect(Math.abs(sim.result.rewardMean[steps] - expected)).toBeLessThan(
      4 * se + 0.02 * Math.abs(expected),
    );
  });

  it('a project keeps its run; reopening gives back its arrays and history', async () => {
    const result = await solveWithDouble();
    const run = runOf(result);
    const pr = runToProjectRun(run);
    expect(pr.solver).toBe(DOUBLE_ID);
    const text = serializeProject({
      title: 'double',
      source: lqr,
      settings: { solver: DOUBLE_ID, values: { nodes: 61 } },
      view: { camera: null, overlay: 'none', policyIndex: 0, colormap: 'viridis', selectedRunId: pr.id },
      runs: [pr],
    });
    const back = projectRunToRun(parseProject(text).runs[0], summaryOf(lqr));
    expect(back.solver).toBe(DOUBLE_ID);
    const r: SolverResult = back.result!.result;
    expect(Array.from(r.display.value)).toEqual(Array.from(result.result.display.value));
    expect(Array.from(r.display.policy[0])).toEqual(Array.from(result.result.display.policy[0]));
    expect(r.history).toEqual(result.result.history);
    expect(Array.from(back.result!.drift[0])).toEqual(Array.from(result.drift[0]));
  });

  it('the CLI lists it, solves with it, reads its settings, and saves a project the lab reopens', async () => {
    const io = () => {
      const o = { out: '', err: '' };
      return {
        o,
        io: { stdout: (t: string) => (o.out += t), stderr: (t: string) => (o.err += t), stderrIsTTY: false },
      };
    };
    const a = io();
    expect(await runCli(['solvers'], commands, a.io)).toBe(0);
    expect(a.o.out).toMatch(/exact-double — Exact \(test double\)/);
    expect(a.o.out).toMatch(/nodes \(--nodes\): display grid; an integer in \[3, 2001\]/);
    const file = join(__dirname, '../../resources/examples/lqr-1d.ts');
    const b = io();
    const code = await runCli(
      [
        'solve',
        file,
        '--solver',
        DOUBLE_ID,
        '--nodes',
        '61',
        '--setting',
        'steps=3',
        '--json',
        '--at',
        '1',
        '--at',
        '-1.5',
      ],
      commands,
      b.io,
    );
    expect(code, b.o.err).toBe(0);
    const j = JSON.parse(b.o.out);
    expect(j.solver).toBe(DOUBLE_ID);
    expect(j.iterations).toBe(3);
    // x = 1 and −1.5 are nodes of the 61-node grid on [−3, 3]: V is exact there.
    expect(j.at[0].value).toBeCloseTo(V(1), 10);
    expect(j.at[1].value).toBeCloseTo(V(-1.5), 10);
    const c = io();
    expect(await runCli(['solve', file, '--solver', DOUBLE_ID, '--setting', 'steps=0'], commands, c.io)).toBe(
      1,
    );
    expect(c.o.err).toMatch(/--setting steps: steps must be an integer in \[1, 1000\] \(got 0\)/);
    const d = io();
    expect(await runCli(['solve', file, '--solver', DOUBLE_ID, '--grid', '51'], commands, d.io)).toBe(1);
    expect(d.o.err).toMatch(/--grid is not a setting of the exact-double solver/);
    const saved = join(mkdtempSync(join(tmpdir(), 'hjb-double-')), 'd.hjblab');
    const e = io();
    expect(await runCli(['solve', file, '--solver', DOUBLE_ID, '--save', saved], commands, e.io)).toBe(0);
    const project = parseProject(readFileSync(saved, 'utf8'));
    expect(project.settings.solver).toBe(DOUBLE_ID);
    const reopened = projectRunToRun(project.runs[0], summaryOf(lqr));
    expect(reopened.status).toBe('converged');
    expect(reopened.result!.result.display.value.length).toBe(61);
  });
});
