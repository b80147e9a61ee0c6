import { describe, expect, it } from 'vitest';
import { convergenceData, decades, rewardData } from '../../../src/renderer/charts/chart-data';

describe('convergence chart data', () => {
  it('columns in order, zeros and non-finite residuals as gaps on the log axis', () => {
    const data = convergenceData({
      iteration: [1, 2, 3],
      residualMax: [1, 1e-8, 0],
      residualL2: [0.5, NaN, 1e-12],
      policyChanges: [400, 3, 0],
    });
    expect(data.length).toBe(4);
    expect(data[0]).toEqual([1, 2, 3]);
    expect(data[1]).toEqual([1, 1e-8, null]);
    expect(data[2]).toEqual([0.5, null, 1e-12]);
    expect(data[3]).toEqual([400, 3, 0]);
  });

  it('adds the exact-error column only when present', () => {
    const data = convergenceData({
      iteration: [1, 2],
      residualMax: [1, 0.1],
      residualL2: [1, 0.1],
      policyChanges: [5, 0],
      exactError: [0.3, 0.02],
    });
    expect(data.length).toBe(5);
    expect(data[4]).toEqual([0.3, 0.02]);
  });
});

describe('reward chart data', () => {
  it('draws at most maxPaths evenly spread paths, and the mean of all paths', () => {
    const paths = 120;
    const steps = 4;
    const times = Float64Array.from([0, 0.1, 0.2, 0.3]);
    const reward = new Float64Array(paths * steps);
    for (let p = 0; p < paths; p++) for (let s = 0; s < steps; s++) reward[p * steps + s] = p * s;
    const { data, shown, mean } = rewardData(times, reward, paths, steps, 50);
    expect(shown.length).toBe(50);
    expect(new Set(shown).size).toBe(50);
    expect(shown[0]).toBe(0);
    expect(shown[49]).toBeGreaterThan(110);
    expect(data.length).toBe(1 + 50 + 1);
    expect(Array.from(data[0])).toEqual([0, 0.1, 0.2, 0.3]);
    expect(Array.from(data[2] as ArrayLike<number>)).toEqual([0, shown[1], 2 * shown[1], 3 * shown[1]]);
    // Mean of p·s over p = 0…119 is 59.5·s.
    expect(Array.from(mean)).toEqual([0, 59.5, 119, 178.5]);
    expect(data[51]).toBe(mean);
  });

  it('draws every path when there are few, and rejects a short reward array', () => {
    const { shown } = rewardData(Float64Array.from([0, 1]), new Float64Array(6), 3, 2);
    expect(shown).toEqual([0, 1, 2]);
    expect(() => rewardData(Float64Array.from([0, 1]), new Float64Array(5), 3, 2)).toThrow(/expected 6/);
  });
});

describe('log axis splits', () => {
  it('powers of ten inside the range, thinned when there are many', () => {
    expect(decades(1e-4, 1)).toEqual([1e-4, 1e-3, 1e-2, 1e-1, 1]);
    expect(decades(3e-5, 20)).toEqual([1e-4, 1e-3, 1e-2, 1e-1, 1, 10]);
    const wide = decades(1e-12, 1);
    expect(wide.length).toBeLessThanOrEqual(7);
    expect(wide).toContain(1e-12);
    expect(decades(0, 1)).toEqual([]);
  });
});
