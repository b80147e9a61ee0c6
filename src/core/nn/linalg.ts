/**
 * The three dense products of a layer over a batch, row-major. Each runs in the WebAssembly
 * SIMD kernels of wasm-simd.ts where the runtime has them and the product is not tiny, else
 * in the scalar loops below, which are blocked four rows at a time so each weight row is
 * read once per four samples (measured on this machine for a 3→32→32→2 tanh step at batch
 * 256: 0.88 ms blocked against 1.63 ms naive). Both give the same bits: the SIMD lanes sum
 * in the scalar loops' order (docs/numerics.md, "Dense kernels").
 */
import type { SimdKernels } from './wasm-simd';
import { simdKernels } from './wasm-simd';

/**
 * Products below this many multiply-adds stay scalar: copying into the module's memory
 * costs about as much as it saves there (measured: a 4096×64→2 layer takes the same time
 * either way).
 */
const SIMD_MIN_WORK = 1 << 14;

/** The SIMD kernels when the product is worth them and the runtime has them. */
function simdFor(n: number, nin: number, nout: number): SimdKernels | null {
  if (n < 4 || n * nin * nout < SIMD_MIN_WORK) return null;
  return simdKernels();
}

/** Z (n×out) = X (n×in) Wᵀ + b, with W out×in row-major. */
export function affineForward(
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
  const simd = simdFor(n, nin, nout);
  if (simd) {
    simd.affineForward(W, wOff, b, bOff, X, Z, n, nin, nout);
    return;
  }
  let p = 0;
  for (; p + 4 <= n; p += 4) {
    const x0 = p * nin;
    const x1 = x0 + nin;
    const x2 = x1 + nin;
    const x3 = x2 + nin;
    for (let j = 0; j < nout; j++) {
      const w = wOff + j * nin;
      const bj = b[bOff + j];
      let s0 = bj;
      let s1 = bj;
      let s2 = bj;
      let s3 = bj;
      for (let i = 0; i < nin; i++) {
        const wi = W[w + i];
        s0 += wi * X[x0 + i];
        s1 += wi * X[x1 + i];
        s2 += wi * X[x2 + i];
        s3 += wi * X[x3 + i];
      }
      Z[p * nout + j] = s0;
      Z[(p + 1) * nout + j] = s1;
      Z[(p + 2) * nout + j] = s2;
      Z[(p + 3) * nout + j] = s3;
    }
  }
  for (; p < n; p++) {
    const x0 = p * nin;
    for (let j = 0; j < nout; j++) {
      const w = wOff + j * nin;
      let s = b[bOff + j];
      for (let i = 0; i < nin; i++) s += W[w + i] * X[x0 + i];
      Z[p * nout + j] = s;
    }
  }
}

/** G_W (out×in) += dZᵀ X and g_b += column sums of dZ. */
export function accumulateWeightGradient(
  dZ: Float64Array,
  X: Float64Array,
  gW: Float64Array,
  wOff: number,
  gb: Float64Array,
  bOff: number,
  n: number,
  nin: number,
  nout: number,
): void {
  let p = 0;
  const simd = simdFor(n, nin, nout);
  if (simd) {
    p = n & ~3;
    simd.accumulateWeightGradient(dZ, X, gW, wOff, p, nin, nout);
    for (let q = 0; q < p; q += 4)
      for (let j = 0; j < nout; j++)
        gb[bOff + j] +=
          dZ[q * nout + j] + dZ[(q + 1) * nout + j] + dZ[(q + 2) * nout + j] + dZ[(q + 3) * nout + j];
  }
  for (; p + 4 <= n; p += 4) {
    const x0 = p * nin;
    const x1 = x0 + nin;
    const x2 = x1 + nin;
    const x3 = x2 + nin;
    for (let j = 0; j < nout; j++) {
      const d0 = dZ[p * nout + j];
      const d1 = dZ[(p + 1) * nout + j];
      const d2 = dZ[(p + 2) * nout + j];
      const d3 = dZ[(p + 3) * nout + j];
      gb[bOff + j] += d0 + d1 + d2 + d3;
      const w = wOff + j * nin;
      for (let i = 0; i < nin; i++)
        gW[w + i] += d0 * X[x0 + i] + d1 * X[x1 + i] + d2 * X[x2 + i] + d3 * X[x3 + i];
    }
  }
  for (; p < n; p++) {
    const x0 = p * nin;
    for (let j = 0; j < nout; j++) {
      const d0 = dZ[p * nout + j];
      gb[bOff + j] += d0;
      const w = wOff + j * nin;
      for (let i = 0; i < nin; i++) gW[w + i] += d0 * X[x0 + i];
    }
  }
}

/** dX (n×in) = dZ (n×out) W. */
export function backpropInput(
  W: Float64Array,
  wOff: number,
  dZ: Float64Array,
  dX: Float64Array,
  n: number,
  nin: number,
  nout: number,
): void {
  const simd = simdFor(n, nin, nout);
  if (simd) {
    simd.backpropInput(W, wOff, dZ, dX, n, nin, nout);
    return;
  }
  dX.fill(0, 0, n * nin);
  let p = 0;
  for (; p + 4 <= n; p += 4) {
    const x0 = p * nin;
    const x1 = x0 + nin;
    const x2 = x1 + nin;
    const x3 = x2 + nin;
    for (let j = 0; j < nout; j++) {
      const d0 = dZ[p * nout + j];
      const d1 = dZ[(p + 1) * nout + j];
      const d2 = dZ[(p + 2) * nout + j];
      const d3 = dZ[(p + 3) * nout + j];
      const w = wOff + j * nin;
      for (let i = 0; i < nin; i++) {
        const wi = W[w + i];
        dX[x0 + i] += d0 * wi;
        dX[x1 + i] += d1 * wi;
        dX[x2 + i] += d2 * wi;
        dX[x3 + i] += d3 * wi;
      }
    }
  }
  for (; p < n; p++) {
    const x0 = p * nin;
    for (let j = 0; j < nout; j++) {
      const d0 = dZ[p * nout + j];
      const w = wOff + j * nin;
      for (let i = 0; i < nin; i++) dX[x0 + i] += d0 * W[w + i];
    }
  }
}

/**
 * Solves A X = B in place for a symmetric positive definite A (k×k, row-major; overwritten
 * by its Cholesky factor) and B (k×r, overwritten by X). Returns false when A is not
 * numerically positive definite.
 */
export function choleskySolve(A: Float64Array, B: Float64Array, k: number, r: number): boolean {
  for (let j = 0; j < k; j++) {
    let s = A[j * k + j];
    for (let l = 0; l < j; l++) s -= A[j * k + l] * A[j * k + l];
    if (!(s > 0)) return false;
    const djj = Math.sqrt(s);
    A[j * k + j] = djj;
    for (let i = j + 1; i < k; i++) {
      let t = A[i * k + j];
      for (let l = 0; l < j; l++) t -= A[i * k + l] * A[j * k + l];
      A[i * k + j] = t / djj;
    }
  }
  for (let c = 0; c < r; c++) {
    for (let i = 0; i < k; i++) {
      let t = B[i * r + c];
      for (let l = 0; l < i; l++) t -= A[i * k + l] * B[l * r + c];
      B[i * r + c] = t / A[i * k + i];
    }
    for (let i = k - 1; i >= 0; i--) {
      let t = B[i * r + c];
      for (let l = i + 1; l < k; l++) t -= A[l * k + i] * B[l * r + c];
      B[i * r + c] = t / A[i * k + i];
    }
  }
  return true;
}
