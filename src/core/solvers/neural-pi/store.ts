/**
 * A run as it is kept in a project file, and back: the two networks' parameters as
 * float64 arrays, everything else (network shapes, the critic's head, the box maps, the
 * history and the summary) as JSON, and the display fields as they were drawn, so that a
 * run reopens without the compiled problem (the UI thread has none) and without training.
 */
import { mlpFromStored } from '../../nn';
import { ProjectError } from '../../project/errors';
import type { JsonValue } from '../../project/json-value';
import type { DisplayFields, RunHistory, RunStatus, StoredRun } from '../solver';
import type { NeuralPiModel, ValueHead } from './model';
import type { NeuralPiResult } from './solve';

export function toRun(result: NeuralPiResult): StoredRun {
  const { model } = result;
  const specJson = (s: NeuralPiModel['actor']['spec']): JsonValue => ({
    inputs: s.inputs,
    outputs: s.outputs,
    hidden: [...s.hidden],
    activation: s.activation,
  });
  const metrics: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(result.history.metrics)) metrics[k] = v.map(finiteOrNull);
  const disp = result.display;
  const arrays: StoredRun['arrays'] = {
    actor: { dtype: 'float64', shape: [model.actor.params.length], data: model.actor.params.slice() },
    critic: { dtype: 'float64', shape: [model.critic.params.length], data: model.critic.params.slice() },
  };
  const put = (key: string, a: Float64Array) =>
    (arrays[key] = { dtype: 'float64', shape: [a.length], data: a.slice() });
  put('display.value', disp.value);
  disp.policy.forEach((a, j) => put(`display.policy.${j}`, a));
  if (disp.residual) put('display.residual', disp.residual);
  disp.grid.axes.forEach((a, k) => put(`display.axis.${k}`, a));
  if (disp.exact) {
    put('display.exact.value', disp.exact.value);
    disp.exact.policy.forEach((a, j) => put(`display.exact.policy.${j}`, a));
  }
  const display: JsonValue = {
    shape: disp.grid.shape,
    bounds: disp.grid.bounds.map((b) => [b[0], b[1]]),
    periodic: disp.grid.periodic,
    slice: disp.slice ? { axes: disp.slice.axes, at: disp.slice.at } : null,
    exact: disp.exact !== undefined,
  };
  return {
    summary: {
      ...result.summary,
      display,
      // Not `status`: the run record keeps the status as the lab showed it under that key.
      solverStatus: result.status,
      warnings: result.warnings,
      seconds: result.seconds,
      iterations: result.iterations,
      actor: specJson(model.actor.spec),
      critic: specJson(model.critic.spec),
      head: {
        ...model.head,
        tilt: [...model.head.tilt],
        ...(model.head.curvature ? { curvature: [...model.head.curvature] } : {}),
      },
      centre: Array.from(model.centre),
      half: Array.from(model.half),
      controlLo: Array.from(model.controlLo),
      controlHi: Array.from(model.controlHi),
      history: { iteration: result.history.iteration, seconds: result.history.seconds, metrics },
    },
    arrays,
  };
}

function finiteOrNull(v: number): JsonValue {
  return Number.isFinite(v) ? v : null;
}

const STATUSES: readonly RunStatus[] = ['converged', 'done', 'max-iterations', 'cancelled', 'diverged'];

export function fromRun(run: StoredRun): NeuralPiResult {
  const s = run.summary;
  const fail = (what: string): never => {
    throw new ProjectError('invalid-field', `neural-pi run: ${what}`, 'summary');
  };
  const numbers = (v: JsonValue | undefined, what: string, len?: number): number[] => {
    if (
      !Array.isArray(v) ||
      !v.every((x) => typeof x === 'number') ||
      (len !== undefined && v.length !== len)
    )
      fail(`${what} must be a list of ${len ?? ''} numbers`);
    return v as number[];
  };
  const arr = (name: string): Float64Array => {
    const a = run.arrays[name];
    if (!a || !(a.data instanceof Float64Array)) return fail(`missing float64 array '${name}'`);
    return a.data;
  };
  let actor: NeuralPiModel['actor'];
  let critic: NeuralPiModel['critic'];
  try {
    actor = mlpFromStored(s.actor, arr('actor'));
    critic = mlpFromStored(s.critic, arr('critic'));
  } catch (err) {
    if (err instanceof ProjectError) throw err;
    return fail((err as Error).message);
  }
  const d = actor.spec.inputs;
  const m = actor.spec.outputs;
  if (critic.spec.inputs !== d || critic.spec.outputs !== 1) fail('the critic does not fit the actor');
  const h = s.head as Record<string, JsonValue> | undefined;
  if (
    !h ||
    (h.mode !== 'linear' && h.mode !== 'log') ||
    typeof h.shift !== 'number' ||
    typeof h.scale !== 'number' ||
    (h.sign !== 1 && h.sign !== -1)
  )
    return fail('head must be { mode, shift, scale, sign }');
  // Files written before the head had a tilt have none (zeros).
  const tilt =
    h.tilt === undefined ? new Array<number>(d).fill(0) : Array.from(numbers(h.tilt, 'head.tilt', d));
  const head: ValueHead = { mode: h.mode, shift: h.shift, scale: h.scale, sign: h.sign, tilt };
  // A quadratic head's curvature (d×d); files written without one have none.
  if (h.curvature !== undefined) head.curvature = Array.from(numbers(h.curvature, 'head.curvature', d * d));
  const model: NeuralPiModel = {
    actor,
    critic,
    head,
    centre: Float64Array.from(numbers(s.centre, 'centre', d)),
    half: Float64Array.from(numbers(s.half, 'half', d)),
    controlLo: Float64Array.from(numbers(s.controlLo, 'controlLo', m)),
    controlHi: Float64Array.from(numbers(s.controlHi, 'controlHi', m)),
  };
  const hist = s.history as Record<string, JsonValue> | undefined;
  if (!hist || typeof hist.metrics !== 'object' || hist.metrics === null || Array.isArray(hist.metrics))
    return fail('history is missing');
  const iteration = numbers(hist.iteration, 'history.iteration');
  const history: RunHistory = {
    iteration,
    seconds: numbers(hist.seconds, 'history.seconds', iteration.length),
    metrics: {},
  };
  for (const [k, v] of Object.entries(hist.metrics)) {
    if (!Array.isArray(v) || v.length !== iteration.length) fail(`history.metrics.${k} has the wrong length`);
    history.metrics[k] = (v as JsonValue[]).map((x) => (typeof x === 'number' ? x : Number.NaN));
  }
  // Files written before `solverStatus` kept the solver's status under `status`.
  const own = s.solverStatus ?? s.status;
  const status = STATUSES.includes(own as RunStatus) ? (own as RunStatus) : fail('unknown status');
  const summary: Record<string, number | string | boolean | number[]> = {};
  for (const [k, v] of Object.entries(s))
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') summary[k] = v;
  const dj = s.display as Record<string, JsonValue> | undefined;
  if (!dj || typeof dj !== 'object') return fail('display is missing');
  const shape = numbers(dj.shape, 'display.shape');
  const nodes = shape.reduce((a, b) => a * b, 1);
  const sized = (name: string): Float64Array => {
    const a = arr(name);
    if (a.length !== nodes) fail(`array '${name}' has ${a.length} values for ${nodes} display nodes`);
    return a.slice();
  };
  const bounds = Array.isArray(dj.bounds)
    ? dj.bounds.map((b, k) => numbers(b, `display.bounds[${k}]`, 2))
    : fail('display.bounds');
  const periodic =
    Array.isArray(dj.periodic) && dj.periodic.every((x) => typeof x === 'boolean')
      ? dj.periodic
      : fail('display.periodic');
  const display: DisplayFields = {
    grid: {
      shape,
      axes: shape.map((n, k) => {
        const a = arr(`display.axis.${k}`);
        if (a.length !== n) fail(`display axis ${k} has ${a.length} nodes, not ${n}`);
        return a.slice();
      }),
      bounds: bounds.map((b): [number, number] => [b[0], b[1]]),
      periodic: periodic as boolean[],
    },
    value: sized('display.value'),
    policy: Array.from({ length: m }, (_, j) => sized(`display.policy.${j}`)),
  };
  if (run.arrays['display.residual']) display.residual = sized('display.residual');
  if (dj.exact === true)
    display.exact = {
      value: sized('display.exact.value'),
      policy: Array.from({ length: m }, (_, j) => sized(`display.exact.policy.${j}`)),
    };
  const sl = dj.slice as Record<string, JsonValue> | null;
  if (sl) {
    const axes = numbers(sl.axes, 'display.slice.axes', 2);
    display.slice = { axes: [axes[0], axes[1]], at: numbers(sl.at, 'display.slice.at', d) };
  }
  delete summary.status;
  delete summary.seconds;
  return {
    solver: 'neural-pi',
    status,
    warnings: Array.isArray(s.warnings) ? s.warnings.filter((w): w is string => typeof w === 'string') : [],
    seconds: typeof s.seconds === 'number' ? s.seconds : 0,
    iterations: iteration.length,
    history,
    display,
    summary,
    model,
  };
}
