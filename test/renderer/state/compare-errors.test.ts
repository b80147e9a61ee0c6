import { describe, expect, it } from 'vitest';
import { makeGrid, gridCoordinates, type GridGeometry } from '../../../src/core/grid/tensor';
import type { RunHistory } from '../../../src/core/solvers/solver';
import { GRID_POLICY_ERROR, GRID_VALUE_ERROR } from '../../../src/core/solvers/compare';
import { chartWithComparison, withGridErrors } from '../../../src/renderer/state/compare-errors';
import type { Run } from '../../../src/renderer/state/types';
import { example, runRecord } from '../fixtures';

const line = (min: number, max: number, n: number): GridGeometry =>
  makeGrid([{ min, max, n, spacing: 'uniform', periodic: false }]);

/** f at the grid's nodes. */
function on(grid: GridGeometry, f: (...x: number[]) => number): Float64Array {
  const c = gridCoordinates(grid);
  return Float64Array.from(c[0], (_, p) => f(...c.map((x) => x[p])));
}

/** A finished run with the given display fields and snapshots (no solve). */
function runWith(
  id: string,
  solver: string,
  grid: GridGeometry,
  value: Float64Array,
  policy: Float64Array[],
  snapshots: Float64Array[],
): Run {
  const history: RunHistory = {
    iteration: snapshots.map((_, k) => k + 1),
    seconds: snapshots.map((_, k) => k),
    metrics: { valueLoss: snapshots.map(() => 1) },
  };
  const result = {
    solver,
    status: 'done' as const,
    warnings: [],
    seconds: 1,
    iterations: snapshots.length,
    history,
    display: { grid, value, policy },
    summary: {},
  };
  return runRecord(id, example('lqr-1d'), { result, drift: [] }, { liveGrid: grid, snapshots });
}

describe('the neural run’s history against a compared grid run', () => {
  const ref = line(-1, 1, 21);
  const grid = runWith(
    '1',
    'grid',
    ref,
    on(ref, (x) => -(x * x) - 1),
    [on(ref, (x) => -x)],
    [],
  );
  const own = line(-1, 1, 201);
  // Three iterations whose V is off by 1, 0.5 and 0.1; the final result as the last.
  const snaps = [1, 0.5, 0.1].map((c) => on(own, (x) => -(x * x) - 1 - c));
  const neural = runWith('2', 'neural-pi', own, snaps[2], [on(own, (x) => -1.1 * x)], snaps);

  it('has the V error at every iteration with a snapshot and the policy error at the last', () => {
    const h = withGridErrors(neural, grid);
    const xs = Array.from({ length: 13 }, (_, i) => -0.6 + 0.1 * i);
    const norm = Math.sqrt(xs.reduce((s, x) => s + (x * x + 1) ** 2, 0) / 13);
    const v = h.metrics[GRID_VALUE_ERROR];
    expect(v).toHaveLength(3);
    [1, 0.5, 0.1].forEach((c, k) => expect(v[k]).toBeCloseTo(c / norm, 10));
    const p = h.metrics[GRID_POLICY_ERROR];
    expect(Number.isNaN(p[0]) && Number.isNaN(p[1])).toBe(true);
    expect(p[2]).toBeCloseTo(0.1, 10);
    // The run's own metrics are kept.
    expect(h.metrics.valueLoss).toEqual([1, 1, 1]);
  });

  it('adds the two lines, labelled with the compared run, only to a neural run with a comparison', () => {
    const chart = chartWithComparison(neural, grid, []);
    expect(chart.metrics.map((m) => m.label)).toEqual(['V vs run #1', 'policy vs run #1']);
    expect(chartWithComparison(neural, null, []).history).toBe(neural.history);
    expect(chartWithComparison(grid, neural, []).history).toBe(grid.history);
  });
});
