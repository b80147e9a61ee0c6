import { describe, expect, it } from 'vitest';
import { relativeFromSums, relativeL2 } from '../../../src/core/solvers/relative-error';

const f = (...v: number[]) => Float64Array.from(v);

describe('relativeL2', () => {
  it('is ‖a − b‖/‖b‖ over all fields together', () => {
    // (0.1² + 0.2² + 0.2²) / (1 + 4 + 4) = 0.09 / 9
    expect(relativeL2([f(1.1, 2.2), f(1.8)], [f(1, 2), f(2)])).toBeCloseTo(0.1, 15);
  });

  it('reads only the first n entries of each field', () => {
    expect(relativeL2([f(1.1, 99)], [f(1, 0)], 1)).toBeCloseTo(0.1, 15);
  });

  it('is the RMS difference per state when the reference is zero', () => {
    // √((3² + 4²) / 2): two states, one field
    expect(relativeL2([f(3, 4)], [f(0, 0)])).toBeCloseTo(Math.sqrt(12.5), 14);
    expect(relativeFromSums(25, 0, 2)).toBeCloseTo(Math.sqrt(12.5), 14);
    expect(relativeFromSums(0, 0, 0)).toBe(0);
  });

  it('is 0 for equal fields and scale free', () => {
    expect(relativeL2([f(1, -2, 3)], [f(1, -2, 3)])).toBe(0);
    expect(relativeL2([f(2.2, 4.4)], [f(2, 4)])).toBeCloseTo(relativeL2([f(1.1, 2.2)], [f(1, 2)]), 14);
  });
});
