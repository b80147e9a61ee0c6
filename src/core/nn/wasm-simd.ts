/**
 * The WebAssembly SIMD kernels of wasm-kernels.ts with their memory, behind the signatures of
 * linalg.ts and activation.ts (docs/numerics.md, "Dense kernels").
 */
import { kernelModule } from './wasm-kernels';

interface Exports {
  mem: WebAssembly.Memory;
  rtm(a: number, b: number, c: number, init: number, n: number, K: number, N: number): void;
  grad(dz: number, x: number, g: number, n: number, O4: number, I4: number): void;
  silu(z: number, out: number, d1: number, n: number): void;
  siluSlope(z: number, out: number, d1: number, n: number): void;
  exp(z: number, out: number, unused: number, n: number): void;
  expShort(z: number, out: number, unused: number, n: number): void;
}

const up4 = (n: number) => (n + 3) & ~3;

let shared: SimdKernels | null | undefined;

/**
 * The one instance of this thread, made on first use (so a page that never multiplies never
 * compiles WebAssembly), or null where WebAssembly SIMD is missing.
 */
export function simdKernels(): SimdKernels | null {
  if (shared === undefined) shared = SimdKernels.create();
  return shared;
}

/**
 * The kernels with their memory: each call copies its operands in (padding to the sizes the
 * kernels need with zeros, which add exact zeros to nothing that is kept) and the result
 * out. Signatures as in linalg.ts.
 */
export class SimdKernels {
  private heap: Float64Array;
  private constructor(private readonly ex: Exports) {
    this.heap = new Float64Array(ex.mem.buffer);
  }

  /** The kernels, or null where WebAssembly SIMD is missing. */
  static create(): SimdKernels | null {
    try {
      if (typeof WebAssembly === 'undefined') return null;
      const bytes = kernelModule();
      if (!WebAssembly.validate(bytes)) return null;
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
      return new SimdKernels(instance.exports as unknown as Exports);
    } catch {
      return null;
    }
  }

  /** Room for `doubles` doubles; returns the heap view (renewed after growth). */
  private reserve(doubles: number): Float64Array {
    const bytes = doubles * 8;
    const have = this.ex.mem.buffer.byteLength;
    if (bytes > have) this.ex.mem.grow(Math.ceil((bytes - have) / 65536));
    if (this.heap.buffer !== this.ex.mem.buffer) this.heap = new Float64Array(this.ex.mem.buffer);
    return this.heap;
  }

  affineForward(
    W: Float64Array,
    wOff: number,
    b: Float64Array,
    bOff: number,
    X: Float64Array,
    Z: Float64Array,
    n: number,
    nin: number,
    nout: number,
  ): void {
    const n4 = up4(n);
    const N4 = up4(nout);
    const a = 0;
    const bb = a + n4 * nin + ((n4 * nin) & 1);
    const init = bb + nin * N4;
    const c = init + N4;
    const h = this.reserve(c + n4 * N4);
    h.set(X.subarray(0, n * nin), a);
    h.fill(0, a + n * nin, a + n4 * nin);
    for (let j = 0; j < N4; j++) {
      if (j < nout) {
        const w = wOff + j * nin;
        for (let i = 0; i < nin; i++) h[bb + i * N4 + j] = W[w + i];
        h[init + j] = b[bOff + j];
      } else {
        for (let i = 0; i < nin; i++) h[bb + i * N4 + j] = 0;
        h[init + j] = 0;
      }
    }
    this.ex.rtm(8 * a, 8 * bb, 8 * c, 8 * init, n4, nin, N4);
    copyOut(h, c, N4, Z, 0, nout, n);
  }

  backpropInput(
    W: Float64Array,
    wOff: number,
    dZ: Float64Array,
    dX: Float64Array,
    n: number,
    nin: number,
    nout: number,
  ): void {
    const n4 = up4(n);
    const N4 = up4(nin);
    const a = 0;
    const bb = a + n4 * nout + ((n4 * nout) & 1);
    const init = bb + nout * N4;
    const c = init + N4;
    const h = this.reserve(c + n4 * N4);
    h.set(dZ.subarray(0, n * nout), a);
    h.fill(0, a + n * nout, a + n4 * nout);
    for (let j = 0; j < nout; j++) {
      const o = bb + j * N4;
      h.set(W.subarray(wOff + j * nin, wOff + (j + 1) * nin), o);
      h.fill(0, o + nin, o + N4);
    }
    h.fill(0, init, init + N4);
    this.ex.rtm(8 * a, 8 * bb, 8 * c, 8 * init, n4, nout, N4);
    copyOut(h, c, N4, dX, 0, nin, n);
  }

  /** The whole four-row groups of G_W += dZᵀ X (g_b and the last n mod 4 rows stay with the caller). */
  accumulateWeightGradient(
    dZ: Float64Array,
    X: Float64Array,
    gW: Float64Array,
    wOff: number,
    n4: number,
    nin: number,
    nout: number,
  ): void {
    const I4 = up4(nin);
    const O4 = up4(nout);
    const dz = 0;
    const x = dz + n4 * O4;
    const g = x + n4 * I4;
    const h = this.reserve(g + O4 * I4);
    copyIn(dZ, 0, nout, h, dz, O4, n4);
    copyIn(X, 0, nin, h, x, I4, n4);
    copyIn(gW, wOff, nin, h, g, I4, nout);
    h.fill(0, g + nout * I4, g + O4 * I4);
    this.ex.grad(8 * dz, 8 * x, 8 * g, n4, O4, I4);
    copyOut(h, g, I4, gW, wOff, nin, nout);
  }

  /**
   * out = e^z over n values (out may alias z); arguments below −708 give e^−708. `short`:
   * the series to r⁷, within 10⁻⁸ relative.
   */
  exp(z: Float64Array, out: Float64Array, n: number, short = false): void {
    const n2 = (n + 7) & ~7;
    const h = this.reserve(2 * n2);
    h.set(z.subarray(0, n), 0);
    h.fill(0, n, n2);
    if (short) this.ex.expShort(0, 8 * n2, 0, n2);
    else this.ex.exp(0, 8 * n2, 0, n2);
    out.set(h.subarray(n2, n2 + n));
  }

  /** out = SiLU(z) over n values (out may alias z); with d1, σ′ too. */
  silu(z: Float64Array, out: Float64Array, n: number, d1?: Float64Array): void {
    const n2 = (n + 7) & ~7;
    const h = this.reserve(3 * n2);
    h.set(z.subarray(0, n), 0);
    h.fill(0, n, n2);
    if (d1) {
      this.ex.siluSlope(0, 8 * n2, 16 * n2, n2);
      d1.set(h.subarray(2 * n2, 2 * n2 + n));
    } else this.ex.silu(0, 8 * n2, 0, n2);
    out.set(h.subarray(n2, n2 + n));
  }
}

/** rows × cols from `src` at `off` (row stride cols) into the heap (row stride `stride`, zero padded). */
function copyIn(
  src: Float64Array,
  off: number,
  cols: number,
  h: Float64Array,
  to: number,
  stride: number,
  rows: number,
): void {
  if (stride === cols) {
    h.set(src.subarray(off, off + rows * cols), to);
    return;
  }
  for (let p = 0; p < rows; p++) {
    h.set(src.subarray(off + p * cols, off + (p + 1) * cols), to + p * stride);
    h.fill(0, to + p * stride + cols, to + (p + 1) * stride);
  }
}

/** rows × cols from the heap (row stride `stride`) into out at `off` (row stride cols). */
function copyOut(
  h: Float64Array,
  from: number,
  stride: number,
  out: Float64Array,
  off: number,
  cols: number,
  rows: number,
): void {
  if (stride === cols) {
    out.set(h.subarray(from, from + rows * cols), off);
    return;
  }
  for (let p = 0; p < rows; p++)
    out.set(h.subarray(from + p * stride, from + p * stride + cols), off + p * cols);
}
