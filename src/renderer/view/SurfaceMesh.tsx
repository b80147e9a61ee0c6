import { useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef, useState } from 'react';
import * as THREE from 'three';
import { surfaceOffThread, type SurfaceReply } from '../workers/geometry-client';
import type { ColormapName } from './colormap';
import {
  gridIndex,
  surfaceArrays,
  type GridIndex,
  type SurfaceArrays,
  type SurfaceColor,
} from './surface-arrays';
import { SCENE_HEIGHT, type SurfaceData } from './surface-data';

/** A geometry over an nx × ny grid from its vertex arrays and triangle index. */
function geometryOf(arrays: SurfaceArrays, index: GridIndex, nx: number, ny: number): THREE.BufferGeometry {
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(arrays.positions, 3));
  // Bytes and fixed point, read as 0…1 and −1…1 (normalized).
  geometry.setAttribute('color', new THREE.BufferAttribute(arrays.colors, 3, true));
  geometry.setAttribute('normal', new THREE.BufferAttribute(arrays.normals, 3, true));
  geometry.setIndex(new THREE.BufferAttribute(index, 1));
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

/** Build a height field's geometry on this thread (small surfaces: the compared run, warm-up). */
export function buildSurfaceGeometry(
  data: SurfaceData,
  colormap: ColormapName,
  color: SurfaceColor | null = null,
): THREE.BufferGeometry {
  const nx = data.xs.length;
  const ny = data.ys.length;
  return geometryOf(surfaceArrays(data, colormap, color), gridIndex(nx, ny), nx, ny);
}

/** True when the geometry was built for an nx × ny grid. */
function hasShape(geometry: THREE.BufferGeometry, nx: number, ny: number): boolean {
  const shape = geometry.userData['shape'] as [number, number] | undefined;
  return shape !== undefined && shape[0] === nx && shape[1] === ny;
}

/**
 * Put a snapshot's vertex arrays into a geometry of the same shape (a solve's next
 * snapshot): the attributes take the new arrays and upload them into the GPU buffers they
 * already have; the index buffer is kept. Returns the arrays it replaced, which the caller
 * may reuse for a later snapshot, or null, changing nothing, when the array lengths differ.
 * Taking the arrays rather than copying them, and handing the old ones back to the
 * geometry worker, means no snapshot allocates vertex arrays (docs/architecture.md §7).
 */
export function updateSurfaceGeometry(
  geometry: THREE.BufferGeometry,
  arrays: SurfaceArrays,
): SurfaceArrays | null {
  const names = ['position', 'color', 'normal'] as const;
  const attrs = names.map((name) => geometry.getAttribute(name) as THREE.BufferAttribute);
  const next = [arrays.positions, arrays.colors, arrays.normals];
  if (attrs.some((a, i) => a.array.length !== next[i].length)) return null;
  const old = { positions: attrs[0].array, colors: attrs[1].array, normals: attrs[2].array } as SurfaceArrays;
  attrs.forEach((a, i) => {
    a.array = next[i];
    a.needsUpdate = true;
  });
  return old;
}

/**
 * The geometry for a surface that changes over time. Its arrays are built in the geometry
 * worker; the view keeps showing the previous picture until they arrive. On the same grid
 * the attributes take the new arrays and the replaced ones go back to the worker with the
 * next request, to be written over (snapshots of a running solve); a new grid gets a new
 * geometry with the index the worker built for it. Replies come in request order, so each
 * one is applied (a reply never overtakes a later request's).
 */
function useSurfaceGeometry(
  data: SurfaceData,
  colormap: ColormapName,
  color: SurfaceColor | null,
): THREE.BufferGeometry | null {
  const [geometry, setGeometry] = useState<THREE.BufferGeometry | null>(null);
  const current = useRef<THREE.BufferGeometry | null>(null);
  // The shape of the last request: the worker adds an index when it changes.
  const requested = useRef<[number, number] | null>(null);
  // The arrays the geometry drew before its latest update, for the worker to write over.
  const spare = useRef<SurfaceArrays | null>(null);
  const invalidate = useThree((s) => s.invalidate);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      current.current = null;
      requested.current = null;
      spare.current = null;
    };
  }, []);
  useEffect(() => {
    const nx = data.xs.length;
    const ny = data.ys.length;
    const last = requested.current;
    const withIndex = !last || last[0] !== nx || last[1] !== ny;
    requested.current = [nx, ny];
    const give = withIndex ? null : spare.current;
    spare.current = null;
    surfaceOffThread({ data, colormap, color, withIndex, spare: give }).then(
      (reply: SurfaceReply) => {
        if (!mounted.current) return;
        const g = current.current;
        if (reply.index) {
          const next = geometryOf(reply, reply.index, nx, ny);
          current.current = next;
          setGeometry(next);
        } else if (g && hasShape(g, nx, ny)) {
          const old = updateSurfaceGeometry(g, reply);
          if (old) {
            spare.current = old;
            invalidate();
          }
        }
      },
      // The surface code threw (a failed worker is answered here instead): the previous picture stays.
      (err: unknown) => console.error('surface geometry:', err),
    );
  }, [data, colormap, color, invalidate]);
  useEffect(() => {
    if (!geometry) return;
    invalidate();
    return () => geometry.dispose();
  }, [geometry, invalidate]);
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
  if (!geometry) return null;
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
