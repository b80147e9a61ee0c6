import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { frameOf, sceneToData, sceneY } from '../../../../src/renderer/view/layers/frame';
import {
  buildTrajectories,
  HeightField,
  type TrajectorySet,
} from '../../../../src/renderer/view/layers/trajectories';
import type { SurfaceData } from '../../../../src/renderer/view/surface-data';

const uniform = (lo: number, hi: number, n: number) =>
  Float64Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));

/** A bilinear function is reproduced exactly by bilinear interpolation, on any axes. */
const bil = (x: number, y: number) => 1 + 2 * x - 0.5 * y + 0.75 * x * y;

function surface(xs: Float64Array, ys: Float64Array, f = bil): SurfaceData {
  const z = new Float64Array(xs.length * ys.length);
  for (let i = 0; i < xs.length; i++)
    for (let j = 0; j < ys.length; j++) z[i * ys.length + j] = f(xs[i], ys[j]);
  return { xs, ys, z, labels: { x: 'x', y: 'y', z: 'V' } };
}

function spiral(paths: number, steps: number): TrajectorySet {
  const d = 2;
  const states = new Float64Array(paths * steps * d);
  const times = Float64Array.from({ length: steps }, (_, s) => s * 0.05);
  for (let p = 0; p < paths; p++)
    for (let s = 0; s < steps; s++) {
      const r = 0.8 * Math.exp(-times[s]) + 0.01 * p;
      states[(p * steps + s) * d] = r * Math.cos(3 * times[s]);
      states[(p * steps + s) * d + 1] = r * Math.sin(3 * times[s]);
    }
  return { d, paths, steps, times, states };
}

describe('trajectories', () => {
  it('lifts every path point to the interpolated height of the displayed field', () => {
    // Non-uniform axes: the lift must locate points on the actual axes.
    const xs = Float64Array.from({ length: 31 }, (_, i) => Math.sinh((3 * (i - 15)) / 15) / Math.sinh(3));
    const data = surface(xs, uniform(-1, 1, 21));
    const frame = frameOf(data);
    const set = spiral(5, 60);
    const layer = buildTrajectories(set, data, { lift: 0 });
    const pos = layer.pathPositions;
    expect(pos.length).toBe(5 * 59 * 6);
    for (let v = 0; v < pos.length / 3; v++) {
      const [x, y] = sceneToData(new THREE.Vector3(pos[3 * v], 0, pos[3 * v + 2]), frame);
      expect(pos[3 * v + 1]).toBeCloseTo(sceneY(bil(x, y), frame), 5);
    }
    layer.dispose();
  });

  it('HeightField interpolates between nodes and wraps a periodic axis', () => {
    const data = surface(uniform(0, 1, 11), uniform(0, 2, 21));
    const hf = new HeightField(data);
    expect(hf.at(0.33, 1.27)).toBeCloseTo(bil(0.33, 1.27), 12);
    // Periodic x on [0, 1) with 4 nodes: 0, .25, .5, .75; the last cell joins .75 to 0 (= 1).
    const xs = Float64Array.from([0, 0.25, 0.5, 0.75]);
    const ys = uniform(0, 1, 3);
    const z = new Float64Array(12);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 3; j++) z[i * 3 + j] = i === 3 ? 10 : 0;
    const per = new HeightField({ xs, ys, z, labels: { x: 'θ', y: 'y', z: 'V' } }, [1, null], [0, 0]);
    expect(per.at(0.875, 0.5)).toBeCloseTo(5, 12); // halfway from node 3 (10) back to node 0 (0)
    expect(per.at(1.875, 0.5)).toBeCloseTo(5, 12); // one period later
    expect(per.at(-0.125, 0.5)).toBeCloseTo(5, 12);
    expect(per.at(0.75, 0.5)).toBeCloseTo(10, 12);
  });

  it('breaks a path where it wraps around a periodic state', () => {
    const data = surface(
      Float64Array.from({ length: 40 }, (_, i) => -Math.PI + (2 * Math.PI * i) / 40),
      uniform(-2, 2, 21),
      (x, y) => Math.cos(x) + y * y,
    );
    // θ increases steadily through π (wrapping to −π); ω constant.
    const steps = 50;
    const states = new Float64Array(steps * 2);
    for (let s = 0; s < steps; s++) {
      states[2 * s] = 2.5 + 0.05 * s; // crosses π at s ≈ 12.8 (unwrapped, as a simulator may report)
      states[2 * s + 1] = 1;
    }
    const set: TrajectorySet = { d: 2, paths: 1, steps, times: uniform(0, 1, steps), states };
    const layer = buildTrajectories(set, data, { periods: [2 * Math.PI, null], periodStart: [-Math.PI, -2] });
    // One segment (the one across the wrap) is dropped; no segment spans the box.
    expect(layer.pathPositions.length / 6).toBe(steps - 2);
    for (let q = 0; q < layer.pathPositions.length / 6; q++) {
      expect(Math.abs(layer.pathPositions[6 * q + 3] - layer.pathPositions[6 * q])).toBeLessThan(0.1);
    }
    // The mean tube is split into two pieces at the wrap.
    const tubes = layer.object.children.filter((o) => o.name === 'mean-path');
    expect(tubes.length).toBe(2);
    layer.dispose();
  });

  it('mean path is the average over all paths; at most maxPaths are drawn', () => {
    const data = surface(uniform(-1, 1, 21), uniform(-1, 1, 21));
    const set = spiral(300, 20);
    const layer = buildTrajectories(set, data, { maxPaths: 50 });
    expect(layer.drawn).toBe(50);
    expect(layer.pathPositions.length).toBe(50 * 19 * 6);
    for (const s of [0, 7, 19]) {
      let mx = 0;
      for (let p = 0; p < 300; p++) mx += set.states[(p * 20 + s) * 2];
      expect(layer.mean[2 * s]).toBeCloseTo(mx / 300, 12);
    }
    const names = layer.object.children.map((o) => o.name);
    expect(names).toEqual(
      expect.arrayContaining(['paths', 'path-shadows', 'mean-path', 'mean-shadow', 'start']),
    );
    const start = layer.object.children.find((o) => o.name === 'start');
    expect(start?.position.y).toBeGreaterThan(0);
    layer.dispose();
  });

  it('can put time along a surface axis (V(x, t) for a 1-D state)', () => {
    const xs = uniform(-1, 1, 21);
    const ts = uniform(0, 1, 11);
    const data = surface(xs, ts);
    const steps = 11;
    const states = Float64Array.from({ length: steps }, (_, s) => 0.5 - 0.05 * s);
    const set: TrajectorySet = { d: 1, paths: 1, steps, times: ts, states };
    const layer = buildTrajectories(set, data, { axes: [0, 'time'], lift: 0 });
    const frame = frameOf(data);
    for (let v = 0; v < layer.pathPositions.length / 3; v++) {
      const [x, t] = sceneToData(
        new THREE.Vector3(layer.pathPositions[3 * v], 0, layer.pathPositions[3 * v + 2]),
        frame,
      );
      expect(layer.pathPositions[3 * v + 1]).toBeCloseTo(sceneY(bil(x, t), frame), 5);
    }
    expect(layer.mean[1]).toBe(0);
    expect(layer.mean[2 * 10 + 1]).toBe(1);
    layer.dispose();
  });
});
