/**
 * A training pass in float32 for SiLU networks: the forward pass with σ′, the weight
 * gradients and the input deltas, all in the f32x4 kernels of wasm-kernels.ts, with every
 * intermediate kept in the module's memory. The parameters stay float64 (the optimiser's
 * master copy): each forward pass converts them (about 50 000 for the 3×128 network, a small
 * share of the step), and the gradient comes back as float64. The gradient agrees with the
 * float64 Tape's to about 10⁻⁶ relative (docs/numerics.md, "Float32 training").
 */
import type { Mlp } from './mlp';
import { kernelModuleTrain32 } from './wasm-kernels';
import { compileOnce, roundUp } from './wasm-module';

interface ExportsTrain32 {
  mem: WebAssembly.Memory;
  rtm(a: number, b: number, c: number, init: number, n: number, K: number, N: number): void;
  grad(dz: number, x: number, g: number, n: number, O: number, I: number): void;
  siluSlope(z: number, out: number, d1: number, n: number): void;
  mul(a: number, b: number, out: number, n: number): void;
}

const module32 = compileOnce(kernelModuleTrain32);

/**
 * Float offsets of one layer's blocks. K: the padded input width (rows of Wᵀ), N: the padded
 * output width (a multiple of 8); padding is zero weights, so padded units stay 0 forward and
 * get no gradient.
 */
interface Layer32 {
  nin: number;
  nout: number;
  K: number;
  N: number;
  /** Wᵀ (K × N) and b (N) for the forward product; W (N × K) for the input deltas; G (N × K). */
  wt: number;
  b: number;
  w: number;
  g: number;
  /** This layer's input (rows × K) and, for hidden layers, σ′ of its output (rows × N). */
  input: number;
  slope: number;
}

/**
 * Same role as Tape (backprop.ts) for SiLU networks, in float32. `create` returns null where
 * WebAssembly SIMD is missing or the activation is not SiLU.
 */
export class Float32Tape {
  private heap: Float32Array;
  private readonly layers: Layer32[] = [];
  private readonly rows: number;
  private readonly out: number;
  private readonly deltaA: number;
  private readonly deltaB: number;
  private readonly zeros: number;
  /** Four rows of `rows` floats, the first all ones, and their product with the deltas. */
  private readonly ones: number;
  private readonly colSums: number;
  /** The outputs of the last forward pass (n × outputs). */
  readonly output: Float64Array;
  n = 0;

  private constructor(
    private readonly ex: ExportsTrain32,
    readonly net: Mlp,
    readonly capacity: number,
  ) {
    this.rows = roundUp(capacity, 4);
    let off = 0;
    const take = (floats: number) => {
      const at = off;
      off += roundUp(floats, 4);
      return at;
    };
    let K = roundUp(net.spec.inputs, 8);
    for (const L of net.layers) {
      const N = roundUp(L.nout, 8);
      this.layers.push({
        nin: L.nin,
        nout: L.nout,
        K,
        N,
        wt: take(K * N),
        b: take(N),
        w: take(N * K),
        g: take(N * K),
        input: take(this.rows * K),
        slope: take(this.rows * N),
      });
      K = N;
    }
    const widest = Math.max(...this.layers.map((L) => Math.max(L.K, L.N)));
    this.out = take(this.rows * K);
    this.deltaA = take(this.rows * widest);
    this.deltaB = take(this.rows * widest);
    this.zeros = take(widest);
    this.ones = take(4 * this.rows);
    this.colSums = take(4 * widest);
    const bytes = off * 4;
    const have = ex.mem.buffer.byteLength;
    if (bytes > have) ex.mem.grow(Math.ceil((bytes - have) / 65536));
    this.heap = new Float32Array(ex.mem.buffer);
    this.heap.fill(0);
    this.heap.fill(1, this.ones, this.ones + this.rows);
    this.output = new Float64Array(capacity * net.spec.outputs);
  }

  static create(net: Mlp, capacity: number): Float32Tape | null {
    if (net.spec.activation !== 'silu') return null;
    const mod = module32();
    if (!mod) return null;
    const instance = new WebAssembly.Instance(mod, {});
    return new Float32Tape(instance.exports as unknown as ExportsTrain32, net, capacity);
  }

  /** The network's current parameters into both float32 layouts (the padding stays zero). */
  private loadWeights(): void {
    const h = this.heap;
    const p = this.net.params;
    this.net.layers.forEach((L, l) => {
      const { w, wt, b, K, N } = this.layers[l];
      // W row by row in memory order, then Wᵀ from it within the float32 heap.
      for (let j = 0; j < L.nout; j++) {
        const src = L.w + j * L.nin;
        const dst = w + j * K;
        for (let i = 0; i < L.nin; i++) h[dst + i] = p[src + i];
        h[b + j] = p[L.b + j];
      }
      for (let i = 0; i < L.nin; i++) {
        const o = wt + i * N;
        for (let j = 0; j < L.nout; j++) h[o + j] = h[w + j * K + i];
      }
    });
  }

  /** Runs X (n×inputs) through the network with its current parameters; returns the outputs. */
  forward(X: Float64Array, n: number): Float64Array {
    if (n > this.capacity) throw new RangeError(`batch of ${n} exceeds the tape's capacity ${this.capacity}`);
    this.n = n;
    this.loadWeights();
    const h = this.heap;
    const ex = this.ex;
    const rows = roundUp(n, 4);
    const first = this.layers[0];
    const nin = first.nin;
    for (let q = 0; q < n; q++) {
      const o = first.input + q * first.K;
      for (let i = 0; i < nin; i++) h[o + i] = X[q * nin + i];
    }
    const last = this.layers.length - 1;
    this.layers.forEach((M, l) => {
      const dest = l < last ? this.layers[l + 1].input : this.out;
      ex.rtm(4 * M.input, 4 * M.wt, 4 * dest, 4 * M.b, rows, M.K, M.N);
      if (l < last) ex.siluSlope(4 * dest, 4 * dest, 4 * M.slope, rows * M.N);
    });
    const d = this.net.spec.outputs;
    const N = this.layers[last].N;
    const Y = this.output;
    for (let q = 0; q < n; q++) for (let j = 0; j < d; j++) Y[q * d + j] = h[this.out + q * N + j];
    return Y;
  }

  /** grad += ∂/∂θ Σ_p dY[p]·Y[p] for the last forward pass (float64 in and out). */
  backward(dY: Float64Array, grad: Float64Array): void {
    const { heap: h, ex, n } = this;
    const rows = roundUp(n, 4);
    const d = this.net.spec.outputs;
    const last = this.layers.length - 1;
    let delta = this.deltaA;
    {
      const N = this.layers[last].N;
      h.fill(0, delta, delta + rows * N);
      for (let q = 0; q < n; q++) for (let j = 0; j < d; j++) h[delta + q * N + j] = dY[q * d + j];
    }
    for (let l = last; l >= 0; l--) {
      const M = this.layers[l];
      const L = this.net.layers[l];
      h.fill(0, M.g, M.g + M.N * M.K);
      ex.grad(4 * delta, 4 * M.input, 4 * M.g, rows, M.N, M.K);
      for (let j = 0; j < M.nout; j++) {
        const src = M.g + j * M.K;
        const dst = L.w + j * M.nin;
        for (let i = 0; i < M.nin; i++) grad[dst + i] += h[src + i];
      }
      // The bias gradient: the column sums of the deltas, as row 0 of (ones block) × deltas
      // (the product wants four rows; the others are not read).
      ex.rtm(4 * this.ones, 4 * delta, 4 * this.colSums, 4 * this.zeros, 4, rows, M.N);
      for (let j = 0; j < M.nout; j++) grad[L.b + j] += h[this.colSums + j];
      if (l === 0) break;
      const next = delta === this.deltaA ? this.deltaB : this.deltaA;
      ex.rtm(4 * delta, 4 * M.w, 4 * next, 4 * this.zeros, rows, M.N, M.K);
      ex.mul(4 * next, 4 * this.layers[l - 1].slope, 4 * next, rows * M.K);
      delta = next;
    }
  }
}
