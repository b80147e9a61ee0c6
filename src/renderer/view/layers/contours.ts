/**
 * Contour lines of the displayed height field, from marching squares on the grid
 * (contour-segments.ts), in data coordinates through the actual (possibly non-uniform)
 * axes. Drawn either lifted onto the surface at their level's height or flat on the floor.
 */
import * as THREE from 'three';
import { colormapTable, type ColormapName } from '../colormap';
import type { SurfaceData } from '../surface-data';
import { contourSegments, type ContourSegments } from './contour-segments';
import { frameOf, sceneX, sceneY, sceneZ, type Layer, type SceneFrame } from './frame';

export interface ContourOptions {
  /** A count of "nice" levels (d3's ticks over the finite range) or explicit levels. */
  levels?: number | readonly number[];
  /** On the surface at each level's height, or flat on the floor plane. */
  placement?: 'surface' | 'floor';
  /** A CSS colour for every line, or 'colormap' to colour each line by its level. */
  color?: string;
  colormap?: ColormapName;
  /** Scene units above the surface (or floor) so that lines are not hidden by the faces they lie on. */
  offset?: number;
  frame?: SceneFrame;
  opacity?: number;
}

export interface ContourLayer extends Layer {
  object: THREE.LineSegments;
  /** The levels actually drawn (ascending). */
  levels: number[];
  /** Number of line segments. */
  segments: number;
}

export function buildContours(data: SurfaceData, options: ContourOptions = {}): ContourLayer {
  return contourLayer(data, contourSegments(data, options.levels ?? 10), options);
}

/** The lines of segments found on `data` (here or in the geometry worker); `options.levels` is not read. */
export function contourLayer(
  data: SurfaceData,
  segments: ContourSegments,
  options: ContourOptions = {},
): ContourLayer {
  const frame = options.frame ?? frameOf(data);
  const placement = options.placement ?? 'surface';
  const offset = options.offset ?? (placement === 'surface' ? 0.006 : 0.002);
  const { levels, xy, level } = segments;
  const count = level.length;
  const positions = new Float32Array(count * 6);
  const colors = new Float32Array(count * 6);
  const colorBy = (options.color ?? (placement === 'floor' ? 'colormap' : '#f2f4f8')) === 'colormap';
  const uniform = new THREE.Color(colorBy ? '#ffffff' : (options.color ?? '#f2f4f8'));
  const table = colormapTable(options.colormap ?? 'viridis');
  const levelY = levels.map((v) => (placement === 'surface' ? sceneY(v, frame) : 0) + offset);
  const levelRgb = levels.map((v): [number, number, number] => {
    if (!colorBy) return [uniform.r, uniform.g, uniform.b];
    const t = Math.min(1, Math.max(0, (v - frame.z[0]) / (frame.z[1] - frame.z[0])));
    const q = Math.round(t * 255) * 3;
    return [table[q], table[q + 1], table[q + 2]];
  });
  for (let s = 0; s < count; s++) {
    const Y = levelY[level[s]];
    const [r, g, b] = levelRgb[level[s]];
    const o = 6 * s;
    positions[o] = sceneX(xy[4 * s], frame);
    positions[o + 1] = Y;
    positions[o + 2] = sceneZ(xy[4 * s + 1], frame);
    positions[o + 3] = sceneX(xy[4 * s + 2], frame);
    positions[o + 4] = Y;
    positions[o + 5] = sceneZ(xy[4 * s + 3], frame);
    colors[o] = colors[o + 3] = r;
    colors[o + 1] = colors[o + 4] = g;
    colors[o + 2] = colors[o + 5] = b;
  }
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.BufferAttribute(positions, 3));
  geometry.setAttribute('color', new THREE.BufferAttribute(colors, 3));
  // Every segment lies on the grid, at its level's height: three gets that box instead of
  // scanning every vertex for its bounds before frustum culling (about 10 ms of the first
  // frame that drew a 201² pendulum's contours, in a CPU profile at load ~7).
  const xEnds = [sceneX(data.xs[0], frame), sceneX(data.xs[data.xs.length - 1], frame)];
  const zEnds = [sceneZ(data.ys[0], frame), sceneZ(data.ys[data.ys.length - 1], frame)];
  const yDrawn = count > 0 ? levelY : [0];
  geometry.boundingBox = new THREE.Box3(
    new THREE.Vector3(Math.min(...xEnds), Math.min(...yDrawn), Math.min(...zEnds)),
    new THREE.Vector3(Math.max(...xEnds), Math.max(...yDrawn), Math.max(...zEnds)),
  );
  geometry.boundingSphere = geometry.boundingBox.getBoundingSphere(new THREE.Sphere());
  const opacity = options.opacity ?? (placement === 'surface' ? 0.7 : 0.9);
  const material = contourMaterial(opacity);
  const object = new THREE.LineSegments(geometry, material);
  object.name = `contours-${placement}`;
  // Lines lifted onto the surface are drawn after it so that transparency blends over it.
  object.renderOrder = 1;
  return {
    object,
    levels,
    segments: count,
    dispose: () => {
      geometry.dispose();
    },
  };
}

/**
 * Contour materials are shared and never disposed: contours are rebuilt for every live
 * snapshot, and disposing the last user of a shader program makes three.js delete it and
 * compile it again for the next build (a blocking wait on the UI thread).
 */
const contourMaterials = new Map<number, THREE.LineBasicMaterial>();

function contourMaterial(opacity: number): THREE.LineBasicMaterial {
  let m = contourMaterials.get(opacity);
  if (!m) {
    m = new THREE.LineBasicMaterial({ vertexColors: true, transparent: opacity < 1, opacity });
    contourMaterials.set(opacity, m);
  }
  return m;
}
