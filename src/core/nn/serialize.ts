/**
 * Networks as plain data for project files and worker messages: the spec (JSON) and the
 * parameters (a Float64Array with its shape), checked on the way back in.
 */
import { ACTIVATIONS, type Activation } from './activation';
import { mlpLayout, type Mlp, type MlpSpec } from './mlp';

export interface StoredMlp {
  spec: MlpSpec;
  params: { dtype: 'float64'; shape: number[]; data: Float64Array };
}

export function mlpToStored(net: Mlp): StoredMlp {
  return {
    spec: { ...net.spec, hidden: [...net.spec.hidden] },
    params: { dtype: 'float64', shape: [net.params.length], data: net.params.slice() },
  };
}

/** Rebuilds a network; throws a RangeError saying what does not fit. */
export function mlpFromStored(spec: unknown, params: unknown): Mlp {
  const s = parseSpec(spec);
  const { layers, size } = mlpLayout(s);
  if (!(params instanceof Float64Array)) throw new RangeError('network parameters must be a float64 array');
  if (params.length !== size)
    throw new RangeError(
      `network parameters: expected ${size} numbers for this shape, found ${params.length}`,
    );
  for (let i = 0; i < params.length; i++)
    if (!Number.isFinite(params[i])) throw new RangeError(`network parameter ${i} is ${params[i]}`);
  return { spec: s, layers, params: params.slice() };
}

function parseSpec(raw: unknown): MlpSpec {
  if (typeof raw !== 'object' || raw === null) throw new RangeError('network spec must be an object');
  const r = raw as Record<string, unknown>;
  const int = (v: unknown, what: string): number => {
    if (typeof v !== 'number' || !Number.isInteger(v))
      throw new RangeError(`network ${what} must be a whole number`);
    return v;
  };
  if (!Array.isArray(r.hidden)) throw new RangeError('network hidden widths must be a list');
  if (typeof r.activation !== 'string' || !ACTIVATIONS.includes(r.activation as Activation))
    throw new RangeError(`network activation must be one of ${ACTIVATIONS.join(', ')}`);
  return {
    inputs: int(r.inputs, 'inputs'),
    outputs: int(r.outputs, 'outputs'),
    hidden: r.hidden.map((w) => int(w, 'width')),
    activation: r.activation as Activation,
  };
}
