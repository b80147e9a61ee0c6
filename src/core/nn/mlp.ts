/**
 * A multilayer perceptron over Float64Array: affine layers with one activation between
 * them and a linear output layer. All parameters live in one Float64Array (per layer W,
 * out×in row-major, then b), so an optimiser, a gradient and a project file each see one
 * flat vector. Batches are row-major: sample p's input i is X[p·inputs + i].
 */
import { Random } from '../sim/random';
import { ACTIVATIONS, activate, type Activation } from './activation';
import { affineForward } from './linalg';

export interface MlpSpec {
  inputs: number;
  outputs: number;
  /** Widths of the hidden layers, input side first. */
  hidden: readonly number[];
  activation: Activation;
}

export interface LayerLayout {
  nin: number;
  nout: number;
  /** Offsets of W and b in the parameter vector. */
  w: number;
  b: number;
}

export interface Mlp {
  readonly spec: MlpSpec;
  readonly layers: readonly LayerLayout[];
  /** Every weight and bias; written in place by optimisers. */
  readonly params: Float64Array;
}

export type InitScheme = 'xavier' | 'he';

/** Throws a RangeError naming the bad field; the solvers turn it into their own message. */
export function checkSpec(spec: MlpSpec): void {
  const ok = (n: number) => Number.isInteger(n) && n >= 1 && n <= 4096;
  if (!ok(spec.inputs))
    throw new RangeError(`network inputs must be a whole number in 1…4096, not ${spec.inputs}`);
  if (!ok(spec.outputs))
    throw new RangeError(`network outputs must be a whole number in 1…4096, not ${spec.outputs}`);
  if (spec.hidden.length > 16) throw new RangeError(`at most 16 hidden layers, not ${spec.hidden.length}`);
  for (const w of spec.hidden)
    if (!ok(w)) throw new RangeError(`hidden widths must be whole numbers in 1…4096, not ${w}`);
  if (!ACTIVATIONS.includes(spec.activation))
    throw new RangeError(`unknown activation '${String(spec.activation)}'`);
}

export function mlpLayout(spec: MlpSpec): { layers: LayerLayout[]; size: number } {
  checkSpec(spec);
  const widths = [spec.inputs, ...spec.hidden, spec.outputs];
  const layers: LayerLayout[] = [];
  let off = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    const nin = widths[l];
    const nout = widths[l + 1];
    layers.push({ nin, nout, w: off, b: off + nin * nout });
    off += nin * nout + nout;
  }
  return { layers, size: off };
}

/** Widest layer (inputs and outputs included): the size of per-sample scratch rows. */
export function maxWidth(spec: MlpSpec): number {
  return Math.max(spec.inputs, spec.outputs, ...spec.hidden);
}

/**
 * Gaussian initialisation with zero biases: Xavier (variance 2/(in+out), for tanh) or He
 * (variance 2/in, for the ReLU-like softplus and SiLU). Same seed, same network.
 */
export function createMlp(spec: MlpSpec, seed: number, init: InitScheme = defaultInit(spec.activation)): Mlp {
  const { layers, size } = mlpLayout(spec);
  const params = new Float64Array(size);
  const rng = new Random(seed);
  for (const L of layers) {
    const std = init === 'he' ? Math.sqrt(2 / L.nin) : Math.sqrt(2 / (L.nin + L.nout));
    for (let i = 0; i < L.nin * L.nout; i++) params[L.w + i] = std * rng.normal();
  }
  return { spec: { ...spec, hidden: [...spec.hidden] }, layers, params };
}

export function defaultInit(activation: Activation): InitScheme {
  return activation === 'tanh' ? 'xavier' : 'he';
}

/** A network with the same shape and a copy of the parameters. */
export function cloneMlp(net: Mlp): Mlp {
  return { spec: net.spec, layers: net.layers, params: net.params.slice() };
}

/** Sets the output layer's weights to zero and its biases to `bias` (a known start: a constant output). */
export function setConstantOutput(net: Mlp, bias: ArrayLike<number>): void {
  const L = net.layers[net.layers.length - 1];
  net.params.fill(0, L.w, L.w + L.nin * L.nout);
  for (let j = 0; j < L.nout; j++) net.params[L.b + j] = bias[j] ?? 0;
}

/** Ping-pong buffers for inference; grown on demand. */
export class ForwardScratch {
  a = new Float64Array(0);
  b = new Float64Array(0);
  ensure(size: number): void {
    if (this.a.length < size) {
      this.a = new Float64Array(size);
      this.b = new Float64Array(size);
    }
  }
}

/** Y (n×outputs) = net(X (n×inputs)). */
export function forward(
  net: Mlp,
  X: Float64Array,
  n: number,
  Y: Float64Array,
  scratch: ForwardScratch = new ForwardScratch(),
): Float64Array {
  scratch.ensure(n * maxWidth(net.spec));
  const { layers, params } = net;
  let input = X;
  for (let l = 0; l < layers.length; l++) {
    const L = layers[l];
    const last = l === layers.length - 1;
    const out = last ? Y : input === scratch.a ? scratch.b : scratch.a;
    affineForward(params, L.w, params, L.b, input, out, n, L.nin, L.nout);
    if (!last) activate(net.spec.activation, out, out, n * L.nout);
    input = out;
  }
  return Y;
}
