import { describe, expect, it } from 'vitest';
import { createMlp, forward } from '../../../src/core/nn';
import { logistic } from '../../../src/core/nn/activation';
import { Float32Forward } from '../../../src/core/nn/forward32';
import { Random } from '../../../src/core/sim/random';
import { relL2 } from './rel-l2';

/** A SiLU network with nonzero biases and inputs of size ~2, and its outputs in float64 and float32. */
function both(nin: number, hidden: number[], nout: number, n: number, seed: number) {
  const net = createMlp({ inputs: nin, outputs: nout, hidden, activation: 'silu' }, seed);
  const rng = new Random(seed + 1);
  for (let i = 0; i < net.params.length; i++) net.params[i] += 0.1 * rng.normal();
  const X = Float64Array.from({ length: n * nin }, () => 2 * rng.normal());
  const y64 = forward(net, X, n, new Float64Array(n * nout));
  const f = Float32Forward.create(net);
  if (!f) throw new Error('WebAssembly SIMD is missing');
  const y32 = new Float64Array(n * nout);
  f.forward(X, n, y32);
  return { net, X, y64, y32, f };
}

describe('float32 forward pass (f32x4 kernels)', () => {
  // Single precision carries 6e-8 relative per operation; through a few hundred-term sums and
  // three layers the outputs drift a few 1e-7 (measured 3.7e-7 for 4096 × 43 → 3×128 → 2).
  it.each([
    [43, [128, 128, 128], 2, 4096],
    [5, [7, 9], 3, 13],
    [3, [16], 1, 1],
    [2, [33, 8], 2, 6],
  ])(
    'agrees with the float64 pass to ~1e-6 (%i inputs, hidden %j, %i outputs, %i rows)',
    (nin, hidden, nout, n) => {
      const { y64, y32 } = both(nin, hidden, nout, n, 3);
      const e = relL2(y32, y64);
      expect(e).toBeLessThan(2e-6);
      expect(e).toBeGreaterThan(0); // it really is single precision
    },
  );

  it('gives the same rows whatever the batch they are in, and a frozen copy of the weights', () => {
    const { net, X, y32, f } = both(4, [12, 12], 2, 10, 5);
    const one = new Float64Array(2);
    for (const p of [0, 7, 9]) {
      f.forward(X.subarray(4 * p, 4 * p + 4), 1, one);
      expect(Array.from(one)).toEqual([y32[2 * p], y32[2 * p + 1]]);
    }
    net.params.fill(0);
    const again = new Float64Array(20);
    f.forward(X, 10, again);
    expect(again).toEqual(y32);
  });

  it('SiLU through the float32 exponential, from −100 to 100 (its clamp at ±87 included)', () => {
    // 1 → 1 → 1 with unit weights and zero biases: the output is SiLU(x) itself.
    const net = createMlp({ inputs: 1, outputs: 1, hidden: [1], activation: 'silu' }, 0);
    net.params.set([1, 0, 1, 0]);
    const f = Float32Forward.create(net)!;
    const X = Float64Array.from({ length: 2001 }, (_, i) => -100 + 0.1 * i);
    const Y = new Float64Array(X.length);
    f.forward(X, X.length, Y);
    // Against the float32 input (rounding x to single moves e^x by up to |x|·6e-8 relative).
    X.forEach((x, i) => {
      const xf = Math.fround(x);
      const exact = xf * logistic(xf);
      expect(Math.abs(Y[i] - exact)).toBeLessThanOrEqual(1e-6 * Math.abs(exact) + 1e-35);
    });
  });

  it('is only for SiLU networks', () => {
    expect(
      Float32Forward.create(createMlp({ inputs: 2, outputs: 1, hidden: [4], activation: 'tanh' }, 0)),
    ).toBeNull();
  });
});
