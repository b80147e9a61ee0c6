import { describe, expect, it } from 'vitest';
import { buildVectorField } from '../../../../src/renderer/view/layers/vector-field';

const uniform = (lo: number, hi: number, n: number) =>
  Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));

function field(nx: number, ny: number, f: (x: number, y: number) => [number, number]) {
  const xs = uniform(-2, 2, nx);
  const ys = uniform(-1, 1, ny);
  const fx = new Float64Array(nx * ny);
  const fy = new Float64Array(nx * ny);
  for (let i = 0; i < nx; i++)
    for (let j = 0; j < ny; j++) [fx[i * ny + j], fy[i * ny + j]] = f(xs[i], ys[j]);
  return { xs, ys, fx, fy };
}

describe('vector field', () => {
  it('draws samples² arrows, pointing along the field in scene space', () => {
    const layer = buildVectorField(
      field(201, 201, () => [1, 0]),
      { samples: 20 },
    );
    expect(layer.arrows).toBe(400);
    expect(layer.object.geometry.getAttribute('position').count).toBe(400 * 9);
    for (let k = 0; k < layer.arrows; k++) {
      expect(layer.directions[2 * k]).toBeCloseTo(1, 6);
      expect(layer.directions[2 * k + 1]).toBeCloseTo(0, 6);
    }
    // +y in data is −Z in the scene.
    const up = buildVectorField(
      field(11, 11, () => [0, 3]),
      { samples: 7 },
    );
    expect(up.arrows).toBe(49);
    for (let k = 0; k < up.arrows; k++) expect(up.directions[2 * k + 1]).toBeCloseTo(-1, 6);
    layer.dispose();
    up.dispose();
  });

  it('accounts for the aspect of the box: a diagonal data field is steeper on a wide box', () => {
    // x ∈ [−2, 2] and y ∈ [−1, 1] both span 2 scene units: (1, 1) in data is (0.5, −1) in scene.
    const layer = buildVectorField(
      field(21, 21, () => [1, 1]),
      { samples: 5 },
    );
    const n = Math.hypot(0.5, 1);
    expect(layer.directions[0]).toBeCloseTo(0.5 / n, 5);
    expect(layer.directions[1]).toBeCloseTo(-1 / n, 5);
    layer.dispose();
  });

  it('follows a rotation, skips zeros, and keeps arrows inside their cells', () => {
    // f = (−y, x): counter-clockwise; zero at the origin only (not a lattice centre here).
    const layer = buildVectorField(
      field(41, 41, (x, y) => [-y, x]),
      { samples: 10 },
    );
    expect(layer.arrows).toBe(100);
    const cell = 2 / 10;
    const pos = layer.object.geometry.getAttribute('position');
    for (let k = 0; k < layer.arrows; k++) {
      // Every vertex of an arrow stays within one cell of its centre.
      const cx = layer.bases[2 * k] + (layer.directions[2 * k] * 0) / 1;
      let minX = Infinity;
      let maxX = -Infinity;
      for (let v = 0; v < 9; v++) {
        minX = Math.min(minX, pos.getX(k * 9 + v));
        maxX = Math.max(maxX, pos.getX(k * 9 + v));
      }
      expect(maxX - minX).toBeLessThanOrEqual(cell + 1e-6);
      expect(Number.isFinite(cx)).toBe(true);
    }
    const zero = buildVectorField(
      field(5, 5, () => [0, 0]),
      { samples: 4 },
    );
    expect(zero.arrows).toBe(0);
    layer.dispose();
    zero.dispose();
  });

  it('colours by magnitude: fast arrows differ from slow ones', () => {
    const layer = buildVectorField(
      field(21, 21, (x) => [x + 2.01, 0]),
      { samples: 6 },
    );
    const col = layer.object.geometry.getAttribute('color');
    const slow = [col.getX(0), col.getY(0), col.getZ(0)];
    const last = (layer.arrows - 1) * 9;
    const fast = [col.getX(last), col.getY(last), col.getZ(last)];
    expect(
      Math.abs(slow[0] - fast[0]) + Math.abs(slow[1] - fast[1]) + Math.abs(slow[2] - fast[2]),
    ).toBeGreaterThan(0.5);
    expect(layer.magnitude.min).toBeLessThan(layer.magnitude.max);
    layer.dispose();
  });
});
