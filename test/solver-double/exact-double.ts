/**
 * A second solver that lives under test/ only: it "solves" a problem with an exact solution
 * by evaluating it on a uniform display grid, after a fake training history (a loss halving
 * each step). It is asynchronous, awaits the checkpoint between steps and yields to the
 * event loop, so it exercises what a training loop needs from the worker: progress with
 * named metrics, pause/step, and cancel while awaiting. Registering it is the only thing
 * the lab needs to know about it.
 */
import { interpolateBatch } from '../../src/core/grid/interpolate';
import { makeGrid } from '../../src/core/grid/tensor';
import { exactFields } from '../../src/core/problem/fields';
import type { StoredArray } from '../../src/core/project/array-codec';
import { SolverError } from '../../src/core/solvers/problem';
import type {
  AnyProblem,
  BatchField,
  SettingValues,
  SolverDefinition,
  SolverHooks,
  SolverResult,
  StoredRun,
} from '../../src/core/solvers/solver';

export const DOUBLE_ID = 'exact-double';

function isCancelled(hooks: SolverHooks): boolean {
  const s = hooks.signal;
  return s !== undefined && ('aborted' in s ? s.aborted : s.cancelled);
}

const f64 = (data: Float64Array, shape = [data.length]): StoredArray => ({ dtype: 'float64', shape, data });
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function field(result: SolverResult, j: number | null): BatchField {
  const d = result.display;
  return (xs, _t, out, n) => {
    if (j === null) interpolateBatch(d.grid, d.value, xs, out[0], n);
    else d.policy.forEach((a, k) => interpolateBatch(d.grid, a, xs, out[k], n));
  };
}

export const exactDouble: SolverDefinition = {
  id: DOUBLE_ID,
  title: 'Exact (test double)',
  description: 'The exact solution on a uniform grid, after a fake training history.',
  scope: 'control problems that give their exact solution',
  accepts(problem) {
    if (problem.kind !== 'control') return 'the test double needs a control problem';
    if (!problem.kernels.exact) return 'the test double needs a problem with an exact solution';
    return null;
  },
  metrics: [{ name: 'loss', label: 'training loss', scale: 'log' }],
  settings: {
    describe: () => [
      {
        name: 'nodes',
        label: 'Nodes per state',
        kind: 'integer',
        min: 3,
        max: 2001,
        help: 'display grid',
        flag: 'nodes',
      },
      {
        name: 'steps',
        label: 'Training steps',
        kind: 'integer',
        min: 1,
        max: 1000,
        help: 'fake history length',
      },
    ],
    defaults: () => ({ nodes: 61, steps: 8 }),
  },
  async solve(problem: AnyProblem, settings: SettingValues, hooks: SolverHooks): Promise<SolverResult> {
    if (problem.kind !== 'control' || !problem.kernels.exact) throw new SolverError('no exact solution');
    const nodes = settings['nodes'] as number;
    const steps = settings['steps'] as number;
    const grid = makeGrid(
      problem.states.map((s) => ({
        min: s.min,
        max: s.max,
        n: nodes,
        spacing: 'uniform' as const,
        periodic: false,
      })),
    );
    const exact = exactFields(problem, grid)!;
    const history: SolverResult['history'] = { iteration: [], seconds: [], metrics: { loss: [] } };
    for (let k = 1; k <= steps; k++) {
      await yieldToEventLoop();
      if (isCancelled(hooks)) break;
      const loss = 2 ** -k;
      history.iteration.push(k);
      history.seconds.push(k * 1e-3);
      history.metrics['loss'].push(loss);
      hooks.onProgress?.({
        iteration: k,
        elapsed: k * 1e-3,
        metrics: { loss },
        phase: `step ${k} of ${steps}`,
        fraction: k / steps,
        ...(hooks.snapshotEvery ? { snapshot: { grid, value: exact.value.slice() } } : {}),
      });
      await hooks.checkpoint?.();
    }
    const cancelled = isCancelled(hooks);
    return {
      solver: DOUBLE_ID,
      status: cancelled ? 'cancelled' : 'converged',
      warnings: [],
      seconds: steps * 1e-3,
      iterations: history.iteration.length,
      history,
      display: {
        grid,
        value: exact.value,
        policy: exact.policy,
        exact: { value: exact.value, policy: exact.policy },
      },
      summary: { loss: history.metrics['loss'].at(-1) ?? Number.NaN },
    };
  },
  policy: (_problem, result) => field(result, 0),
  value: (_problem, result) => field(result, null),
  toRun(result) {
    const d = result.display;
    const arrays: Record<string, StoredArray> = { value: f64(d.value, d.grid.shape) };
    d.grid.axes.forEach((a, k) => (arrays[`axis.${k}`] = f64(a)));
    d.policy.forEach((a, j) => (arrays[`policy.${j}`] = f64(a, d.grid.shape)));
    arrays['history.loss'] = f64(Float64Array.from(result.history.metrics['loss'] ?? []));
    return { summary: { ...result.summary, status: result.status, iterations: result.iterations }, arrays };
  },
  fromRun(run: StoredRun): SolverResult {
    const arr = (k: string) => {
      const a = run.arrays[k];
      if (!a) throw new Error(`the run lacks '${k}'`);
      return a.data instanceof Float64Array ? a.data : Float64Array.from(a.data);
    };
    const axes: Float64Array[] = [];
    for (let k = 0; run.arrays[`axis.${k}`]; k++) axes.push(arr(`axis.${k}`));
    const policy: Float64Array[] = [];
    for (let j = 0; run.arrays[`policy.${j}`]; j++) policy.push(arr(`policy.${j}`));
    const loss = Array.from(arr('history.loss'));
    const grid = {
      shape: axes.map((a) => a.length),
      axes,
      bounds: axes.map((a): [number, number] => [a[0], a[a.length - 1]]),
      periodic: axes.map(() => false),
    };
    return {
      solver: DOUBLE_ID,
      status: 'converged',
      warnings: [],
      seconds: loss.length * 1e-3,
      iterations: loss.length,
      history: {
        iteration: loss.map((_, k) => k + 1),
        seconds: loss.map((_, k) => (k + 1) * 1e-3),
        metrics: { loss },
      },
      display: { grid, value: arr('value'), policy },
      summary: { loss: loss.at(-1) ?? Number.NaN },
    };
  },
};
