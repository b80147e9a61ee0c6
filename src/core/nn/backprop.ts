/**
 * Training passes: a forward pass that keeps what the backward pass needs (each layer's
 * input and σ′), and reverse-mode accumulation of the parameter gradient of a loss given
 * its derivative with respect to the outputs.
 */
import { activateWithSlope } from './activation';
import { accumulateWeightGradient, affineForward, backpropInput } from './linalg';
import { maxWidth, type Mlp } from './mlp';

/** Per-layer buffers of a training pass for batches of up to `capacity` samples. */
export class Tape {
  /** inputs[l]: the input of layer l (inputs[0] is a copy of X). */
  readonly inputs: Float64Array[];
  /** slopes[l]: σ′ at layer l's pre-activation (hidden layers only). */
  readonly slopes: Float64Array[];
  readonly output: Float64Array;
  private readonly dA: Float64Array;
  private readonly dB: Float64Array;
  n = 0;

  constructor(
    readonly net: Mlp,
    readonly capacity: number,
  ) {
    const L = net.layers;
    this.inputs = L.map((layer) => new Float64Array(capacity * layer.nin));
    this.slopes = L.slice(0, -1).map((layer) => new Float64Array(capacity * layer.nout));
    this.output = new Float64Array(capacity * net.spec.outputs);
    const w = capacity * maxWidth(net.spec);
    this.dA = new Float64Array(w);
    this.dB = new Float64Array(w);
  }

  /** Runs X (n×inputs) through the network, keeping the intermediates; returns the outputs. */
  forward(X: Float64Array, n: number): Float64Array {
    if (n > this.capacity) throw new RangeError(`batch of ${n} exceeds the tape's capacity ${this.capacity}`);
    this.n = n;
    const { layers, params } = this.net;
    this.inputs[0].set(X.subarray(0, n * layers[0].nin));
    for (let l = 0; l < layers.length; l++) {
      const L = layers[l];
      if (l === layers.length - 1) {
        affineForward(params, L.w, params, L.b, this.inputs[l], this.output, n, L.nin, L.nout);
      } else {
        const next = this.inputs[l + 1];
        affineForward(params, L.w, params, L.b, this.inputs[l], next, n, L.nin, L.nout);
        activateWithSlope(this.net.spec.activation, next, next, this.slopes[l], n * L.nout);
      }
    }
    return this.output;
  }

  /**
   * grad += ∂/∂θ Σ_p dY[p]·Y[p] for the last forward pass; dX (n×inputs), when given,
   * receives the gradient with respect to the inputs.
   */
  backward(dY: Float64Array, grad: Float64Array, dX?: Float64Array): void {
    const n = this.n;
    const { layers, params } = this.net;
    let delta = dY;
    for (let l = layers.length - 1; l >= 0; l--) {
      const L = layers[l];
      accumulateWeightGradient(delta, this.inputs[l], grad, L.w, grad, L.b, n, L.nin, L.nout);
      if (l === 0 && !dX) break;
      const target = l === 0 ? dX! : delta === this.dA ? this.dB : this.dA;
      backpropInput(params, L.w, delta, target, n, L.nin, L.nout);
      if (l > 0) {
        const s = this.slopes[l - 1];
        for (let i = 0; i < n * L.nin; i++) target[i] *= s[i];
      }
      delta = target;
    }
  }
}
