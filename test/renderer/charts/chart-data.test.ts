import { describe, expect, it } from 'vitest';
import type { MetricSpec, RunHistory } from '../../../src/core/solvers/solver';
import {
  convergenceData,
  convergenceSeries,
  decades,
  rewardData,
} from '../../../src/renderer/charts/chart-data';

const GRID_METRICS: MetricSpec[] = [
  { name: 'residualMax', label: 'residual max', scale: 'log' },
  { name: 'residualL2', label: 'residual L2', scale: 'log' },
  { name: 'valueError', label: 'error vs exact', scale: 'log' },
  { name: 'policyChanges', label: 'policy changes', scale: 'linear' },
];

const history = (metrics: Record<string, number[]>): RunHistory => ({
  iteration: metrics['iteration'] ?? [],
  seconds: [],
  metrics: Object.fromEntries(Object.entries(metrics).filter(([k]) => k !== 'iteration')),
});

describe('convergence chart data', () => {
  it("columns in the solver's order, zeros and non-finite values as gaps on the log axis", () => {
    const h = history({
      iteration: [1, 2, 3],
      policyChanges: [400, 3, 0],
      residualMax: [1, 1e-8, 0],
      residualL2: [0.5, NaN, 1e-12],
    });
    const series = convergenceSeries(h, GRID_METRICS);
    expect(series.map((s) => s.name)).toEqual(['residualMax', 'residualL2', 'policyChanges']);
    const data = convergenceData(h, series);
    expect(data.length).toBe(4);
    expect(data[0]).toEqual([1, 2, 3]);
    expect(data[1]).toEqual([1, 1e-8, null]);
    expect(data[2]).toEqual([0.5, null, 1e-12]);
    // A count on the linear axis keeps its zeros.
    expect(data[3]).toEqual([400, 3, 0]);
  });

  it('plots a metric only when the history has it, and unknown metrics by name on the log axis', () => {
    const h = history({ iteration: [1, 2], residualMax: [1, 0.1], valueError: [NaN, 0.02], loss: [3, 2] });
    const series = convergenceSeries(h, GRID_METRICS);
    expect(series.map((s) => [s.name, s.scale, s.column])).toEqual([
      ['residualMax', 'log', 1],
      ['valueError', 'log', 2],
      ['loss', 'log', 3],
    ]);
    const data = convergenceData(h, series);
    expect(data[2]).toEqual([null, 0.02]);
    expect(data[3]).toEqual([3, 2]);
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
