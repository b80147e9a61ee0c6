/**
 * Between the lab's state and the `.hjblab` project (src/core/project): runs with their
 * results become named typed arrays plus a plain JSON summary, and come back bit for bit,
 * so a reopened project shows the same surfaces without solving again.
 */
import type { Project, ProjectRun, StoredArray } from '../../core/project';
import { createProject } from '../../core/project';
import type { JsonValue } from '../../core/project/json-value';
import type { GridSettings } from '../../core/solvers/grid/settings';
import type { GridSolution } from '../../core/solvers/grid/types';
import type { RunResult } from '../../workers/lab-api';
import type { ProblemSummary } from '../../workers/protocol';
import type { LabState } from '../state/store';
import type { Overlay, Run, RunStatus, ViewState } from '../state/types';

const f64 = (data: Float64Array, shape: number[] = [data.length]): StoredArray => ({
  dtype: 'float64',
  shape,
  data,
});

function numbers(xs: readonly number[]): Float64Array {
  return Float64Array.from(xs);
}

/** Only finished runs with a result are stored (a running or failed run has nothing to show). */
export function storableRuns(runs: readonly Run[]): Run[] {
  return runs.filter((r) => r.result !== null && r.status !== 'running');
}

export function runToProjectRun(run: Run): ProjectRun {
  const result = run.result;
  if (!result) throw new Error(`run ${run.id} has no result to store`);
  const sol = result.solution;
  const shape = sol.grid.shape;
  const arrays: Record<string, StoredArray> = {};
  sol.grid.axes.forEach((a, k) => (arrays[`axis.${k}`] = f64(a)));
  arrays['value'] = f64(sol.value, shape);
  sol.policy.forEach((p, j) => (arrays[`policy.${j}`] = f64(p, shape)));
  arrays['residual'] = f64(sol.residual, shape);
  result.drift.forEach((f, i) => (arrays[`drift.${i}`] = f64(f, shape)));
  if (result.exact) {
    arrays['exact.value'] = f64(result.exact.value, shape);
    result.exact.policy.forEach((p, j) => (arrays[`exact.policy.${j}`] = f64(p, shape)));
  }
  if (sol.times && sol.values) {
    arrays['times'] = f64(sol.times);
    arrays['values'] = f64(sol.values, [sol.times.length, ...shape]);
    sol.policies?.forEach((p, j) => (arrays[`policies.${j}`] = f64(p, [sol.times?.length ?? 0, ...shape])));
  }
  const h = sol.history;
  arrays['history.iteration'] = f64(numbers(h.iteration));
  arrays['history.residualMax'] = f64(numbers(h.residualMax));
  arrays['history.residualL2'] = f64(numbers(h.residualL2));
  arrays['history.policyChanges'] = f64(numbers(h.policyChanges));
  arrays['history.seconds'] = f64(numbers(h.seconds));
  arrays['history.exactError'] = f64(numbers(run.history.exactError));
  const n = sol.value.length;
  const snaps = run.snapshots.filter((s) => s.length === n);
  if (snaps.length > 0) {
    const stacked = new Float64Array(snaps.length * n);
    snaps.forEach((s, k) => stacked.set(s, k * n));
    arrays['snapshots'] = f64(stacked, [snaps.length, n]);
  }
  const summary: Record<string, JsonValue> = {
    status: run.status,
    method: sol.method,
    converged: sol.converged,
    iterations: sol.iterations,
    seconds: sol.seconds,
    residualMax: sol.residualMax,
    residualL2: sol.residualL2,
    gridStatus: sol.status,
    warnings: sol.warnings,
    source: run.source,
    grid: {
      shape: sol.grid.shape,
      bounds: sol.grid.bounds.map(([a, b]) => [a, b]),
      periodic: sol.grid.periodic,
    },
  };
  if (sol.exactError) {
    const e: Record<string, JsonValue> = {
      value: { max: sol.exactError.value.max, relMax: sol.exactError.value.relMax },
    };
    if (sol.exactError.policy) e['policy'] = { max: sol.exactError.policy.max };
    summary['exactError'] = e;
  }
  return {
    id: run.id,
    solver: 'grid',
    label: run.label,
    createdAt: new Date().toISOString(),
    settings: run.settings as ProjectRun['settings'],
    summary,
    arrays,
  };
}

function overlayToProject(o: Overlay): { overlay: Project['view']['overlay']; policyIndex: number } {
  if (o.startsWith('policy:')) return { overlay: 'policy', policyIndex: Number(o.slice('policy:'.length)) };
  return { overlay: o === 'value' ? 'none' : (o as 'residual' | 'error'), policyIndex: 0 };
}

export function overlayFromProject(view: Project['view']): Overlay {
  if (view.overlay === 'policy') return `policy:${view.policyIndex}`;
  return view.overlay === 'none' ? 'value' : view.overlay;
}

export function toProject(s: LabState, opts: { withRuns: boolean } = { withRuns: true }): Project {
  const title = s.compile?.problem?.title ?? 'Untitled';
  return createProject({
    title,
    source: s.source,
    settings: { solver: 'grid', values: s.settings as Project['settings']['values'] },
    view: {
      ...overlayToProject(s.view.overlay),
      colormap: s.view.colormap,
      selectedRunId: opts.withRuns ? s.selectedRunId : null,
      camera: null,
    },
    runs: opts.withRuns ? storableRuns(s.runs).map(runToProjectRun) : [],
  });
}

// ---- back from a project ----

function arr(run: ProjectRun, key: string): Float64Array | null {
  const a = run.arrays[key];
  if (!a) return null;
  return a.data instanceof Float64Array ? a.data : Float64Array.from(a.data);
}

function need(run: ProjectRun, key: string): Float64Array {
  const a = arr(run, key);
  if (!a) throw new Error(`run '${run.label}' lacks its array '${key}'`);
  return a;
}

function list(run: ProjectRun, prefix: string): Float64Array[] {
  const out: Float64Array[] = [];
  for (let j = 0; ; j++) {
    const a = arr(run, `${prefix}.${j}`);
    if (!a) return out;
    out.push(a);
  }
}

function num(v: JsonValue | undefined, fallback = NaN): number {
  return typeof v === 'number' ? v : fallback;
}

function obj(v: JsonValue | undefined): Record<string, JsonValue> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
}

/** A stored run back into a lab run; `problem` is the summary of the run's own source. */
export function projectRunToRun(pr: ProjectRun, problem: ProblemSummary): Run {
  const s = pr.summary;
  const grid = obj(s['grid']);
  const axes = list(pr, 'axis');
  const shape = Array.isArray(grid['shape']) ? grid['shape'].map((v) => num(v)) : axes.map((a) => a.length);
  const bounds = Array.isArray(grid['bounds'])
    ? grid['bounds'].map((b): [number, number] => (Array.isArray(b) ? [num(b[0]), num(b[1])] : [NaN, NaN]))
    : axes.map((a): [number, number] => [a[0], a[a.length - 1]]);
  const periodic = Array.isArray(grid['periodic'])
    ? grid['periodic'].map((v) => v === true)
    : axes.map(() => false);
  const history = {
    iteration: Array.from(need(pr, 'history.iteration')),
    residualMax: Array.from(need(pr, 'history.residualMax')),
    residualL2: Array.from(need(pr, 'history.residualL2')),
    policyChanges: Array.from(need(pr, 'history.policyChanges')),
    seconds: Array.from(need(pr, 'history.seconds')),
  };
  const exactErrorJson = obj(s['exactError']);
  const exactError =
    s['exactError'] !== undefined
      ? {
          value: {
            max: num(obj(exactErrorJson['value'])['max']),
            relMax: num(obj(exactErrorJson['value'])['relMax']),
          },
          ...(exactErrorJson['policy'] !== undefined
            ? { policy: { max: num(obj(exactErrorJson['policy'])['max']) } }
            : {}),
        }
      : undefined;
  const times = arr(pr, 'times');
  const solution: GridSolution = {
    solver: 'grid',
    method: (s['method'] as GridSolution['method']) ?? 'howard',
    grid: { shape, axes, bounds, periodic },
    value: need(pr, 'value'),
    policy: list(pr, 'policy'),
    residual: need(pr, 'residual'),
    residualMax: num(s['residualMax']),
    residualL2: num(s['residualL2']),
    history,
    converged: s['converged'] === true,
    iterations: num(s['iterations'], history.iteration.length),
    seconds: num(s['seconds'], 0),
    status: (s['gridStatus'] as GridSolution['status']) ?? 'converged',
    warnings: Array.isArray(s['warnings'])
      ? s['warnings'].filter((w): w is string => typeof w === 'string')
      : [],
    ...(exactError ? { exactError } : {}),
    ...(times ? { times, values: need(pr, 'values'), policies: list(pr, 'policies') } : {}),
  };
  const exactValue = arr(pr, 'exact.value');
  const result: RunResult = {
    solution,
    exact: exactValue ? { value: exactValue, policy: list(pr, 'exact.policy') } : null,
    drift: list(pr, 'drift'),
  };
  const snapshotsArr = pr.arrays['snapshots'];
  const snapshots: Float64Array[] = [];
  if (snapshotsArr && snapshotsArr.shape.length === 2) {
    const [K, n] = snapshotsArr.shape;
    const data = need(pr, 'snapshots');
    for (let k = 0; k < K; k++) snapshots.push(data.slice(k * n, (k + 1) * n));
  }
  const status = typeof s['status'] === 'string' ? (s['status'] as RunStatus) : 'converged';
  return {
    id: pr.id,
    label: pr.label,
    status,
    paused: false,
    problem,
    source: typeof s['source'] === 'string' ? s['source'] : '',
    overrides: {},
    settings: pr.settings as Partial<GridSettings>,
    startedAt: 0,
    history: { ...history, exactError: Array.from(arr(pr, 'history.exactError') ?? []) },
    progress: null,
    snapshot: null,
    snapshots,
    result,
  };
}

export function viewFromProject(project: Project, base: ViewState): ViewState {
  return { ...base, overlay: overlayFromProject(project.view), colormap: project.view.colormap };
}
