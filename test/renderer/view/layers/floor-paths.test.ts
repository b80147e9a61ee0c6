import { describe, expect, it } from 'vitest';
import { buildFloorPaths } from '../../../../src/renderer/view/layers/floor-paths';
import type { TrajectorySet } from '../../../../src/renderer/view/layers/trajectories';
import type { SurfaceData } from '../../../../src/renderer/view/surface-data';

/** The convergence surface: x ∈ [−2, 2] by iteration 0…9, heights far above the floor. */
const surface: SurfaceData = {
  xs: Float64Array.from({ length: 41 }, (_, i) => -2 + i * 0.1),
  ys: Float64Array.from({ length: 10 }, (_, k) => k),
  z: Float64Array.from({ length: 410 }, (_, k) => 5 + k),
  labels: { x: 'x', y: 'iteration', z: 'V' },
};

/** Two paths x(t) = x0·e^(−t) on t ∈ [0, 2]. */
function decay(): TrajectorySet {
  const steps = 21;
  const times = Float64Array.from({ length: steps }, (_, s) => s * 0.1);
  const states = new Float64Array(2 * steps);
  [1.5, -1].forEach((x0, p) => times.forEach((t, s) => (states[p * steps + s] = x0 * Math.exp(-t))));
  return { d: 1, paths: 2, steps, times, states };
}

describe('1-D paths on the floor of the convergence view', () => {
  it('x(t) lies flat on the (x, t) floor: X follows x, depth follows t from front to back', () => {
    const layer = buildFloorPaths(decay(), surface, null);
    const pos = layer.pathPositions;
    expect(pos.length).toBe(2 * 20 * 6);
    for (let p = 0; p < 2; p++) {
      const x0 = p === 0 ? 1.5 : -1;
      for (let s = 0; s < 20; s++) {
        const o = (p * 20 + s) * 6;
        const t = s * 0.1;
        // Scene X of x on [−2, 2] is x / 2; depth Z runs from 1 at t = 0 to −1 at t = 2.
        expect(pos[o]).toBeCloseTo((x0 * Math.exp(-t)) / 2, 6);
        expect(pos[o + 2]).toBeCloseTo(1 - t, 6);
        expect(pos[o + 1]).toBeGreaterThan(0);
        expect(pos[o + 1]).toBeLessThan(0.01);
      }
    }
    layer.dispose();
  });
});
