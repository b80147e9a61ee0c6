import { useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import { applyColormap, type ColormapName } from './colormap';
import { kthSmallest } from './value-scale';
import { finiteRange, SCENE_HEIGHT, surfaceRange, toScene, type SurfaceData } from './surface-data';

/** Optional colour field on the same grid as the heights (an overlay such as the policy). */
export interface SurfaceColor {
  values: Float64Array;
  /** Diverging quantities get a range symmetric about zero. */
  diverging: boolean;
}

/**
 * The range a colour field is normalised by (also what the colour bar shows). Diverging
 * fields (policy, residual, error) are symmetric about zero and scaled by the 98th
 * percentile of |v|: errors and residuals concentrate in thin boundary layers, and scaling
 * by their maximum would leave the interior one flat colour. Values beyond are clamped.
 */
export function colorRange(values: ArrayLike<number>, diverging: boolean): { min: number; max: number } {
  if (!diverging) return finiteRange(values);
  let n = 0;
  for (let k = 0; k < values.length; k++) if (Number.isFinite(values[k])) n++;
  const abs = new Float64Array(n);
  let largest = 0;
  n = 0;
  for (let k = 0; k < values.length; k++)
    if (Number.isFinite(values[k])) {
      abs[n++] = Math.abs(values[k]);
      largest = Math.max(largest, abs[n - 1]);
    }
  // Selection, not a sort: this runs for every overlay change and result on the UI thread.
  const m = n > 0 ? kthSmallest(abs, Math.min(n - 1, Math.floor(0.98 * n))) : 0;
  const scale = m > 0 ? m : largest || 1;
  return { min: -scale, max: scale };
}

/**
 * Vertex normals of a surface on a grid, from differences of the positions along the two
 * grid directions (central inside, one-sided at the edges). Equivalent in look to three's
 * computeVertexNormals, an order of magnitude faster: live snapshots rebuild the surface
 * on the UI thread several times a second.
 */
export function gridNormals(
  p: Float32Array,
  nx: number,
  ny: number,
  out: Float32Array = new Float32Array(nx * ny * 3),
): Float32Array {
  for (let i = 0; i < nx; i++) {
    const i0 = i > 0 ? i - 1 : i;
    const i1 = i < nx - 1 ? i + 1 : i;
    for (let j = 0; j < ny; j++) {
      const j0 = j > 0 ? j - 1 : j;
      const j1 = j < ny - 1 ? j + 1 : j;
      const a = 3 * (i1 * ny + j);
      const b = 3 * (i0 * ny + j);
      const c = 3 * (i * ny + j1);
      const d = 3 * (i * ny + j0);
      // u = ∂P/∂i, v = ∂P/∂j; the normal is u × v (pointing up for this layout: Z = −y).
      const ux = p[a] - p[b];
      const uy = p[a + 1] - p[b + 1];
      const uz = p[a + 2] - p[b + 2];
      const vx = p[c] - p[d];
      const vy = p[c + 1] - p[d + 1];
      const vz = p[c + 2] - p[d + 2];
      let x = uy * vz - uz * vy;
      let y = uz * vx - ux * vz;
      let z = ux * vy - uy * vx;
      const len = Math.hypot(x, y, z) || 1;
      x /= len;
      y /= len;
      z /= len;
      const k = 3 * (i * ny + j);
      out[k] = x;
      out[k + 1] = y;
      out[k + 2] = z;
    }
  }
  return out;
}

/** Positions, colours and normals of a height field, written into the given arrays. */
function writeSurface(
  data: SurfaceData,
  colormap: ColormapName,
  color: SurfaceColor | null,
  positions: Float32Array,
  colors: Float32Array,
  normals: Float32Array,
): void {
  const nx = data.xs.length;
  const ny = data.ys.length;
  const { min, max } = surfaceRange(data);
  const x0 = data.xs[0];
  const x1 = data.xs[nx - 1];
  const y0 = data.ys[0];
  const y1 = data.ys[ny - 1];
  const t = new Float32Array(nx * ny);
  for (let i = 0; i < nx; i++) {
    const X = toScene(data.xs[i], x0, x1);
    for (let j = 0; j < ny; j++) {
      const k = i * ny + j;
      const zn = (data.z[k] - min) / (max - min);
      t[k] = zn;
      positions[3 * k] = X;
      positions[3 * k + 1] = Number.isFinite(zn) ? zn * SCENE_HEIGHT : 0;
      positions[3 * k + 2] = -toScene(data.ys[j], y0, y1);
    }
  }
  if (color) {
    const c = colorRange(color.values, color.diverging);
    for (let k = 0; k < nx * ny; k++) t[k] = (color.values[k] - c.min) / (c.max - c.min);
  }
  applyColormap(colormap, t, colors);
  gridNormals(positions, nx, ny, normals);
}

/** Two triangles per grid cell. */
function gridIndex(nx: number, ny: number): Uint32Array {
  const index = new Uint32Array((nx - 1) * (ny - 1) * 6);
  let q = 0;
  for (let i = 0; i < nx - 1; i++) {
    for (let j = 0; j < ny - 1; j++) {
      const a = i * ny + j;
      const b = a + ny;
      index[q++] = a;
      index[q++] = b;
      index[q++] = a + 1;
      index[q++] = b;
      index[q++] = b + 1;
      index[q++] = a + 1;
    }
  }
  return index;
}

/** Build positions, colours and triangle indices of a height field (pure, no React). */
export function buildSurfaceGeometry(
  data: SurfaceData,
  colormap: ColormapName,
  color: SurfaceColor | null = null,
): THREE.BufferGeometry {
  const nx = data.xs.length;
  const ny = data.ys.length;
  const positions = new Float32Array(nx * ny * 3);
  const colors = new Float32Array(nx * ny * 3);
  const normals = new Float32Array(nx * ny * 3);
  writeSurface(data, colormap, color, positions, colors, normals);
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(positions, 3));
  geometry.setAttribute('color', new THREE.BufferAttribute(colors, 3));
  geometry.setIndex(new THREE.BufferAttribute(gridIndex(nx, ny), 1));
  geometry.setAttribute('normal', new THREE.BufferAttribute(normals, 3));
  geometry.userData['shape'] = [nx, ny];
  // The surface always lies in the scene box: give three its bounds instead of letting it
  // scan every vertex for frustum culling and picking.
  geometry.boundingSphere = new THREE.Sphere(
    new THREE.Vector3(0, SCENE_HEIGHT / 2, 0),
    Math.hypot(1, SCENE_HEIGHT / 2, 1),
  );
  geometry.boundingBox = new THREE.Box3(new THREE.Vector3(-1, 0, -1), new THREE.Vector3(1, SCENE_HEIGHT, 1));
  return geometry;
}

/**
 * Rewrite a surface geometry in place for new data on a grid of the same shape (a solve's
 * next snapshot): the GPU buffers are updated rather than created, and the index buffer
 * is kept. Returns false, changing nothing, when the shape differs.
 */
export function updateSurfaceGeometry(
  geometry: THREE.BufferGeometry,
  data: SurfaceData,
  colormap: ColormapName,
  color: SurfaceColor | null = null,
): boolean {
  const shape = geometry.userData['shape'] as [number, number] | undefined;
  if (!shape || shape[0] !== data.xs.length || shape[1] !== data.ys.length) return false;
  const attr = (name: string) => geometry.getAttribute(name) as THREE.BufferAttribute;
  const [p, c, n] = [attr('position'), attr('color'), attr('normal')];
  writeSurface(
    data,
    colormap,
    color,
    p.array as Float32Array,
    c.array as Float32Array,
    n.array as Float32Array,
  );
  p.needsUpdate = c.needsUpdate = n.needsUpdate = true;
  return true;
}

/**
 * The geometry for a surface that changes over time: rewritten in place while the grid's
 * shape stays (snapshots of a running solve), rebuilt when it changes.
 */
function useSurfaceGeometry(
  data: SurfaceData,
  colormap: ColormapName,
  color: SurfaceColor | null,
): THREE.BufferGeometry {
  const current = useRef<THREE.BufferGeometry | null>(null);
  const invalidate = useThree((s) => s.invalidate);
  const geometry = useMemo(() => {
    const g = current.current;
    if (g && updateSurfaceGeometry(g, data, colormap, color)) return g;
    return buildSurfaceGeometry(data, colormap, color);
  }, [data, colormap, color]);
  useEffect(() => {
    current.current = geometry;
    return () => {
      current.current = null;
      geometry.dispose();
    };
  }, [geometry]);
  // The same geometry object with new contents is no prop change: ask for a frame.
  useEffect(() => invalidate(), [invalidate, data, colormap, color]);
  return geometry;
}

/**
 * One material for every surface, never disposed: a new material would make three.js
 * compile and link its shader program again when the previous surface was removed (a
 * blocking wait of hundreds of ms with software GL when a run starts).
 */
export const SURFACE_MATERIAL = new THREE.MeshStandardMaterial({
  vertexColors: true,
  side: THREE.DoubleSide,
  roughness: 0.55,
  metalness: 0.05,
});

/** How far (px) the pointer may move between press and release for a click to pick a start. */
export const CLICK_SLOP_PX = 4;

export function SurfaceMesh({
  data,
  colormap,
  color = null,
  onPick,
}: {
  data: SurfaceData;
  colormap: ColormapName;
  color?: SurfaceColor | null;
  onPick?: (point: THREE.Vector3) => void;
}) {
  const geometry = useSurfaceGeometry(data, colormap, color);
  return (
    <mesh
      geometry={geometry}
      material={SURFACE_MATERIAL}
      dispose={null}
      name="value-surface"
      onClick={
        onPick
          ? (e) => {
              e.stopPropagation();
              // r3f reports a click wherever the button went down and up over the surface,
              // so the end of an orbit drag launched paths (and built their layer) too.
              if (e.delta > CLICK_SLOP_PX) return;
              onPick(e.point);
            }
          : undefined
      }
    ></mesh>
  );
}

/** Shared wireframe material of a compared run's surface (never disposed, see above). */
export const COMPARE_MATERIAL = new THREE.MeshBasicMaterial({
  color: 0xf0f0f0,
  wireframe: true,
  transparent: true,
  opacity: 0.35,
});

/** A second run's surface, drawn as a light wireframe against the same value scale. */
export function CompareMesh({ data }: { data: SurfaceData }) {
  const geometry = useMemo(() => buildSurfaceGeometry(data, 'viridis'), [data]);
  useEffect(() => () => geometry.dispose(), [geometry]);
  return <mesh geometry={geometry} material={COMPARE_MATERIAL} dispose={null} name="compare-surface" />;
}
