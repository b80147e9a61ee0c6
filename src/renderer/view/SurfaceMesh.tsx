import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { applyColormap, type ColormapName } from './colormap';
import { finiteRange, SCENE_HEIGHT, toScene, type SurfaceData } from './surface-data';

/** Optional colour field on the same grid as the heights (an overlay such as the policy). */
export interface SurfaceColor {
  values: Float64Array;
  /** Diverging quantities get a range symmetric about zero. */
  diverging: boolean;
}

/** The range a colour field is normalised by (also what the colour bar shows). */
export function colorRange(values: ArrayLike<number>, diverging: boolean): { min: number; max: number } {
  const r = finiteRange(values);
  if (!diverging) return r;
  const m = Math.max(Math.abs(r.min), Math.abs(r.max)) || 1;
  return { min: -m, max: m };
}

/** Build positions, colours and triangle indices of a height field (pure, no React). */
export function buildSurfaceGeometry(
  data: SurfaceData,
  colormap: ColormapName,
  color: SurfaceColor | null = null,
): THREE.BufferGeometry {
  const nx = data.xs.length;
  const ny = data.ys.length;
  const { min, max } = finiteRange(data.z);
  const x0 = data.xs[0];
  const x1 = data.xs[nx - 1];
  const y0 = data.ys[0];
  const y1 = data.ys[ny - 1];
  const positions = new Float32Array(nx * ny * 3);
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
  const colors = new Float32Array(nx * ny * 3);
  applyColormap(colormap, t, colors);
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
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(positions, 3));
  geometry.setAttribute('color', new THREE.BufferAttribute(colors, 3));
  geometry.setIndex(new THREE.BufferAttribute(index, 1));
  geometry.computeVertexNormals();
  return geometry;
}

/**
 * One material for every surface, never disposed: a new material would make three.js
 * compile and link its shader program again when the previous surface was removed (a
 * blocking wait of hundreds of ms with software GL when a run starts).
 */
const SURFACE_MATERIAL = new THREE.MeshStandardMaterial({
  vertexColors: true,
  side: THREE.DoubleSide,
  roughness: 0.55,
  metalness: 0.05,
});

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
  const geometry = useMemo(() => buildSurfaceGeometry(data, colormap, color), [data, colormap, color]);
  useEffect(() => () => geometry.dispose(), [geometry]);
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
              onPick(e.point);
            }
          : undefined
      }
    ></mesh>
  );
}
