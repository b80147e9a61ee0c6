import { ticks } from 'd3-array';
import * as THREE from 'three';
import { useDeferredLayer } from './deferred-layer';
import { makeTextSprite } from './text-sprite';
import { SCENE_HEIGHT, toScene } from './surface-data';

export interface AxesSpec {
  x: { label: string; min: number; max: number };
  y: { label: string; min: number; max: number };
  /** `ticks`: given by the caller for a non-linear scale (position in [min, max], text). */
  z: { label: string; min: number; max: number; ticks?: readonly { at: number; text: string }[] };
}

function fmt(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e4)) return v.toExponential(1);
  return String(Number(v.toPrecision(4)));
}

/** Shared and never disposed: the axes are rebuilt for every live snapshot (see contours.ts). */
const AXIS_LINE_MATERIAL = new THREE.LineBasicMaterial({ color: 0x5c6370 });

/** Build the axes box, ticks and labels as one group (pure three.js, disposed by owner). */
export function buildAxes(spec: AxesSpec): { group: THREE.Group; dispose: () => void } {
  const group = new THREE.Group();
  group.name = 'axes';
  const points: number[] = [];
  const seg = (a: [number, number, number], b: [number, number, number]) => points.push(...a, ...b);

  // Floor frame and the vertical axis at the back-left corner.
  seg([-1, 0, 1], [1, 0, 1]);
  seg([1, 0, 1], [1, 0, -1]);
  seg([1, 0, -1], [-1, 0, -1]);
  seg([-1, 0, -1], [-1, 0, 1]);
  seg([-1, 0, -1], [-1, SCENE_HEIGHT, -1]);

  const tickLen = 0.035;
  const label = (text: string, pos: [number, number, number], size?: number, color?: string) => {
    const s = makeTextSprite(text, { size, color });
    s.position.set(...pos);
    group.add(s);
  };

  for (const v of ticks(spec.x.min, spec.x.max, 5)) {
    const X = toScene(v, spec.x.min, spec.x.max);
    seg([X, 0, 1], [X, 0, 1 + tickLen]);
    label(fmt(v), [X, 0, 1.13], 0.08);
  }
  for (const v of ticks(spec.y.min, spec.y.max, 5)) {
    const Z = -toScene(v, spec.y.min, spec.y.max);
    seg([1, 0, Z], [1 + tickLen, 0, Z]);
    label(fmt(v), [1.17, 0, Z], 0.08);
  }
  const zr = spec.z.max - spec.z.min;
  const zTicks = spec.z.ticks ?? ticks(spec.z.min, spec.z.max, 4).map((v) => ({ at: v, text: fmt(v) }));
  for (const { at, text } of zTicks) {
    const Y = zr > 0 ? ((at - spec.z.min) / zr) * SCENE_HEIGHT : 0;
    seg([-1, Y, -1], [-1 - tickLen, Y, -1]);
    label(text, [-1.18, Y, -1], 0.075);
  }
  label(spec.x.label, [0, 0, 1.32], 0.11, '#e5c07b');
  label(spec.y.label, [1.4, 0, 0], 0.11, '#e5c07b');
  label(spec.z.label, [-1, SCENE_HEIGHT + 0.14, -1], 0.1, '#e5c07b');

  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.Float32BufferAttribute(points, 3));
  group.add(new THREE.LineSegments(geometry, AXIS_LINE_MATERIAL));

  return {
    group,
    // The labels' textures and materials belong to the text cache (text-sprite.ts).
    dispose: () => geometry.dispose(),
  };
}

export function Axes({ spec }: { spec: AxesSpec }) {
  const layer = useDeferredLayer(() => {
    const built = buildAxes(spec);
    return { object: built.group, dispose: built.dispose };
  }, [spec]);
  return layer ? <primitive object={layer.object} /> : null;
}
