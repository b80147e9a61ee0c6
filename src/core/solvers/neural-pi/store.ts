/**
 * A run as it is kept in a project file, and back: the two networks' parameters as
 * float64 arrays, everything else (network shapes, the critic's head, the box maps, the
 * history and the summary) as JSON. Reopening evaluates the networks again for the
 * display; nothing is trained.
 */
import { mlpFromStored } from '../../nn';
import { ProjectError } from '../../project/errors';
import type { JsonValue } from '../../project/json-value';
import type { RunHistory, RunStatus, StoredRun } from '../solver';
import { displayFields } from './display';
import type { NeuralPiModel, ValueHead } from './model';
import type { PiProblem } from './problem';
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
  return {
    summary: {
      ...result.summary,
      status: result.status,
      warnings: result.warnings,
      seconds: result.seconds,
      iterations: result.iterations,
      actor: specJson(model.actor.spec),
      critic: specJson(model.critic.spec),
      head: { ...model.head },
      centre: Array.from(model.centre),
      half: Array.from(model.half),
      controlLo: Array.from(model.controlLo),
      controlHi: Array.from(model.controlHi),
      history: { iteration: result.history.iteration, seconds: result.history.seconds, metrics },
    },
    arrays: {
      actor: { dtype: 'float64', shape: [model.actor.params.length], data: model.actor.params.slice() },
      critic: { dtype: 'float64', shape: [model.critic.params.length], data: model.critic.params.slice() },
    },
  };
}

function finiteOrNull(v: number): JsonValue {
  return Number.isFinite(v) ? v : null;
}

const STATUSES: readonly RunStatus[] = ['converged', 'done', 'max-iterations', 'cancelled', 'diverged'];

export function fromRun(problem: PiProblem, run: StoredRun): NeuralPiResult {
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
  const d = problem.states.length;
  const m = problem.controls.length;
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
  if (
    actor.spec.inputs !== d ||
    actor.spec.outputs !== m ||
    critic.spec.inputs !== d ||
    critic.spec.outputs !== 1
  )
    fail(`the networks do not fit this problem's ${d} states and ${m} controls`);
  const h = s.head as Record<string, JsonValue> | undefined;
  if (
    !h ||
    (h.mode !== 'linear' && h.mode !== 'log') ||
    typeof h.shift !== 'number' ||
    typeof h.scale !== 'number' ||
    (h.sign !== 1 && h.sign !== -1)
  )
    return fail('head must be { mode, shift, scale, sign }');
  const head: ValueHead = { mode: h.mode, shift: h.shift, scale: h.scale, sign: h.sign };
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
  const status = STATUSES.includes(s.status as RunStatus) ? (s.status as RunStatus) : fail('unknown status');
  const summary: Record<string, number | string | boolean> = {};
  for (const [k, v] of Object.entries(s))
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') summary[k] = v;
  delete summary.status;
  return {
    solver: 'neural-pi',
    status,
    warnings: Array.isArray(s.warnings) ? s.warnings.filter((w): w is string => typeof w === 'string') : [],
    seconds: typeof s.seconds === 'number' ? s.seconds : 0,
    iterations: iteration.length,
    history,
    display: displayFields(problem, model, true),
    summary,
    model,
  };
}
