/**
 * Sample paths of the closed-loop system and their mean, lifted onto the displayed surface
 * (height = bilinear interpolation of the height field at each path point), with dark
 * translucent shadows on the floor and a marker at the start. Paths are drawn as one
 * LineSegments (one draw call for all of them); the mean as a tube so that it reads thicker
 * than the 1-pixel lines WebGL allows. A path on a periodic state is broken where it wraps.
 */
import * as THREE from 'three';
import type { SurfaceData } from '../surface-data';
import { ribbonGeometry, tubeGeometry } from './path-geometry';
import {
  bilinear,
  frameOf,
  locate,
  locatePeriodic,
  sceneX,
  sceneY,
  sceneZ,
  wrap,
  type Layer,
  type SceneFrame,
} from './frame';

/** Simulated paths (the lead adapts the simulator's result to this). */
export interface TrajectorySet {
  /** State dimension. */
  d: number;
  paths: number;
  steps: number;
  times: Float64Array;
  /** paths × steps × d, row-major. */
  states: Float64Array;
  /** paths × steps cumulative discounted reward. */
  reward?: Float64Array;
}

/** Which path coordinate runs along a surface axis: a state index, or time. */
export type PathAxis = number | 'time';

export interface TrajectoryOptions {
  /** Surface axes (x, y) ← path coordinates (default: states 0 and 1). */
  axes?: readonly [PathAxis, PathAxis];
  /** Period of the surface's x and y axes when that state is periodic (null otherwise). */
  periods?: readonly [number | null, number | null];
  /** Lower bound of a periodic axis (where the wrap starts); default the axis' first node. */
  periodStart?: readonly [number, number];
  /** At most this many sample paths are drawn (evenly chosen); the mean uses all. */
  maxPaths?: number;
  /** Scene units above the surface, so that lines are not buried in its faces. */
  lift?: number;
  pathColor?: string;
  meanColor?: string;
  shadows?: boolean;
  mean?: boolean;
  frame?: SceneFrame;
}

export interface TrajectoryLayer extends Layer {
  object: THREE.Group;
  /** Sample paths drawn. */
  drawn: number;
  /** Scene positions of the sample path vertices (3 per point, pairs form segments). */
  pathPositions: Float32Array;
  /** The mean path in data coordinates along the surface axes: 2 per step. */
  mean: Float64Array;
}

/**
 * Lifts points onto a height field: x, y in data coordinates → the interpolated value,
 * periodic axes wrapped (the last cell joins the last node to the first).
 */
export class HeightField {
  private readonly nx: number;
  private readonly ny: number;
  constructor(
    private readonly data: SurfaceData,
    private readonly periods: readonly [number | null, number | null] = [null, null],
    private readonly starts: readonly [number, number] = [data.xs[0], data.ys[0]],
  ) {
    this.nx = data.xs.length;
    this.ny = data.ys.length;
  }
  at(x: number, y: number): number {
    const [px, py] = this.periods;
    const fi = px ? locatePeriodic(this.data.xs, this.starts[0], px, x) : locate(this.data.xs, x);
    const fj = py ? locatePeriodic(this.data.ys, this.starts[1], py, y) : locate(this.data.ys, y);
    return bilinear(this.data.z, this.nx, this.ny, fi, fj, [px !== null, py !== null]);
  }
}

export function buildTrajectories(
  set: TrajectorySet,
  surface: SurfaceData,
  options: TrajectoryOptions = {},
): TrajectoryLayer {
  const frame = options.frame ?? frameOf(surface);
  const axes = options.axes ?? [0, 1];
  const periods = options.periods ?? [null, null];
  const starts = options.periodStart ?? [surface.xs[0], surface.ys[0]];
  const lift = options.lift ?? 0.012;
  const field = new HeightField(surface, periods, starts);
  const { d, paths, steps, states, times } = set;
  const coord = (p: number, s: number, axis: PathAxis): number =>
    axis === 'time' ? times[s] : states[(p * steps + s) * d + axis];
  const wrapped = (v: number, a: 0 | 1): number => {
    const P = periods[a];
    return P ? wrap(v, starts[a], P) : v;
  };
  // Clamp into the box: the surface ends at the last node, a periodic axis' last cell is not drawn.
  const clampX = (X: number) => Math.min(1, Math.max(-1, X));

  const maxPaths = Math.max(1, options.maxPaths ?? 100);
  const shown = Math.min(paths, maxPaths);
  const pick = (k: number) => (shown === paths ? k : Math.floor((k * paths) / shown));

  const breaks = (xa: number, ya: number, xb: number, yb: number): boolean =>
    (periods[0] !== null && Math.abs(xb - xa) > periods[0] / 2) ||
    (periods[1] !== null && Math.abs(yb - ya) > periods[1] / 2) ||
    !Number.isFinite(xa + ya + xb + yb);
  const heightAt = (x: number, y: number) => sceneY(field.at(x, y), frame) + lift;
  // Each path point is mapped once (wrap, scene position, lifted height), then consecutive points
  // become segments unless the path wraps between them. Buffers hold the worst case and are
  // trimmed once at the end.
  const px = new Float64Array(steps);
  const py = new Float64Array(steps);
  const X = new Float32Array(steps);
  const Z = new Float32Array(steps);
  const H = new Float32Array(steps);
  const maxSeg = shown * Math.max(0, steps - 1);
  let pathPositions = new Float32Array(maxSeg * 6);
  let shadowPositions = new Float32Array(maxSeg * 6);
  let nseg = 0;
  for (let k = 0; k < shown; k++) {
    const p = pick(k);
    for (let s = 0; s < steps; s++) {
      const x = wrapped(coord(p, s, axes[0]), 0);
      const y = wrapped(coord(p, s, axes[1]), 1);
      px[s] = x;
      py[s] = y;
      X[s] = clampX(sceneX(x, frame));
      Z[s] = clampX(sceneZ(y, frame));
      H[s] = heightAt(x, y);
    }
    for (let s = 1; s < steps; s++) {
      if (breaks(px[s - 1], py[s - 1], px[s], py[s])) continue;
      const o = 6 * nseg++;
      pathPositions[o] = shadowPositions[o] = X[s - 1];
      pathPositions[o + 1] = H[s - 1];
      pathPositions[o + 2] = shadowPositions[o + 2] = Z[s - 1];
      pathPositions[o + 3] = shadowPositions[o + 3] = X[s];
      pathPositions[o + 4] = H[s];
      pathPositions[o + 5] = shadowPositions[o + 5] = Z[s];
      shadowPositions[o + 1] = shadowPositions[o + 4] = 0.001;
    }
  }
  if (nseg < maxSeg) {
    pathPositions = pathPositions.slice(0, nseg * 6);
    shadowPositions = shadowPositions.slice(0, nseg * 6);
  }

  const group = new THREE.Group();
  group.name = 'trajectories';
  const disposables: Array<{ dispose: () => void }> = [];
  const add = <T extends THREE.Object3D>(o: T, ...res: Array<{ dispose: () => void }>): T => {
    group.add(o);
    disposables.push(...res);
    return o;
  };

  const pathGeometry = new THREE.BufferGeometry();
  pathGeometry.setAttribute('position', new THREE.BufferAttribute(pathPositions, 3));
  // Many overlapping paths: translucency shows where they concentrate.
  const pathOpacity = Math.min(0.85, Math.max(0.2, 3 / Math.sqrt(shown)));
  const pathMaterial = new THREE.LineBasicMaterial({
    color: options.pathColor ?? '#ffffff',
    transparent: true,
    opacity: pathOpacity,
    depthWrite: false,
  });
  const lines = add(new THREE.LineSegments(pathGeometry, pathMaterial), pathGeometry, pathMaterial);
  lines.name = 'paths';
  lines.renderOrder = 2;

  if (options.shadows ?? true) {
    const shadowGeometry = new THREE.BufferGeometry();
    shadowGeometry.setAttribute('position', new THREE.BufferAttribute(shadowPositions, 3));
    const shadowMaterial = new THREE.LineBasicMaterial({
      color: '#000000',
      transparent: true,
      opacity: 0.45,
      depthWrite: false,
    });
    const shadow = add(
      new THREE.LineSegments(shadowGeometry, shadowMaterial),
      shadowGeometry,
      shadowMaterial,
    );
    shadow.name = 'path-shadows';
    shadow.renderOrder = 1;
  }

  // Mean over all paths; on a periodic axis the circular mean, so that paths on both sides of
  // the wrap average to the right angle instead of the middle of the box.
  const mean = new Float64Array(steps * 2);
  for (let s = 0; s < steps; s++) {
    for (let a = 0; a < 2; a++) {
      const P = periods[a];
      if (P) {
        let c = 0;
        let sn = 0;
        for (let p = 0; p < paths; p++) {
          const th = ((coord(p, s, axes[a]) - starts[a]) * 2 * Math.PI) / P;
          c += Math.cos(th);
          sn += Math.sin(th);
        }
        mean[2 * s + a] = wrap(starts[a] + (Math.atan2(sn, c) * P) / (2 * Math.PI), starts[a], P);
      } else {
        let m = 0;
        for (let p = 0; p < paths; p++) m += coord(p, s, axes[a]);
        mean[2 * s + a] = m / paths;
      }
    }
  }

  if ((options.mean ?? true) && steps > 1) {
    const meanColor = new THREE.Color(options.meanColor ?? '#ff6b5a');
    const meanMaterial = new THREE.MeshStandardMaterial({
      color: meanColor,
      emissive: meanColor,
      emissiveIntensity: 0.45,
      roughness: 0.4,
    });
    const shadowMaterial = new THREE.MeshBasicMaterial({
      color: '#000000',
      transparent: true,
      opacity: 0.5,
      depthWrite: false,
      side: THREE.DoubleSide,
    });
    disposables.push(meanMaterial, shadowMaterial);
    // Split at wraps, then one tube per piece.
    let start = 0;
    const flush = (end: number) => {
      if (end - start < 2) return;
      const count = end - start;
      const pts = new Float32Array(count * 3);
      const flat = new Float32Array(count * 3);
      for (let s = start; s < end; s++) {
        const x = mean[2 * s];
        const y = mean[2 * s + 1];
        const o = 3 * (s - start);
        pts[o] = flat[o] = clampX(sceneX(x, frame));
        pts[o + 1] = heightAt(x, y) + 0.004;
        flat[o + 1] = 0.002;
        pts[o + 2] = flat[o + 2] = clampX(sceneZ(y, frame));
      }
      const tube = tubeGeometry(pts, 0.013, 8);
      const m = add(new THREE.Mesh(tube, meanMaterial), tube);
      m.name = 'mean-path';
      m.renderOrder = 3;
      if (options.shadows ?? true) {
        const ribbon = ribbonGeometry(flat, 0.011);
        const sm = add(new THREE.Mesh(ribbon, shadowMaterial), ribbon);
        sm.name = 'mean-shadow';
        sm.renderOrder = 1;
      }
    };
    for (let s = 1; s < steps; s++) {
      if (breaks(mean[2 * s - 2], mean[2 * s - 1], mean[2 * s], mean[2 * s + 1])) {
        flush(s);
        start = s;
      }
    }
    flush(steps);
  }

  // Start marker: a bead at the (mean) start state and a thin drop line to the floor.
  if (steps > 0) {
    const x = mean[0];
    const y = mean[1];
    const X = clampX(sceneX(x, frame));
    const Z = clampX(sceneZ(y, frame));
    const H = heightAt(x, y);
    const beadGeometry = new THREE.SphereGeometry(0.025, 20, 14);
    const beadMaterial = new THREE.MeshStandardMaterial({
      color: '#ffe08a',
      emissive: '#ffcf4a',
      emissiveIntensity: 0.5,
    });
    const bead = add(new THREE.Mesh(beadGeometry, beadMaterial), beadGeometry, beadMaterial);
    bead.position.set(X, H, Z);
    bead.name = 'start';
    const dropGeometry = new THREE.BufferGeometry();
    dropGeometry.setAttribute('position', new THREE.BufferAttribute(new Float32Array([X, 0, Z, X, H, Z]), 3));
    const dropMaterial = new THREE.LineBasicMaterial({ color: '#ffe08a', transparent: true, opacity: 0.6 });
    add(new THREE.LineSegments(dropGeometry, dropMaterial), dropGeometry, dropMaterial).name = 'start-drop';
  }

  return {
    object: group,
    drawn: shown,
    pathPositions,
    mean,
    dispose: () => {
      for (const r of disposables) r.dispose();
    },
  };
}
