import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import {
  axisAt,
  locate,
  locatePeriodic,
  sceneToData,
  sceneX,
  sceneZ,
  wrap,
} from '../../../../src/renderer/view/layers/frame';
import { sliceField } from '../../../../src/renderer/view/layers/slice';
import { toScene } from '../../../../src/renderer/view/surface-data';

describe('scene mapping', () => {
  it('sceneToData inverts toScene (x → X, y → Z = −toScene(y))', () => {
    const bounds = { x: [-3, 5] as [number, number], y: [0.5, 2] as [number, number] };
    for (const [x, y] of [
      [-3, 0.5],
      [5, 2],
      [1.234, 1.9],
      [-2.5, 0.75],
    ]) {
      const p = new THREE.Vector3(toScene(x, -3, 5), 0.7, -toScene(y, 0.5, 2));
      const [u, v] = sceneToData(p, bounds);
      expect(u).toBeCloseTo(x, 12);
      expect(v).toBeCloseTo(y, 12);
      const frame = { ...bounds, z: [0, 1] as [number, number] };
      expect(sceneX(x, frame)).toBeCloseTo(p.x, 12);
      expect(sceneZ(y, frame)).toBeCloseTo(p.z, 12);
    }
  });

  it('locate and axisAt are inverse on non-uniform axes', () => {
    const axis = Float64Array.from([0, 0.1, 0.5, 2, 10]);
    for (const v of [0, 0.05, 0.1, 0.3, 1.7, 9.99, 10])
      expect(axisAt(axis, locate(axis, v))).toBeCloseTo(v, 12);
    expect(locate(axis, -1)).toBe(0);
    expect(locate(axis, 11)).toBe(4);
    expect(locate(axis, 1.25)).toBeCloseTo(2.5, 12);
  });

  it('wraps periodic coordinates into [lo, lo + P)', () => {
    expect(wrap(3.5, 0, 1)).toBeCloseTo(0.5, 12);
    expect(wrap(-0.25, 0, 1)).toBeCloseTo(0.75, 12);
    expect(wrap(-Math.PI, -Math.PI, 2 * Math.PI)).toBe(-Math.PI);
    expect(wrap(Math.PI, -Math.PI, 2 * Math.PI)).toBeCloseTo(-Math.PI, 12);
    const axis = Float64Array.from([0, 0.25, 0.5, 0.75]);
    expect(locatePeriodic(axis, 0, 1, 0.875)).toBeCloseTo(3.5, 12);
    expect(locatePeriodic(axis, 0, 1, -0.5)).toBeCloseTo(2, 12);
  });
});

describe('slice', () => {
  it('extracts two chosen states of a 3-D field at a node of the third, in either order', () => {
    const shape = [4, 5, 6];
    const axes = shape.map((n) => Float64Array.from({ length: n }, (_, i) => i));
    const values = new Float64Array(4 * 5 * 6);
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 5; j++)
        for (let k = 0; k < 6; k++) values[(i * 5 + j) * 6 + k] = 100 * i + 10 * j + k;
    const labels = { x: 'a', y: 'b', z: 'V' };
    const s02 = sliceField({ shape, axes, values }, [0, 2], [0, 3, 0], labels);
    expect(s02.xs.length).toBe(4);
    expect(s02.ys.length).toBe(6);
    for (let i = 0; i < 4; i++) for (let k = 0; k < 6; k++) expect(s02.z[i * 6 + k]).toBe(100 * i + 30 + k);
    const s20 = sliceField({ shape, axes, values }, [2, 0], [0, 3, 0], labels);
    for (let k = 0; k < 6; k++) for (let i = 0; i < 4; i++) expect(s20.z[k * 4 + i]).toBe(100 * i + 30 + k);
    const s12 = sliceField({ shape, axes, values }, [1, 2], [9, 0, 0], labels);
    expect(s12.z[0]).toBe(300); // index clamped to the last node
    expect(() => sliceField({ shape, axes, values }, [1, 1], [0, 0, 0], labels)).toThrow();
  });
});
