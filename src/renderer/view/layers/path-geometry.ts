/**
 * Geometries along a polyline for the path layers: a tube (the mean path, thicker than the
 * 1-pixel lines WebGL draws) and a flat ribbon (its shadow on the floor).
 */
import * as THREE from 'three';

/**
 * A tube of `sides` around a polyline (3 floats per point), with parallel-transported frames
 * so that it does not twist; indexed, with smooth normals.
 */
export function tubeGeometry(points: Float32Array, radius: number, sides: number): THREE.BufferGeometry {
  const n = points.length / 3;
  const positions = new Float32Array(n * sides * 3);
  const normals = new Float32Array(n * sides * 3);
  const index = new Uint32Array((n - 1) * sides * 6);
  const t = new THREE.Vector3();
  const nrm = new THREE.Vector3();
  const bin = new THREE.Vector3();
  const tmp = new THREE.Vector3();
  const tangent = (k: number) => {
    const a = Math.max(0, k - 1);
    const b = Math.min(n - 1, k + 1);
    t.set(
      points[3 * b] - points[3 * a],
      points[3 * b + 1] - points[3 * a + 1],
      points[3 * b + 2] - points[3 * a + 2],
    );
    if (t.lengthSq() === 0) t.set(1, 0, 0);
    t.normalize();
  };
  tangent(0);
  // First normal: any direction perpendicular to the first tangent.
  tmp.set(0, 1, 0);
  if (Math.abs(t.dot(tmp)) > 0.9) tmp.set(1, 0, 0);
  nrm.crossVectors(t, tmp).normalize();
  for (let k = 0; k < n; k++) {
    tangent(k);
    // Transport: remove the tangential part of the previous normal.
    nrm.addScaledVector(t, -nrm.dot(t));
    if (nrm.lengthSq() < 1e-12) {
      tmp.set(0, 1, 0);
      if (Math.abs(t.dot(tmp)) > 0.9) tmp.set(1, 0, 0);
      nrm.crossVectors(t, tmp);
    }
    nrm.normalize();
    bin.crossVectors(t, nrm);
    for (let s = 0; s < sides; s++) {
      const a = (2 * Math.PI * s) / sides;
      const c = Math.cos(a);
      const sn = Math.sin(a);
      const o = 3 * (k * sides + s);
      const nx = c * nrm.x + sn * bin.x;
      const ny = c * nrm.y + sn * bin.y;
      const nz = c * nrm.z + sn * bin.z;
      normals[o] = nx;
      normals[o + 1] = ny;
      normals[o + 2] = nz;
      positions[o] = points[3 * k] + radius * nx;
      positions[o + 1] = points[3 * k + 1] + radius * ny;
      positions[o + 2] = points[3 * k + 2] + radius * nz;
    }
  }
  let q = 0;
  for (let k = 0; k < n - 1; k++) {
    for (let s = 0; s < sides; s++) {
      const a = k * sides + s;
      const b = k * sides + ((s + 1) % sides);
      index[q++] = a;
      index[q++] = a + sides;
      index[q++] = b;
      index[q++] = b;
      index[q++] = a + sides;
      index[q++] = b + sides;
    }
  }
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.BufferAttribute(positions, 3));
  g.setAttribute('normal', new THREE.BufferAttribute(normals, 3));
  g.setIndex(new THREE.BufferAttribute(index, 1));
  return g;
}

/** A flat ribbon of half-width `w` on the floor along a polyline (its y is kept). */
export function ribbonGeometry(points: Float32Array, w: number): THREE.BufferGeometry {
  const n = points.length / 3;
  const positions = new Float32Array(n * 2 * 3);
  const index = new Uint32Array((n - 1) * 6);
  for (let k = 0; k < n; k++) {
    const a = Math.max(0, k - 1);
    const b = Math.min(n - 1, k + 1);
    let dx = points[3 * b] - points[3 * a];
    let dz = points[3 * b + 2] - points[3 * a + 2];
    const l = Math.hypot(dx, dz) || 1;
    dx /= l;
    dz /= l;
    const o = 6 * k;
    positions[o] = points[3 * k] - dz * w;
    positions[o + 1] = points[3 * k + 1];
    positions[o + 2] = points[3 * k + 2] + dx * w;
    positions[o + 3] = points[3 * k] + dz * w;
    positions[o + 4] = points[3 * k + 1];
    positions[o + 5] = points[3 * k + 2] - dx * w;
  }
  for (let k = 0; k < n - 1; k++) {
    const a = 2 * k;
    const o = 6 * k;
    index[o] = a;
    index[o + 1] = a + 2;
    index[o + 2] = a + 1;
    index[o + 3] = a + 1;
    index[o + 4] = a + 2;
    index[o + 5] = a + 3;
  }
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.BufferAttribute(positions, 3));
  g.setIndex(new THREE.BufferAttribute(index, 1));
  return g;
}
