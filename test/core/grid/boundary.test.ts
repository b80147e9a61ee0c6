import { describe, expect, it } from 'vitest';
import { applyBoundary, leaves } from '../../../src/core/grid/boundary';

describe('boundary rules for simulated coordinates', () => {
  it('reflects, wraps and projects', () => {
    expect(applyBoundary('reflect', 0, 1, 1.25)).toBeCloseTo(0.75, 15);
    expect(applyBoundary('reflect', 0, 1, -0.25)).toBeCloseTo(0.25, 15);
    expect(applyBoundary('periodic', 0, 1, 1.25)).toBeCloseTo(0.25, 15);
    expect(applyBoundary('periodic', 0, 1, -0.25)).toBeCloseTo(0.75, 15);
    expect(applyBoundary('constraint', 0, 1, 1.25)).toBe(1);
    expect(applyBoundary('reflect', 0, 1, 0.5)).toBe(0.5);
  });

  it('detects leaving through a face (closed box)', () => {
    expect(leaves(0, 1, 1)).toBe(true);
    expect(leaves(0, 1, 0.999)).toBe(false);
  });
});
