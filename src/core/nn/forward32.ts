/**
 * Inference in float32 for SiLU networks: the whole forward pass in the f32x4 kernels of
 * wasm-kernels.ts (four lanes where the float64 kernels have two), with the weights converted
 * once and the activations kept in the module's memory from layer to layer. For callers that
 * need a few digits, not sixteen (a sampler moving thousands of particles): the outputs agree
 * with `forward` to about 10⁻⁶ relative (docs/numerics.md, "Dense kernels").
 */
import type { Mlp } from './mlp';
import { kernelModule32 } from './wasm-kernels';
import { compileOnce, roundUp } from './wasm-module';

interface Exports32 {
  mem: WebAssembly.Memory;
  rtm(a: number, b: number, c: number, init: number, n: number, K: number, N: number): void;
  silu(z: number, out: number, unused: number, n: number): void;
}

const module32 = compileOnce(kernelModule32);

/** One layer in the module's memory: Wᵀ (K × N floats, zero rows and columns as padding) and b (N). */
interface Layer32 {
  /** Float offsets of Wᵀ and b. */
  w: number;
  b: number;
  /** Rows of Wᵀ (the previous layer's padded width) and padded columns (a multiple of 8). */
  K: number;
  N: number;
}

/**
 * A frozen float32 copy of a SiLU network (later changes to its parameters are not seen).
 * `create` returns null where WebAssembly SIMD is missing or the activation is not SiLU.
 */
export class Float32Forward {
  private heap: Float32Array;
  private readonly layers: Layer32[] = [];
  /** Float offset where the activation buffers start. */
  private readonly acts: number;
  private readonly inputs: number;
  private readonly outputs: number;
  private readonly widest: number;

  private constructor(
    private readonly ex: Exports32,
    net: Mlp,
  ) {
    const { spec, layers, params } = net;
    this.inputs = spec.inputs;
    this.outputs = spec.outputs;
    let off = 0;
    let K = spec.inputs;
    for (const L of layers) {
      const N = roundUp(L.nout, 8);
      this.layers.push({ w: off, b: off + K * N, K, N });
      off += K * N + N;
      K = N;
    }
    this.widest = Math.max(roundUp(spec.inputs, 4), ...this.layers.map((L) => L.N));
    this.acts = roundUp(off, 4);
    this.heap = this.reserve(this.acts);
    const h = this.heap;
    layers.forEach((L, l) => {
      const M = this.layers[l];
      h.fill(0, M.w, M.b + M.N);
      for (let j = 0; j < L.nout; j++) {
        for (let i = 0; i < L.nin; i++) h[M.w + i * M.N + j] = params[L.w + j * L.nin + i];
        h[M.b + j] = params[L.b + j];
      }
    });
  }

  static create(net: Mlp): Float32Forward | null {
    if (net.spec.activation !== 'silu') return null;
    const mod = module32();
    if (!mod) return null;
    const instance = new WebAssembly.Instance(mod, {});
    return new Float32Forward(instance.exports as unknown as Exports32, net);
  }

  /** Room for `floats` floats; returns the heap view (renewed after growth). */
  private reserve(floats: number): Float32Array {
    const bytes = floats * 4;
    const have = this.ex.mem.buffer.byteLength;
    if (bytes > have) this.ex.mem.grow(Math.ceil((bytes - have) / 65536));
    if (!this.heap || this.heap.buffer !== this.ex.mem.buffer)
      this.heap = new Float32Array(this.ex.mem.buffer);
    return this.heap;
  }

  /** Y (n×outputs) = net(X (n×inputs)), computed in float32. */
  forward(X: Float64Array, n: number, Y: Float64Array): void {
    // Rows in blocks of four; the SiLU kernel wants multiples of 16 values (n4·N is one).
    const n4 = roundUp(n, 4);
    const buf = n4 * this.widest;
    const a = this.acts;
    const h = this.reserve(a + 2 * buf);
    h.set(X.subarray(0, n * this.inputs), a);
    h.fill(0, a + n * this.inputs, a + n4 * this.inputs);
    let input = a;
    let out = a + buf;
    const last = this.layers.length - 1;
    this.layers.forEach((L, l) => {
      this.ex.rtm(4 * input, 4 * L.w, 4 * out, 4 * L.b, n4, L.K, L.N);
      if (l < last) this.ex.silu(4 * out, 4 * out, 0, n4 * L.N);
      [input, out] = [out, input];
    });
    // The last product landed in `input` (swapped above), rows of stride N.
    const N = this.layers[last].N;
    const d = this.outputs;
    for (let p = 0; p < n; p++) for (let j = 0; j < d; j++) Y[p * d + j] = h[input + p * N + j];
  }
}
