import { describe, expect, it } from 'vitest';
import { SimdKernels } from '../../../src/core/nn/wasm-simd';
import { logistic } from '../../../src/core/nn/activation';
import { Random } from '../../../src/core/sim/random';

// The SIMD kernels promise the scalar loops' bits: each output summed in the same order with
// separately rounded products. The references below are those orders written plainly.

const rng = new Random(11);
const rand = (m: number) => Float64Array.from({ length: m }, () => rng.normal());
const SHAPES: [number, number, number][] = [
  [4, 1, 1],
  [7, 3, 5],
  [13, 43, 64],
  [64, 64, 2],
  [130, 17, 33],
  [512, 128, 128],
];

describe('WebAssembly SIMD dense kernels', () => {
  const simd = SimdKernels.create();

  it('are available in this runtime', () => {
    expect(simd).not.toBeNull();
  });

  it.each(SHAPES)('affine forward n=%i %i→%i: the bits of b + Σᵢ wᵢxᵢ in order', (n, nin, nout) => {
    const P = rand(5 + nin * nout + nout);
    const X = rand(n * nin);
    const Z = new Float64Array(n * nout).fill(NaN);
    simd!.affineForward(P, 5, P, 5 + nin * nout, X, Z, n, nin, nout);
    for (let p = 0; p < n; p++)
      for (let j = 0; j < nout; j++) {
        let s = P[5 + nin * nout + j];
        for (let i = 0; i < nin; i++) s += P[5 + j * nin + i] * X[p * nin + i];
        expect(Z[p * nout + j]).toBe(s);
      }
  });

  it.each(SHAPES)('input gradient n=%i %i→%i: the bits of Σⱼ dzⱼ wⱼᵢ in order', (n, nin, nout) => {
    const W = rand(3 + nin * nout);
    const dZ = rand(n * nout);
    const dX = new Float64Array(n * nin).fill(NaN);
    simd!.backpropInput(W, 3, dZ, dX, n, nin, nout);
    for (let p = 0; p < n; p++)
      for (let i = 0; i < nin; i++) {
        let s = 0;
        for (let j = 0; j < nout; j++) s += dZ[p * nout + j] * W[3 + j * nin + i];
        expect(dX[p * nin + i]).toBe(s);
      }
  });

  it.each(SHAPES)('weight gradient n=%i %i→%i: the bits of the four-row groups', (n, nin, nout) => {
    const n4 = n & ~3;
    const dZ = rand(n * nout);
    const X = rand(n * nin);
    const G = rand(2 + nin * nout);
    const ref = G.slice();
    simd!.accumulateWeightGradient(dZ, X, G, 2, n4, nin, nout);
    for (let p = 0; p < n4; p += 4)
      for (let j = 0; j < nout; j++)
        for (let i = 0; i < nin; i++) {
          const t = (q: number) => dZ[(p + q) * nout + j] * X[(p + q) * nin + i];
          ref[2 + j * nin + i] += t(0) + t(1) + t(2) + t(3);
        }
    expect(Array.from(G)).toEqual(Array.from(ref));
  });

  it('SiLU and its slope agree with x·logistic(x) to a few ulps, and keep their limits', () => {
    const n = 1001; // not a multiple of the kernel's 8
    const z = Float64Array.from({ length: n }, (_, i) => -40 + (80 * i) / (n - 1));
    z[0] = -800;
    z[1] = 800;
    z[2] = -0.5;
    const f = new Float64Array(n);
    const d1 = new Float64Array(n);
    simd!.silu(z, f, n, d1);
    for (let i = 2; i < n; i++) {
      const x = z[i];
      const s = logistic(x);
      const fe = x * s;
      const de = s + x * s * (1 - s);
      // 2e-15 relative (a few ulps); where σ′ crosses zero its own scale is |x|·s(1−s).
      expect(Math.abs(f[i] - fe)).toBeLessThanOrEqual(2e-15 * Math.abs(fe) + 1e-300);
      expect(Math.abs(d1[i] - de)).toBeLessThanOrEqual(2e-15 * (Math.abs(s) + Math.abs(x * s * (1 - s))));
    }
    expect([f[1], d1[1]]).toEqual([800, 1]);
    expect(Math.abs(f[0])).toBeLessThan(1e-300);
    expect(Math.abs(d1[0])).toBeLessThan(1e-300);
  });

  it('e^x for weights (series to r⁷) is within 10⁻⁸ relative of Math.exp, clamped like the full one', () => {
    const n = 2001;
    const z = Float64Array.from({ length: n }, (_, i) => -700 + (1400 * i) / (n - 1));
    z[0] = -1000;
    z[1] = 0;
    const out = new Float64Array(n);
    simd!.exp(z, out, n, true);
    // Truncation r⁸/8! ≤ 5·10⁻⁹ on |r| ≤ ln 2/2, relative to e^r ≥ 0.7.
    for (let i = 1; i < n; i++) expect(Math.abs(out[i] / Math.exp(z[i]) - 1)).toBeLessThan(1e-8);
    expect(out[0]).toBeGreaterThan(0);
    expect(out[0]).toBeLessThan(1e-307);
  });
});
