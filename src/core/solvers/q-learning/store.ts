/**
 * Project-file form of a Q-learning run: the networks' parameters as arrays, their shapes
 * and scales in the summary, the history as arrays; read back with every field checked.
 */
import { mlpFromStored, mlpToStored, type Mlp } from '../../nn';
import { ProjectError } from '../../project/errors';
import type { JsonValue } from '../../project/json-value';
import type { StoredArray } from '../../project/array-codec';
import type { RunHistory, StoredRun } from '../solver';
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
  summary: Record<string, JsonValue>,
): StoredRun {
  const arrays: Record<string, StoredArray> = {};
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
      dt,
      valueScale: nets.valueScale,
      rateScale: nets.rateScale,
      networks: specs,
    },
    arrays,
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
  const networks: Networks = {
    critic: critic as CriticKind,
    actor: load('actor'),
    q: load('q'),
    value: critic === 'continuous' ? load('value') : null,
    q2: critic === 'continuous' ? load('q2') : null,
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
