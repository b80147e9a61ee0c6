import { describe, expect, it } from 'vitest';
import { createMlp } from '../../../../src/core/nn';
import type { ModelFields } from '../../../../src/core/solvers/neural-pi/evaluate';
import { movement } from '../../../../src/core/solvers/neural-pi/evaluate';
import { criticValues, levelLogHead, type NeuralPiModel } from '../../../../src/core/solvers/neural-pi/model';

/** A 1-D model whose critic is a seeded network under a 'log' head (V < 0). */
function logModel(): NeuralPiModel {
  const net = () => createMlp({ inputs: 1, outputs: 1, hidden: [4], activation: 'tanh' }, 7);
  return {
    actor: net(),
    critic: net(),
    head: { mode: 'log', shift: 0.5, scale: 0.3, sign: -1, tilt: [2] },
    centre: Float64Array.of(0),
    half: Float64Array.of(1),
    controlLo: Float64Array.of(0),
    controlHi: Float64Array.of(1),
  };
}

describe("re-levelling a 'log' critic on Monte-Carlo estimates", () => {
  const Xn = Float64Array.from({ length: 9 }, (_, i) => -1 + i / 4);

  it('scales V by the mean ratio of the estimates to V', () => {
    const model = logModel();
    const v = criticValues(model, Xn, 9, new Float64Array(9));
    // Estimates 3 % above V at every start, in two samples: V moves up by exactly 3 %.
    const y = v.map((x) => 1.03 * x);
    levelLogHead(model, [
      { Xn, y },
      { Xn, y },
    ]);
    const after = criticValues(model, Xn, 9, new Float64Array(9));
    for (let p = 0; p < 9; p++) expect(after[p] / v[p]).toBeCloseTo(1.03, 12);
  });

  it('moves at most 10 % per call, and leaves a linear critic alone', () => {
    const model = logModel();
    const v = criticValues(model, Xn, 9, new Float64Array(9));
    levelLogHead(model, [{ Xn, y: v.map((x) => 5 * x) }]);
    expect(model.head.shift).toBeCloseTo(0.6, 12);
    const linear = logModel();
    linear.head = { ...linear.head, mode: 'linear' };
    levelLogHead(linear, [{ Xn, y: v.map((x) => 5 * x) }]);
    expect(linear.head.shift).toBe(0.5);
  });
});

describe('how far V and the policy moved between iterations', () => {
  const fields = (value: number[], policy: number[][]): ModelFields => ({
    value: Float64Array.from(value),
    policy: policy.map((a) => Float64Array.from(a)),
    residual: new Float64Array(value.length),
    terms: new Float64Array(value.length),
  });

  it('is the relative L2 change for a linear critic, the RMS relative change for a log one', () => {
    const before = fields([1, 100], [[1, 1]]);
    const now = fields([1.1, 110], [[1, 2]]);
    // Linear: ‖(0.1, 10)‖/‖(1, 100)‖ = 0.1; log: every point moved by 0.1/1.1.
    expect(movement(now, before, 2, false).value).toBeCloseTo(0.1, 12);
    expect(movement(now, before, 2, true).value).toBeCloseTo(1 / 11, 12);
    const skewed = fields([1.5, 100], [[1, 1]]);
    expect(movement(skewed, before, 2, false).value).toBeCloseTo(0.5 / Math.hypot(1, 100), 12);
    expect(movement(skewed, before, 2, true).value).toBeCloseTo(Math.sqrt((0.5 / 1.5) ** 2 / 2), 12);
    // The policy: ‖(0, 1)‖/‖(1, 1)‖.
    expect(movement(now, before, 2, false).policy).toBeCloseTo(1 / Math.sqrt(2), 12);
  });
});
