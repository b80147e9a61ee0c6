/**
 * Project-file form of a Q-learning run: the networks' parameters as arrays, their shapes
 * and scales in the summary, the history and the display fields as arrays; read back with
 * every field checked. Self-contained: the lab reopens a run where no problem is compiled.
 */
import { mlpFromStored, mlpToStored, type Mlp } from '../../nn';
import { ProjectError } from '../../project/errors';
import type { JsonValue } from '../../project/json-value';
import type { StoredArray } from '../../project/array-codec';
import type { DisplayFields, RunHistory, StoredRun } from '../solver';
import type { CriticKind, Networks } from './networks';

export interface StoredNetworks {
  networks: Networks;
  dt: number;
}

const NETS = ['actor', 'q', 'q2', 'value'] as const;

export function networksToRun(
  nets: Networks,
  dt: number,
  history: RunHistory,
  display: DisplayFields,
  summary: Record<string, JsonValue>,
): StoredRun {
  const arrays: Record<string, StoredArray> = displayToArrays(display);
  const specs: Record<string, JsonValue> = {};
  for (const name of NETS) {
    const net = nets[name];
    if (!net) continue;
    const s = mlpToStored(net);
    arrays[`net.${name}`] = s.params;
    specs[name] = { ...s.spec, hidden: [...s.spec.hidden] };
  }
  arrays['history.iteration'] = f64(history.iteration);
  arrays['history.seconds'] = f64(history.seconds);
  for (const [k, v] of Object.entries(history.metrics)) arrays[`history.${k}`] = f64(v);
  return {
    summary: {
      ...summary,
      critic: nets.critic,
      advantage: nets.advantage,
      dt,
      valueScale: nets.valueScale,
      rateScale: nets.rateScale,
      networks: specs,
      display: {
        shape: [...display.grid.shape],
        bounds: display.grid.bounds.map(([a, b]) => [a, b]),
        periodic: [...display.grid.periodic],
        ...(display.slice ? { slice: { axes: [...display.slice.axes], at: [...display.slice.at] } } : {}),
      },
    },
    arrays,
  };
}

function displayToArrays(d: DisplayFields): Record<string, StoredArray> {
  const out: Record<string, StoredArray> = {};
  const put = (k: string, a: Float64Array) =>
    (out[k] = { dtype: 'float64', shape: [a.length], data: a.slice() });
  d.grid.axes.forEach((a, i) => put(`display.axis.${i}`, a));
  put('display.value', d.value);
  d.policy.forEach((a, j) => put(`display.policy.${j}`, a));
  if (d.exact) {
    put('display.exact.value', d.exact.value);
    d.exact.policy.forEach((a, j) => put(`display.exact.policy.${j}`, a));
  }
  return out;
}

/** The display fields a run stored; a ProjectError names what is missing or malformed. */
export function displayFromRun(run: StoredRun, controls: number): DisplayFields {
  const meta = run.summary.display;
  const bad = (what: string) =>
    new ProjectError('invalid-field', `a q-learning run's display: ${what}`, 'summary.display');
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) throw bad('missing');
  const m = meta as Record<string, JsonValue>;
  const shape = m.shape;
  if (!Array.isArray(shape) || !shape.every((n) => typeof n === 'number' && Number.isInteger(n) && n > 0))
    throw bad('shape must be whole numbers');
  const nodes = (shape as number[]).reduce((a, b) => a * b, 1);
  const arr = (k: string, n: number): Float64Array => {
    const a = run.arrays[k];
    if (!a || !(a.data instanceof Float64Array) || a.data.length !== n)
      throw new ProjectError('shape-mismatch', `${k} must hold ${n} float64 numbers`, `arrays["${k}"]`);
    return a.data;
  };
  const bounds = m.bounds;
  const periodic = m.periodic;
  if (!Array.isArray(bounds) || bounds.length !== shape.length) throw bad('bounds per axis');
  if (!Array.isArray(periodic) || periodic.length !== shape.length) throw bad('periodic per axis');
  const grid = {
    shape: shape as number[],
    axes: (shape as number[]).map((n, i) => arr(`display.axis.${i}`, n)),
    bounds: bounds.map((b) => {
      if (!Array.isArray(b) || b.length !== 2 || !b.every((v) => typeof v === 'number'))
        throw bad('bounds are [min, max]');
      return [b[0], b[1]] as [number, number];
    }),
    periodic: periodic.map((p) => p === true),
  };
  const policy = Array.from({ length: controls }, (_, j) => arr(`display.policy.${j}`, nodes));
  const slice = m.slice as { axes: [number, number]; at: number[] } | undefined;
  return {
    grid,
    ...(slice ? { slice: { axes: [slice.axes[0], slice.axes[1]], at: [...slice.at] } } : {}),
    value: arr('display.value', nodes),
    policy,
    ...(run.arrays['display.exact.value']
      ? {
          exact: {
            value: arr('display.exact.value', nodes),
            policy: Array.from({ length: controls }, (_, j) => arr(`display.exact.policy.${j}`, nodes)),
          },
        }
      : {}),
  };
}

export function networksFromRun(run: StoredRun): StoredNetworks & { history: RunHistory } {
  const s = run.summary;
  const critic = s.critic;
  if (critic !== 'continuous' && critic !== 'discrete')
    throw new ProjectError(
      'invalid-field',
      "a q-learning run needs summary.critic 'continuous' or 'discrete'",
      'summary.critic',
    );
  const num = (k: string): number => {
    const v = s[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
      throw new ProjectError(
        'invalid-field',
        `a q-learning run needs a positive number summary.${k}`,
        `summary.${k}`,
      );
    return v;
  };
  const specs = s.networks;
  if (typeof specs !== 'object' || specs === null || Array.isArray(specs))
    throw new ProjectError('invalid-field', 'a q-learning run needs summary.networks', 'summary.networks');
  const load = (name: string): Mlp => {
    const arr = run.arrays[`net.${name}`];
    try {
      return mlpFromStored((specs as Record<string, JsonValue>)[name], arr?.data);
    } catch (e) {
      throw new ProjectError(
        'invalid-field',
        `network ${name}: ${(e as Error).message}`,
        `arrays["net.${name}"]`,
      );
    }
  };
  // Files written before the quadratic advantage hold the network form.
  const advantage = s.advantage ?? 'network';
  if (advantage !== 'quadratic' && advantage !== 'network')
    throw new ProjectError(
      'invalid-field',
      "a q-learning run's summary.advantage must be 'quadratic' or 'network'",
      'summary.advantage',
    );
  const networks: Networks = {
    critic: critic as CriticKind,
    advantage,
    actor: load('actor'),
    q: load('q'),
    value: critic === 'continuous' ? load('value') : null,
    q2: critic === 'continuous' && advantage === 'network' ? load('q2') : null,
    valueScale: num('valueScale'),
    rateScale: num('rateScale'),
  };
  const list = (k: string): number[] => Array.from(run.arrays[`history.${k}`]?.data ?? []);
  const iteration = list('iteration');
  const metrics: Record<string, number[]> = {};
  for (const key of Object.keys(run.arrays)) {
    const k = key.slice('history.'.length);
    if (!key.startsWith('history.') || k === 'iteration' || k === 'seconds') continue;
    const v = list(k);
    if (v.length !== iteration.length)
      throw new ProjectError(
        'shape-mismatch',
        `history.${k} has ${v.length} rows, iteration ${iteration.length}`,
        `arrays["${key}"]`,
      );
    metrics[k] = v;
  }
  return { networks, dt: num('dt'), history: { iteration, seconds: list('seconds'), metrics } };
}

function f64(v: readonly number[]): StoredArray {
  return { dtype: 'float64', shape: [v.length], data: Float64Array.from(v) };
}
