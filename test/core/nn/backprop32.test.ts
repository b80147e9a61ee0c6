import { describe, expect, it } from 'vitest';
import { Float32Tape, Tape, createMlp } from '../../../src/core/nn';
import { Random } from '../../../src/core/sim/random';
import { relL2 } from './rel-l2';

describe('float32 training pass (f32x4 kernels)', () => {
  // Single precision carries 6e-8 relative per operation; through sums of a few hundred terms
  // the outputs and the gradient drift a few 1e-7 (measured 4.3e-7 and 5.5e-7 for
  // 512 × 43 → 3×128 → 2), so 2e-6 bounds it; a wrong index or a missed padding is O(1).
  it.each([
    [43, [128, 128, 128], 2, 512],
    [5, [7, 9], 3, 13],
    [3, [16], 1, 1],
    [2, [33, 8], 2, 6],
  ])(
    'outputs and parameter gradient agree with the float64 Tape (%i inputs, hidden %j, %i outputs, %i rows)',
    (nin, hidden, nout, n) => {
      const net = createMlp({ inputs: nin, outputs: nout, hidden, activation: 'silu' }, 3);
      const rng = new Random(4);
      // Nonzero biases, so the bias gradient and the padding of every layer are exercised.
      for (let i = 0; i < net.params.length; i++) net.params[i] += 0.1 * rng.normal();
      const X = Float64Array.from({ length: n * nin }, () => 2 * rng.normal());
      const dY = Float64Array.from({ length: n * nout }, () => rng.normal());
      const t64 = new Tape(net, n);
      const y64 = t64.forward(X, n).slice();
      const g64 = new Float64Array(net.params.length);
      t64.backward(dY, g64);
      const t32 = Float32Tape.create(net, n);
      if (!t32) throw new Error('WebAssembly SIMD is missing');
      const y32 = t32.forward(X, n).slice();
      const g32 = new Float64Array(net.params.length).fill(1);
      t32.backward(dY, g32);
      for (let i = 0; i < g32.length; i++) g32[i] -= 1; // backward adds to what is there
      expect(relL2(y32, y64)).toBeLessThan(2e-6);
      expect(relL2(g32, g64)).toBeLessThan(2e-6);
    },
  );

  it('reads the parameters at each forward pass and handles a smaller batch than its capacity', () => {
    const net = createMlp({ inputs: 4, outputs: 2, hidden: [24, 24], activation: 'silu' }, 1);
    const rng = new Random(2);
    const X = Float64Array.from({ length: 7 * 4 }, () => rng.normal());
    const t32 = Float32Tape.create(net, 64)!;
    t32.forward(X, 7);
    for (let i = 0; i < net.params.length; i++) net.params[i] += 0.05 * rng.normal();
    const y32 = t32.forward(X, 7).slice(0, 14);
    const y64 = new Tape(net, 7).forward(X, 7);
    expect(relL2(y32, y64)).toBeLessThan(2e-6);
  });

  it('is not offered for other activations', () => {
    const net = createMlp({ inputs: 2, outputs: 1, hidden: [8], activation: 'tanh' }, 1);
    expect(Float32Tape.create(net, 8)).toBeNull();
  });
});
