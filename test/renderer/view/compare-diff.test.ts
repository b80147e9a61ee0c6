import { describe, expect, it } from 'vitest';
import { differenceField } from '../../../src/renderer/view/compare-diff';
import type { SurfaceData } from '../../../src/renderer/view/surface-data';

function surface(xs: number[], ys: number[], f: (x: number, y: number) => number): SurfaceData {
  const z = new Float64Array(xs.length * ys.length);
  xs.forEach((x, i) => ys.forEach((y, j) => (z[i * ys.length + j] = f(x, y))));
  return { xs: Float64Array.from(xs), ys: Float64Array.from(ys), z, labels: { x: 'x', y: 'y', z: 'V' } };
}

const range = (a: number, b: number, n: number) =>
  Array.from({ length: n }, (_, k) => a + ((b - a) * k) / (n - 1));

describe('differenceField', () => {
  it('is exact for a bilinear compared surface on another grid, and NaN outside its box', () => {
    const f = (x: number, y: number) => 1 + 2 * x - 3 * y + 0.5 * x * y;
    const other = surface(range(-1, 1, 5), range(-2, 2, 9), f);
    const g = (x: number, y: number) => f(x, y) + 0.25 * x * x;
    const own = surface(range(-1.2, 1, 12), range(-2, 2, 7), g);
    const d = differenceField(own, other);
    own.xs.forEach((x, i) =>
      own.ys.forEach((y, j) => {
        const v = d[i * own.ys.length + j];
        if (x < -1) expect(v).toBeNaN();
        else expect(v).toBeCloseTo(0.25 * x * x, 12);
      }),
    );
  });
});
