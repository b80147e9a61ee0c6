/**
 * Sample paths of a 1-D problem on the floor of the convergence view: x(t) over the (x, t)
 * plane, x along the surface's x axis and t from 0 (front) to the paths' horizon (back).
 * The convergence surface's depth axis is the iteration, not time, so the paths lie flat
 * below it rather than on it.
 */
import type { SurfaceData } from '../surface-data';
import type { SceneFrame } from './frame';
import { buildTrajectories, type TrajectoryLayer, type TrajectorySet } from './trajectories';

/** Scene units above the floor: clear of the floor contours, well below the surface. */
const FLOOR_LIFT = 0.004;

export function buildFloorPaths(
  set: TrajectorySet,
  surface: SurfaceData,
  period: number | null,
  maxPaths = 40,
): TrajectoryLayer {
  const t0 = set.times[0] ?? 0;
  const t1 = set.times[set.times.length - 1] ?? 1;
  const x: [number, number] = [surface.xs[0], surface.xs[surface.xs.length - 1]];
  // A flat height field at the bottom of a unit value range: every point sits on the floor.
  const floor: SurfaceData = {
    xs: Float64Array.of(x[0], x[1]),
    ys: Float64Array.of(t0, t1 > t0 ? t1 : t0 + 1),
    z: new Float64Array(4),
    labels: { x: surface.labels.x, y: 't', z: '' },
  };
  const frame: SceneFrame = { x, y: [floor.ys[0], floor.ys[1]], z: [0, 1] };
  return buildTrajectories(set, floor, {
    axes: [0, 'time'],
    periods: [period, null],
    periodStart: [surface.xs[0], t0],
    frame,
    shadows: false,
    lift: FLOOR_LIFT,
    maxPaths,
  });
}
