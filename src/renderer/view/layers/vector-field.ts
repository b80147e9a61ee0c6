/**
 * Arrows on the floor for a 2-D vector field given on the grid (e.g. the closed-loop drift
 * f(x, a*(x)) computed by the worker). The field is sampled at the centres of a regular
 * lattice of about 20 × 20 cells over the box (bilinear interpolation, so any grid size and
 * non-uniform axes work), drawn as flat arrows: a shaft quad and a head triangle, one mesh.
 */
import * as THREE from 'three';
import { colormapTable, type ColormapName } from '../colormap';
import { bilinear, locate, type Layer, type SceneFrame } from './frame';

export interface VectorField2D {
  xs: Float64Array;
  ys: Float64Array;
  /** Row-major components (x slowest), fx[i·ys.length + j] at (xs[i], ys[j]). */
  fx: Float64Array;
  fy: Float64Array;
}

export interface VectorFieldOptions {
  /** Arrows per axis (default 20). */
  samples?: number;
  colormap?: ColormapName;
  /** Scene height of the arrows (default just above the floor). */
  height?: number;
  /** Data box of the scene (default: the axes' end nodes, as the surface uses). */
  frame?: Pick<SceneFrame, 'x' | 'y'>;
}

export interface VectorFieldLayer extends Layer {
  object: THREE.Mesh;
  /** Arrows drawn (points where the field is zero or not finite get none). */
  arrows: number;
  /** Magnitude range used for colours, in data units. */
  magnitude: { min: number; max: number };
  /** Scene-space direction (dX, dZ, unit length) and base point of each drawn arrow. */
  directions: Float32Array;
  bases: Float32Array;
}

/** Vertices per arrow: shaft (two triangles) and head (one triangle). */
const VERTS = 9;

export function buildVectorField(field: VectorField2D, options: VectorFieldOptions = {}): VectorFieldLayer {
  const nx = field.xs.length;
  const ny = field.ys.length;
  const frame = options.frame ?? {
    x: [field.xs[0], field.xs[nx - 1]] as [number, number],
    y: [field.ys[0], field.ys[ny - 1]] as [number, number],
  };
  const S = Math.max(2, Math.round(options.samples ?? 20));
  const Y = options.height ?? 0.003;
  const cell = 2 / S;
  const [x0, x1] = frame.x;
  const [y0, y1] = frame.y;
  // Scene units per data unit along each axis (Z points against y).
  const kx = 2 / (x1 - x0);
  const kz = -2 / (y1 - y0);

  // Sample: scene direction (per unit time) and data magnitude at each lattice centre.
  const N = S * S;
  const bx = new Float32Array(N);
  const bz = new Float32Array(N);
  const vx = new Float32Array(N);
  const vz = new Float32Array(N);
  const mag = new Float64Array(N);
  const speeds: number[] = [];
  let n = 0;
  for (let a = 0; a < S; a++) {
    const X = -1 + (a + 0.5) * cell;
    const fi = locate(field.xs, x0 + ((X + 1) / 2) * (x1 - x0));
    for (let b = 0; b < S; b++) {
      const Z = 1 - (b + 0.5) * cell;
      const fj = locate(field.ys, y0 + ((1 - Z) / 2) * (y1 - y0));
      const u = bilinear(field.fx, nx, ny, fi, fj);
      const v = bilinear(field.fy, nx, ny, fi, fj);
      const dX = u * kx;
      const dZ = v * kz;
      const s = Math.hypot(dX, dZ);
      if (!(s > 0) || !Number.isFinite(s)) continue;
      bx[n] = X;
      bz[n] = Z;
      vx[n] = dX;
      vz[n] = dZ;
      mag[n] = Math.hypot(u, v);
      speeds.push(s);
      n++;
    }
  }
  // Lengths ∝ scene speed, the 95th percentile filling 90 % of a cell, capped at one cell: arrows
  // never reach into the next cell, and a few fast outliers do not shrink all others to dots.
  speeds.sort((p, q) => p - q);
  const ref = n > 0 ? speeds[Math.min(n - 1, Math.floor(0.95 * (n - 1)))] : 1;
  let mMin = Infinity;
  let mMax = -Infinity;
  for (let k = 0; k < n; k++) {
    if (mag[k] < mMin) mMin = mag[k];
    if (mag[k] > mMax) mMax = mag[k];
  }
  if (!(mMin < mMax)) {
    mMin = n > 0 ? mMin : 0;
    mMax = mMin + 1;
  }
  const table = colormapTable(options.colormap ?? 'magma');
  const positions = new Float32Array(n * VERTS * 3);
  const colors = new Float32Array(n * VERTS * 3);
  const directions = new Float32Array(n * 2);
  const bases = new Float32Array(n * 2);
  for (let k = 0; k < n; k++) {
    const s = Math.hypot(vx[k], vz[k]);
    // A floor of 25 % of a cell keeps slow arrows readable (their colour tells the speed).
    const len = cell * Math.min(1, Math.max(0.25, (0.9 * s) / ref));
    const ux = vx[k] / s;
    const uz = vz[k] / s;
    directions[2 * k] = ux;
    directions[2 * k + 1] = uz;
    // Centre the arrow on the sample point.
    const sx = bx[k] - (ux * len) / 2;
    const sz = bz[k] - (uz * len) / 2;
    bases[2 * k] = sx;
    bases[2 * k + 1] = sz;
    const head = Math.min(0.45 * len, 0.45 * cell);
    const shaftEnd = len - head;
    const w = 0.06 * cell; // shaft half-width
    const hw = 0.2 * cell; // head half-width
    const px = -uz; // left normal on the floor
    const pz = ux;
    const t = (mag[k] - mMin) / (mMax - mMin);
    // Magma's darkest colours vanish on the dark floor: use its upper 80 %.
    const q = Math.round((0.2 + 0.8 * Math.min(1, Math.max(0, t))) * 255) * 3;
    let v = k * VERTS;
    const put = (x: number, z: number) => {
      const o = 3 * v++;
      positions[o] = x;
      positions[o + 1] = Y;
      positions[o + 2] = z;
      colors[o] = table[q];
      colors[o + 1] = table[q + 1];
      colors[o + 2] = table[q + 2];
    };
    const ex = sx + ux * shaftEnd;
    const ez = sz + uz * shaftEnd;
    // Shaft: two triangles.
    put(sx + px * w, sz + pz * w);
    put(sx - px * w, sz - pz * w);
    put(ex - px * w, ez - pz * w);
    put(sx + px * w, sz + pz * w);
    put(ex - px * w, ez - pz * w);
    put(ex + px * w, ez + pz * w);
    // Head.
    put(ex + px * hw, ez + pz * hw);
    put(ex - px * hw, ez - pz * hw);
    put(sx + ux * len, sz + uz * len);
  }
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(positions, 3));
  geometry.setAttribute('color', new THREE.BufferAttribute(colors, 3));
  const material = new THREE.MeshBasicMaterial({ vertexColors: true, side: THREE.DoubleSide });
  const object = new THREE.Mesh(geometry, material);
  object.name = 'vector-field';
  return {
    object,
    arrows: n,
    magnitude: { min: mMin, max: mMax },
    directions,
    bases,
    dispose: () => {
      geometry.dispose();
      material.dispose();
    },
  };
}
