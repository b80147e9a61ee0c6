import { describe, expect, it } from 'vitest';
import { makeGrid, gridCoordinates, type GridGeometry } from '../../../src/core/grid/tensor';
import {
  GRID_POLICY_ERROR,
  GRID_VALUE_ERROR,
  gridErrors,
  historyWithGridErrors,
  sameCoverage,
} from '../../../src/core/solvers/compare';
import type { DisplaySnapshot, RunHistory } from '../../../src/core/solvers/solver';

const line = (min: number, max: number, n: number): GridGeometry =>
  makeGrid([{ min, max, n, spacing: 'uniform', periodic: false }]);

/** f at the grid's nodes. */
function on(grid: GridGeometry, f: (...x: number[]) => number): Float64Array {
  const c = gridCoordinates(grid);
  return Float64Array.from(c[0], (_, p) => f(...c.map((x) => x[p])));
}

describe('errors against a compared grid run', () => {
  it('are the relative L2 differences over the grid run’s nodes in the middle 60 % (1-D)', () => {
    // Own: a fine display grid whose nodes include the reference's, so interpolation is exact.
    const own = line(-1, 1, 201);
    const ref = line(-1, 1, 21);
    const e = gridErrors(
      { grid: own, value: on(own, (x) => x * x + 0.1), policy: [on(own, (x) => -2 * x)] },
      { grid: ref, value: on(ref, (x) => x * x), policy: [on(ref, (x) => -2.2 * x)] },
    )!;
    // Reference nodes in the middle 60 % of [−1, 1], |x| ≤ 0.6: 0, ±0.1, …, ±0.6.
    const xs = Array.from({ length: 13 }, (_, i) => -0.6 + 0.1 * i);
    const v = Math.sqrt((13 * 0.01) / xs.reduce((s, x) => s + x ** 4, 0));
    const pol = Math.sqrt(
      xs.reduce((s, x) => s + (0.2 * x) ** 2, 0) / xs.reduce((s, x) => s + (2.2 * x) ** 2, 0),
    );
    expect(e.value).toBeCloseTo(v, 10);
    expect(e.policy).toBeCloseTo(pol, 10);
  });

  it('interpolate the other run bilinearly between its own nodes (2-D, different grids)', () => {
    // A bilinear V is reproduced exactly by the interpolation from any grid.
    const own = makeGrid([
      { min: -2, max: 2, n: 11, spacing: 'uniform', periodic: false },
      { min: 0, max: 3, n: 7, spacing: 'uniform', periodic: false },
    ]);
    const ref = makeGrid([
      { min: -2, max: 2, n: 9, spacing: 'uniform', periodic: false },
      { min: 0, max: 3, n: 13, spacing: 'uniform', periodic: false },
    ]);
    const f = (x: number, y: number) => 3 + x + 2 * y + x * y;
    const e = gridErrors(
      { grid: own, value: on(own, f) },
      { grid: ref, value: on(ref, (x, y) => 1.25 * f(x, y)) },
    )!;
    expect(e.value).toBeCloseTo(0.2, 12);
    expect(e.policy).toBeNull();
  });

  it('are null for runs of different dimension', () => {
    const own = line(-1, 1, 11);
    const ref = makeGrid([
      { min: -1, max: 1, n: 5, spacing: 'uniform', periodic: false },
      { min: -1, max: 1, n: 5, spacing: 'uniform', periodic: false },
    ]);
    expect(
      gridErrors({ grid: own, value: new Float64Array(11) }, { grid: ref, value: new Float64Array(25) }),
    ).toBeNull();
  });
});

describe('a history with the errors against a grid run', () => {
  it('has both errors at every iteration with a snapshot and NaN where there is none', () => {
    const ref = line(-1, 1, 21);
    const own = line(-1, 1, 201);
    const refFields = { grid: ref, value: on(ref, (x) => x * x + 1), policy: [on(ref, (x) => -x)] };
    // Iterations 1 and 3 have snapshots, V off by 1 and 0.1, the policy by 10 % and 0 %.
    const snaps = new Map<number, DisplaySnapshot>([
      [1, { grid: own, value: on(own, (x) => x * x + 2), policy: [on(own, (x) => -1.1 * x)] }],
      [3, { grid: own, value: on(own, (x) => x * x + 1.1), policy: [on(own, (x) => -x)] }],
    ]);
    const history: RunHistory = {
      iteration: [1, 2, 3],
      seconds: [1, 2, 3],
      metrics: { valueLoss: [3, 2, 1] },
    };
    const h = historyWithGridErrors(history, snaps, refFields);
    const xs = Array.from({ length: 13 }, (_, i) => -0.6 + 0.1 * i);
    const norm = Math.sqrt(xs.reduce((s, x) => s + (x * x + 1) ** 2, 0) / 13);
    const v = h.metrics[GRID_VALUE_ERROR];
    const p = h.metrics[GRID_POLICY_ERROR];
    expect(v[0]).toBeCloseTo(1 / norm, 10);
    expect(Number.isNaN(v[1]) && Number.isNaN(p[1])).toBe(true);
    expect(v[2]).toBeCloseTo(0.1 / norm, 10);
    expect(p[0]).toBeCloseTo(0.1, 10);
    expect(p[2]).toBeCloseTo(0, 10);
    expect(h.metrics.valueLoss).toEqual([3, 2, 1]);
  });

  it('compares displays only when they cover the same states', () => {
    const slice = (at: number[]) => ({ slice: { axes: [0, 1] as [number, number], at } });
    expect(sameCoverage({}, {})).toBe(true);
    expect(sameCoverage(slice([0, 0, 0, 0]), slice([0, 0, 0, 0]))).toBe(true);
    expect(sameCoverage(slice([0, 0, 0, 0]), slice([0, 0, 1, 0]))).toBe(false);
    expect(sameCoverage({}, slice([0, 0, 0, 0]))).toBe(false);
  });
});
