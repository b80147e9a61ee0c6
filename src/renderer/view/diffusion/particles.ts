/**
 * Particles (or data points) as screen-sized dots lying on a height field: one THREE.Points
 * whose position buffer is filled from the worker's arrays (a few thousand bilinear
 * look-ups per frame, well under a millisecond).
 */
import * as THREE from 'three';
import { frameOf, sceneX, sceneY, sceneZ, type Layer } from '../layers/frame';
import { HeightField } from '../layers/trajectories';
import { insideBox, type SurfaceData } from '../surface-data';

export interface PointsLayer extends Layer {
  object: THREE.Points;
  /** Points drawn (those inside the surface's box). */
  drawn: number;
}

/**
 * Points at (x[p], y[p]) on `surface`, lifted slightly; a 1-D run passes its time as y
 * (the surface is V over (x, t)). Points outside the box are left out.
 */
export function buildPoints(
  x: ArrayLike<number>,
  y: ArrayLike<number> | number,
  surface: SurfaceData,
  opts: { color: string; size: number; opacity?: number; lift?: number },
): PointsLayer {
  const frame = frameOf(surface);
  const field = new HeightField(surface);
  const lift = opts.lift ?? 0.015;
  const n = x.length;
  const pos = new Float32Array(3 * n);
  let m = 0;
  for (let p = 0; p < n; p++) {
    const px = x[p];
    const py = typeof y === 'number' ? y : y[p];
    if (!insideBox(px, py, surface)) continue;
    pos[3 * m] = sceneX(px, frame);
    pos[3 * m + 1] = sceneY(field.at(px, py), frame) + lift;
    pos[3 * m + 2] = sceneZ(py, frame);
    m++;
  }
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(pos.subarray(0, 3 * m), 3));
  const material = new THREE.PointsMaterial({
    color: opts.color,
    size: opts.size,
    sizeAttenuation: false,
    transparent: true,
    opacity: opts.opacity ?? 0.85,
    depthWrite: false,
  });
  const object = new THREE.Points(geometry, material);
  object.renderOrder = 2;
  return {
    object,
    drawn: m,
    dispose: () => {
      geometry.dispose();
      material.dispose();
    },
  };
}
