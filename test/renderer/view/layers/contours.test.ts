import { describe, expect, it } from 'vitest';
import { contourSegments } from '../../../../src/renderer/view/layers/contour-segments';
import { buildContours, contourLayer } from '../../../../src/renderer/view/layers/contours';
import { frameOf, sceneY } from '../../../../src/renderer/view/layers/frame';

import { paraboloid, uniform } from './fixtures';

describe('contours', () => {
  it('lifts lines to their level height on the surface, or lays them on the floor', () => {
    const data = paraboloid(uniform(-1, 1, 41), uniform(-1, 1, 41));
    const frame = frameOf(data);
    const lifted = buildContours(data, { levels: [0.5], placement: 'surface', offset: 0.01 });
    const floor = buildContours(data, { levels: [0.5], placement: 'floor', offset: 0 });
    const p = lifted.object.geometry.getAttribute('position');
    const q = floor.object.geometry.getAttribute('position');
    expect(p.count).toBe(2 * lifted.segments);
    for (let v = 0; v < p.count; v++) {
      expect(p.getY(v)).toBeCloseTo(sceneY(0.5, frame) + 0.01, 6);
      expect(q.getY(v)).toBe(0);
      // Scene radius: x → X = x, y → Z = −y on this [−1, 1]² box.
      expect(Math.hypot(p.getX(v), p.getZ(v))).toBeCloseTo(Math.SQRT1_2, 2);
    }
    lifted.dispose();
    floor.dispose();
  });

  it('builds a 201 × 201 field with 12 levels, and again after dispose', () => {
    // Its speed (2–4 ms warm) is not asserted: a test must not depend on the machine's load.
    const data = paraboloid(uniform(-1, 1, 201), uniform(-1, 1, 201));
    let layer = buildContours(data, { levels: 12 });
    const levels = layer.levels.length;
    expect(levels).toBeGreaterThan(5);
    layer.dispose();
    layer = buildContours(data, { levels: 12 });
    expect(layer.levels.length).toBe(levels);
    layer.dispose();
  });

  it("its given bounds hold every vertex and reach the grid's edges and the drawn levels' heights", () => {
    const data = paraboloid(uniform(-2, 1, 31), uniform(0, 3, 41));
    const frame = frameOf(data);
    for (const placement of ['surface', 'floor'] as const) {
      const layer = buildContours(data, { levels: 6, placement });
      const given = layer.object.geometry.boundingBox;
      if (!given) throw new Error('no bounding box');
      const scanned = layer.object.geometry.clone();
      scanned.computeBoundingBox();
      const tight = scanned.boundingBox;
      if (!tight) throw new Error('no computed box');
      // The vertices are float32: within its rounding (relative 6e-8) of the box.
      expect(given.clone().expandByScalar(1e-6).containsBox(tight)).toBe(true);
      expect(given.containsBox(tight.clone().expandByScalar(-1e-3))).toBe(true);
      expect([given.min.x, given.max.x, given.min.z, given.max.z]).toEqual([-1, 1, -1, 1]);
      const ys = layer.levels.map((v) => (placement === 'surface' ? sceneY(v, frame) + 0.006 : 0.002));
      expect(given.min.y).toBeCloseTo(Math.min(...ys), 12);
      expect(given.max.y).toBeCloseTo(Math.max(...ys), 12);
      const sphere = layer.object.geometry.boundingSphere;
      for (const corner of [given.min, given.max]) expect(sphere?.containsPoint(corner)).toBe(true);
      layer.dispose();
    }
  });

  it('draws segments found elsewhere (the geometry worker) as buildContours draws its own', () => {
    const data = paraboloid(uniform(-1, 1, 31), uniform(-1, 1, 41));
    const options = { levels: 7, placement: 'surface', color: '#f5f5f5', opacity: 0.55 } as const;
    const here = buildContours(data, options);
    const there = contourLayer(data, contourSegments(data, 7), options);
    expect(there.segments).toBe(here.segments);
    expect(there.segments).toBeGreaterThan(0);
    expect(there.levels).toEqual(here.levels);
    for (const name of ['position', 'color'])
      expect(there.object.geometry.getAttribute(name).array).toEqual(
        here.object.geometry.getAttribute(name).array,
      );
    here.dispose();
    there.dispose();
  });
});
