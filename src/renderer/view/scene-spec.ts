/**
 * What the page tells the 3-D view, which renders in a worker (docs/architecture.md §7): the
 * surface and every layer as plain data. The page builds a spec on each render; unchanged
 * parts keep their identity across messages (bridge/keyed-clone.ts), so the worker rebuilds
 * only the layers whose inputs changed.
 */
import type { CameraPreset } from './CameraRig';
import type { ColormapName } from './colormap';
import type { ScalarField3D } from './layers/isosurface';
import type { TrajectoryOptions, TrajectorySet } from './layers/trajectories';
import type { VectorField2D } from './layers/vector-field';
import type { SurfaceColor } from './surface-arrays';
import type { SurfaceData } from './surface-data';

/** Trajectory options that can cross to the worker (no scene frame object). */
export type PathOptions = Omit<TrajectoryOptions, 'frame'>;

/** Coordinates of dots, in data units. */
export type PointCoordinates = readonly number[] | Float64Array | Float32Array;

/** One layer over the surface; `key` tells React which layer is which across specs. */
export type LayerSpec =
  /** Contour lines of the surface (segments found in the geometry worker). */
  | { kind: 'contours'; key: string; data: SurfaceData }
  | { kind: 'vector-field'; key: string; field: VectorField2D }
  /** A compared run's surface as a wireframe. */
  | { kind: 'compare'; key: string; data: SurfaceData }
  | { kind: 'isosurface'; key: string; field: ScalarField3D; levels: readonly number[] }
  | { kind: 'paths'; key: string; set: TrajectorySet; surface: SurfaceData; options: PathOptions }
  /** 1-D paths x(t) on the floor of the convergence view. */
  | { kind: 'floor-paths'; key: string; set: TrajectorySet; surface: SurfaceData; period: number | null }
  /** Dots on the surface at (x, y) (a 1-D run gives its time as one y). */
  | {
      kind: 'points';
      key: string;
      x: PointCoordinates;
      y: PointCoordinates | number;
      surface: SurfaceData;
      style: { color: string; size: number; opacity?: number };
    };

export interface SceneSpec {
  data: SurfaceData | null;
  color: SurfaceColor | null;
  colormap: ColormapName;
  camera: CameraPreset;
  /** A new value moves the camera back to its preset ("reset"). */
  cameraNonce: number;
  /** Clicks on the surface are reported (the page picks a start state from them). */
  pickable: boolean;
  /** Hide the surface (isosurface mode) but keep the axes it defines. */
  hideSurface: boolean;
  /** Ticks of the value axis for a non-linear scale (scaled position, text). */
  zTicks: readonly { at: number; text: string }[] | undefined;
  layers: readonly LayerSpec[];
}
