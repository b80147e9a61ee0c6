/**
 * Isosurfaces of a 3-D scalar field on a tensor grid (the 3-D state mode), by marching cubes
 * over the grid cells with Paul Bourke's tables (as shipped in three's examples). Three's own
 * MarchingCubes object samples a uniform metaball field, so only its tables fit tensor data.
 * Vertices on a grid edge are shared between the cells around it (one per edge and level), so
 * the mesh is closed and indexed; normals come from the field's gradient (central differences
 * on the actual, possibly non-uniform, axes), which is smoother than face normals.
 *
 * Scene box: state 0 → X ∈ [−1, 1], state 1 → Z ∈ [1, −1], state 2 → Y ∈ [0, SCENE_HEIGHT]
 * (the vertical axis of the box shows the third state in this mode).
 */
import * as THREE from 'three';
import { edgeTable, triTable } from 'three/examples/jsm/objects/MarchingCubes.js';
import { colormapTable, type ColormapName } from '../colormap';
import { SCENE_HEIGHT } from '../surface-data';
import type { Layer } from './frame';

export interface ScalarField3D {
  /** Node coordinates per state, increasing. */
  axes: [Float64Array, Float64Array, Float64Array];
  /** Row-major values, state 0 slowest: f[(i·n1 + j)·n2 + k]. */
  values: Float64Array;
}

export interface IsosurfaceOptions {
  /** Colour range for levels (default: the levels' own range). */
  range?: [number, number];
  colormap?: ColormapName;
  opacity?: number;
}

export interface IsosurfaceLayer extends Layer {
  object: THREE.Mesh;
  vertices: number;
  triangles: number;
}

/** Cube corners (Bourke's numbering) as offsets along the three axes. */
const CORNER = [
  [0, 0, 0],
  [1, 0, 0],
  [1, 1, 0],
  [0, 1, 0],
  [0, 0, 1],
  [1, 0, 1],
  [1, 1, 1],
  [0, 1, 1],
] as const;
/** Each cube edge: its lower corner and its direction (0, 1, 2), so that it names a grid edge. */
const EDGE_CORNER = [0, 1, 3, 0, 4, 5, 7, 4, 0, 1, 2, 3];
const EDGE_DIR = [0, 1, 0, 1, 0, 1, 0, 1, 2, 2, 2, 2];

export interface IsoMesh {
  /** Scene positions and unit normals, 3 per vertex. */
  positions: Float32Array;
  normals: Float32Array;
  /** The level index of each vertex. */
  level: Uint16Array;
  index: Uint32Array;
}

export function marchingCubes(field: ScalarField3D, levels: readonly number[]): IsoMesh {
  const [a0, a1, a2] = field.axes;
  const n0 = a0.length;
  const n1 = a1.length;
  const n2 = a2.length;
  const f = field.values;
  const s0 = n1 * n2;
  const s1 = n2;
  const stride = [s0, s1, 1];
  const nodes = n0 * s0;
  const L0 = a0[n0 - 1] - a0[0];
  const L1 = a1[n1 - 1] - a1[0];
  const L2 = a2[n2 - 1] - a2[0];

  // Gradient at the nodes in scene units: ∂f/∂X = ∂f/∂x0 · L0/2, ∂f/∂Z = −∂f/∂x1 · L1/2,
  // ∂f/∂Y = ∂f/∂x2 · L2/H (the chain rule through the scene mapping).
  const grad = new Float32Array(nodes * 3);
  const deriv = (p: number, idx: number, axis: Float64Array, n: number, st: number): number => {
    const lo = idx > 0 ? idx - 1 : idx;
    const hi = idx < n - 1 ? idx + 1 : idx;
    return (f[p + (hi - idx) * st] - f[p + (lo - idx) * st]) / (axis[hi] - axis[lo]);
  };
  for (let i = 0; i < n0; i++)
    for (let j = 0; j < n1; j++)
      for (let k = 0; k < n2; k++) {
        const p = i * s0 + j * s1 + k;
        grad[3 * p] = (deriv(p, i, a0, n0, s0) * L0) / 2;
        grad[3 * p + 1] = (deriv(p, k, a2, n2, 1) * L2) / SCENE_HEIGHT;
        grad[3 * p + 2] = (-deriv(p, j, a1, n1, s1) * L1) / 2;
      }

  const positions: number[] = [];
  const normals: number[] = [];
  const lv: number[] = [];
  const index: number[] = [];
  const edgeVertex = new Int32Array(nodes * 3);
  const cornerVal = new Float64Array(8);
  const cornerIdx = new Int32Array(8);
  const cubeVertex = new Int32Array(12);
  // Node offset of each cube corner from the cell's lowest node.
  const offset = new Int32Array(8);
  for (let c = 0; c < 8; c++) offset[c] = CORNER[c][0] * s0 + CORNER[c][1] * s1 + CORNER[c][2];
  let vertexCount = 0;

  for (let l = 0; l < levels.length; l++) {
    const iso = levels[l];
    edgeVertex.fill(-1);
    for (let i = 0; i < n0 - 1; i++)
      for (let j = 0; j < n1 - 1; j++)
        for (let k = 0; k < n2 - 1; k++) {
          const base = i * s0 + j * s1 + k;
          let cube = 0;
          let finite = true;
          for (let c = 0; c < 8; c++) {
            const p = base + offset[c];
            cornerIdx[c] = p;
            const v = f[p];
            cornerVal[c] = v;
            if (v < iso) cube |= 1 << c;
            if (v - v !== 0) finite = false; // NaN or ±∞
          }
          // A cell touching a non-finite value has no meaningful crossing.
          if (!finite) continue;
          const bits = edgeTable[cube];
          if (bits === 0) continue;
          for (let e = 0; e < 12; e++) {
            if (!(bits & (1 << e))) continue;
            const ca = EDGE_CORNER[e];
            const dir = EDGE_DIR[e];
            const pa = cornerIdx[ca];
            const key = pa * 3 + dir;
            let vi = edgeVertex[key];
            if (vi < 0) {
              const pb = pa + stride[dir];
              const va = cornerVal[ca];
              const vb = f[pb];
              const t = va === vb ? 0.5 : (iso - va) / (vb - va);
              const ia = i + CORNER[ca][0];
              const ja = j + CORNER[ca][1];
              const ka = k + CORNER[ca][2];
              const x0 = dir === 0 ? a0[ia] + t * (a0[ia + 1] - a0[ia]) : a0[ia];
              const x1 = dir === 1 ? a1[ja] + t * (a1[ja + 1] - a1[ja]) : a1[ja];
              const x2 = dir === 2 ? a2[ka] + t * (a2[ka + 1] - a2[ka]) : a2[ka];
              positions.push(
                (2 * (x0 - a0[0])) / L0 - 1,
                ((x2 - a2[0]) / L2) * SCENE_HEIGHT,
                -((2 * (x1 - a1[0])) / L1 - 1),
              );
              let gx = grad[3 * pa] + t * (grad[3 * pb] - grad[3 * pa]);
              let gy = grad[3 * pa + 1] + t * (grad[3 * pb + 1] - grad[3 * pa + 1]);
              let gz = grad[3 * pa + 2] + t * (grad[3 * pb + 2] - grad[3 * pa + 2]);
              const g = Math.hypot(gx, gy, gz);
              if (g > 0) {
                gx /= g;
                gy /= g;
                gz /= g;
              } else {
                gy = 1;
              }
              normals.push(gx, gy, gz);
              lv.push(l);
              vi = vertexCount++;
              edgeVertex[key] = vi;
            }
            cubeVertex[e] = vi;
          }
          const row = cube << 4;
          for (let q = 0; triTable[row + q] !== -1; q += 3) {
            const A = cubeVertex[triTable[row + q]];
            const B = cubeVertex[triTable[row + q + 1]];
            const C = cubeVertex[triTable[row + q + 2]];
            // Degenerate triangles appear when an iso value hits a node exactly: skip them.
            if (A === B || B === C || A === C) continue;
            // Wind every triangle so that its face normal agrees with the gradient normals: the
            // scene mapping mirrors one axis, and double-sided lighting relies on the winding.
            const ux = positions[3 * B] - positions[3 * A];
            const uy = positions[3 * B + 1] - positions[3 * A + 1];
            const uz = positions[3 * B + 2] - positions[3 * A + 2];
            const wx = positions[3 * C] - positions[3 * A];
            const wy = positions[3 * C + 1] - positions[3 * A + 1];
            const wz = positions[3 * C + 2] - positions[3 * A + 2];
            const cx = uy * wz - uz * wy;
            const cy = uz * wx - ux * wz;
            const cz = ux * wy - uy * wx;
            const sx = normals[3 * A] + normals[3 * B] + normals[3 * C];
            const sy = normals[3 * A + 1] + normals[3 * B + 1] + normals[3 * C + 1];
            const sz = normals[3 * A + 2] + normals[3 * B + 2] + normals[3 * C + 2];
            if (cx * sx + cy * sy + cz * sz < 0) index.push(A, C, B);
            else index.push(A, B, C);
          }
        }
  }
  return {
    positions: Float32Array.from(positions),
    normals: Float32Array.from(normals),
    level: Uint16Array.from(lv),
    index: Uint32Array.from(index),
  };
}

export function buildIsosurface(
  field: ScalarField3D,
  levels: readonly number[],
  options: IsosurfaceOptions = {},
): IsosurfaceLayer {
  const mesh = marchingCubes(field, levels);
  let lo = options.range?.[0] ?? Math.min(...levels);
  let hi = options.range?.[1] ?? Math.max(...levels);
  if (!(hi > lo)) {
    lo -= 0.5;
    hi += 0.5;
  }
  const table = colormapTable(options.colormap ?? 'viridis');
  const nv = mesh.level.length;
  const colors = new Float32Array(nv * 3);
  for (let v = 0; v < nv; v++) {
    const t = Math.min(1, Math.max(0, (levels[mesh.level[v]] - lo) / (hi - lo)));
    const q = Math.round(t * 255) * 3;
    colors[3 * v] = table[q];
    colors[3 * v + 1] = table[q + 1];
    colors[3 * v + 2] = table[q + 2];
  }
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(mesh.positions, 3));
  geometry.setAttribute('normal', new THREE.BufferAttribute(mesh.normals, 3));
  geometry.setAttribute('color', new THREE.BufferAttribute(colors, 3));
  geometry.setIndex(new THREE.BufferAttribute(mesh.index, 1));
  const opacity = options.opacity ?? (levels.length > 1 ? 0.6 : 1);
  const material = new THREE.MeshStandardMaterial({
    vertexColors: true,
    side: THREE.DoubleSide,
    roughness: 0.5,
    metalness: 0.05,
    transparent: opacity < 1,
    opacity,
    // Nested translucent shells: writing depth would hide the inner ones.
    depthWrite: opacity >= 1,
  });
  const object = new THREE.Mesh(geometry, material);
  object.name = 'isosurface';
  return {
    object,
    vertices: nv,
    triangles: mesh.index.length / 3,
    dispose: () => {
      geometry.dispose();
      material.dispose();
    },
  };
}
