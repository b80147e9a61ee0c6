import { describe, expect, it } from 'vitest';
import { axisProblem, axisSpacings, makeAxis } from '../../../src/core/grid/axis';

describe('axes', () => {
  it('uniform axes include both ends with equal spacing', () => {
    const x = makeAxis({ min: -1, max: 2, n: 7, spacing: 'uniform', periodic: false });
    expect(Array.from(x)).toEqual([-1, -0.5, 0, 0.5, 1, 1.5, 2]);
  });

  it('periodic axes omit the wrap point and wrap their spacings', () => {
    const x = makeAxis({ min: 0, max: 1, n: 4, spacing: 'uniform', periodic: true });
    expect(Array.from(x)).toEqual([0, 0.25, 0.5, 0.75]);
    const { hMinus, hPlus } = axisSpacings(x, true, 0, 1);
    expect(hMinus[0]).toBeCloseTo(0.25, 15);
    expect(hPlus[3]).toBeCloseTo(0.25, 15);
  });

  it('geometric axes have a constant ratio and exact ends', () => {
    const x = makeAxis({ min: 0.1, max: 10, n: 5, spacing: 'geometric', periodic: false });
    expect(x[0]).toBe(0.1);
    expect(x[4]).toBe(10);
    for (let i = 1; i < 5; i++) expect(x[i] / x[i - 1]).toBeCloseTo(Math.sqrt(10), 12);
    const { hMinus, hPlus } = axisSpacings(x, false, 0.1, 10);
    expect(hPlus[1]).toBeCloseTo(x[2] - x[1], 14);
    expect(hMinus[0]).toBeCloseTo(hPlus[0], 14); // mirror spacing at the face
  });

  it('rejects empty intervals, too few nodes and geometric axes through zero', () => {
    expect(axisProblem({ min: 1, max: 1, n: 5, spacing: 'uniform', periodic: false }, 'x')).toMatch(/empty/);
    expect(axisProblem({ min: 0, max: 1, n: 2, spacing: 'uniform', periodic: false }, 'x')).toMatch(
      /at least 3/,
    );
    expect(axisProblem({ min: 0, max: 1, n: 5, spacing: 'geometric', periodic: false }, 'w')).toMatch(
      /min > 0/,
    );
    expect(axisProblem({ min: 0.5, max: 1, n: 5, spacing: 'geometric', periodic: false }, 'w')).toBeNull();
  });
});
