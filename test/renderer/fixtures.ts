/**
 * Real runs for the renderer's tests: example sources compiled and solved by the lab
 * worker's API (called directly, coarse grids), wrapped in the lab's Run objects the way
 * the controller does at the end of a solve.
 */
import { readFileSync } from 'node:fs';
import type { SettingValues } from '../../src/core/solvers/solver';
import { initialView } from '../../src/renderer/state/store';
import type { Run, ViewState } from '../../src/renderer/state/types';
import { createLabApi, type RunResult } from '../../src/workers/lab-api';
import type { ProblemSummary } from '../../src/workers/protocol';

export const example = (name: string): string => readFileSync(`resources/examples/${name}.ts`, 'utf8');

/** Finite-horizon scalar LQ (docs/numerics.md §12.4): V(t, x) = tanh(T − t)x² + σ² ln cosh(T − t). */
export const finiteLqSource = [
  "import { problem } from 'hjb-lab';",
  'const s = 0.5;',
  'export default problem({',
  "  title: 'finite LQ',",
  '  states: { x: [-2, 2] },',
  '  controls: { u: [-4, 4] },',
  '  minimize: ({ x }, { u }) => x * x + u * u,',
  '  horizon: 1,',
  '  drift: (s0, { u }) => ({ x: u }),',
  '  noise: { x: s },',
  '  exact: {',
  '    value: ({ x }, _c, t) => Math.tanh(1 - t) * x * x + s * s * Math.log(Math.cosh(1 - t)),',
  '  },',
  '});',
  '',
].join('\n');

export function summaryOf(source: string): ProblemSummary {
  const reply = createLabApi().compile(source);
  if (!reply.ok || !reply.problem) throw new Error(`does not compile: ${JSON.stringify(reply.diagnostics)}`);
  return reply.problem;
}

export function solve(source: string, settings: SettingValues): RunResult {
  const out = createLabApi().solve('fixture', { source, solver: 'grid', settings });
  // The grid solver is synchronous: the worker answers at once.
  if (out instanceof Promise) throw new Error('the grid solver answered asynchronously');
  if (out.status !== 'done')
    throw new Error(`solve ${out.status}: ${out.status === 'failed' ? out.message : ''}`);
  return out.result;
}

/** A finished run as the controller leaves it after a solve (history, snapshots from iterates). */
export function finishedRun(
  id: string,
  source: string,
  settings: SettingValues,
  extra: Partial<Run> = {},
): Run {
  const problem = summaryOf(source);
  const grid = problem.solvers.find((o) => o.id === 'grid');
  const full = { ...grid?.defaults, ...settings };
  const result = solve(source, full);
  return runRecord(id, source, result, { settings: full, snapshots: result.iterates ?? [], ...extra });
}

/** The Run record of a finished solve of `source` (the solver is the result's), with overrides. */
export function runRecord(id: string, source: string, result: RunResult, extra: Partial<Run> = {}): Run {
  const problem = summaryOf(source);
  return {
    id,
    label: `#${id} ${problem.title}`,
    status: 'converged',
    paused: false,
    live: false,
    problem,
    source,
    overrides: {},
    solver: result.result.solver,
    settings: {},
    startedAt: 0,
    history: result.result.history,
    progress: null,
    liveGrid: null,
    snapshot: null,
    snapshots: [],
    result,
    ...extra,
  };
}

export function view(patch: Partial<ViewState> = {}): ViewState {
  return { ...initialView, ...patch };
}
