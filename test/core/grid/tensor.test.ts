import { describe, expect, it } from 'vitest';
import {
  axisIndices,
  gridCoordinates,
  gridStrides,
  makeGrid,
  middleMask,
} from '../../../src/core/grid/tensor';

describe('tensor grids', () => {
  const grid = makeGrid([
    { min: 0, max: 2, n: 3, spacing: 'uniform', periodic: false },
    { min: -1, max: 1, n: 5, spacing: 'uniform', periodic: false },
  ]);

  it('are row-major with the first state slowest', () => {
    expect(gridStrides(grid.shape)).toEqual([5, 1]);
    const [x, y] = gridCoordinates(grid);
    expect(x[0]).toBe(0);
    expect(y[1]).toBe(-0.5);
    expect(x[5]).toBe(1);
    expect(y[5]).toBe(-1);
    const [i, j] = axisIndices(grid.shape);
    expect(i[14]).toBe(2);
    expect(j[14]).toBe(4);
  });

  it('marks the middle 60 % of the box', () => {
    const g = makeGrid([{ min: 0, max: 10, n: 11, spacing: 'uniform', periodic: false }]);
    expect(Array.from(middleMask(g, 0.6))).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
  });
});
