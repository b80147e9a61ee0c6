/**
 * React wrappers that build the scene layers of view/layers (pure three.js builders) from
 * the layers of a scene spec, and dispose their GPU resources when inputs change. They run
 * in the 3-D view's worker.
 */
import { useEffect, useMemo } from 'react';
import { useDeferredLayer } from './deferred-layer';
import type { Layer } from './layers/frame';
import { contourLayer, type ContourOptions } from './layers/contours';
import { contoursOffThread } from '../workers/geometry-client';
import { buildFloorPaths } from './layers/floor-paths';
import { buildIsosurface, type ScalarField3D } from './layers/isosurface';
import { buildTrajectories, type TrajectorySet } from './layers/trajectories';
import { buildVectorField, type VectorField2D } from './layers/vector-field';
import type { SurfaceData } from './surface-data';
import { buildPoints } from './diffusion/particles';
import type { LayerSpec, PathOptions } from './scene-spec';
import { CompareMesh } from './SurfaceMesh';

function useLayer(build: () => Layer | null, deps: readonly unknown[]): Layer | null {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- deps are the builder's inputs
  const layer = useMemo(build, deps);
  useEffect(() => () => layer?.dispose(), [layer]);
  return layer;
}

/** Contour lines whose segments the geometry worker finds; only the lines are made here. */
function useContourLayer(data: SurfaceData, options: ContourOptions & { levels: number }): Layer | null {
  return useDeferredLayer(
    async () => contourLayer(data, await contoursOffThread({ data, levels: options.levels }), options),
    // The options are constants of each caller: the data alone decides a rebuild.
    [data],
  );
}

export function ContourLayer({ data }: { data: SurfaceData }) {
  const layer = useContourLayer(data, { levels: 12, placement: 'surface', color: '#f5f5f5', opacity: 0.55 });
  return layer ? <primitive object={layer.object} /> : null;
}

export function VectorFieldLayer({ field }: { field: VectorField2D }) {
  const layer = useDeferredLayer(() => buildVectorField(field), [field]);
  return layer ? <primitive object={layer.object} /> : null;
}

export function TrajectoryLayer({
  set,
  surface,
  options,
}: {
  set: TrajectorySet;
  surface: SurfaceData;
  options: PathOptions;
}) {
  const layer = useLayer(() => buildTrajectories(set, surface, options), [set, surface, options]);
  return layer ? <primitive object={layer.object} /> : null;
}

/** 1-D paths as x(t) on the floor of the convergence view (its depth axis is the iteration). */
export function FloorPathsLayer({
  set,
  surface,
  period,
}: {
  set: TrajectorySet;
  surface: SurfaceData;
  period: number | null;
}) {
  const layer = useLayer(() => buildFloorPaths(set, surface, period), [set, surface, period]);
  return layer ? <primitive object={layer.object} /> : null;
}

export function IsosurfaceLayer({ field, levels }: { field: ScalarField3D; levels: readonly number[] }) {
  const layer = useLayer(() => buildIsosurface(field, [...levels], { opacity: 0.8 }), [field, levels]);
  return layer ? <primitive object={layer.object} /> : null;
}

type PointsSpec = Extract<LayerSpec, { kind: 'points' }>;

/** Dots on the surface (a diffusion run's particles, the data points). */
export function PointsLayer({ x, y, surface, style }: Omit<PointsSpec, 'kind' | 'key'>) {
  const layer = useLayer(() => buildPoints(x, y, surface, style), [x, y, surface, style]);
  return layer ? <primitive object={layer.object} /> : null;
}

/** The layer a spec describes. */
export function SpecLayer({ spec }: { spec: LayerSpec }) {
  switch (spec.kind) {
    case 'contours':
      return <ContourLayer data={spec.data} />;
    case 'vector-field':
      return <VectorFieldLayer field={spec.field} />;
    case 'compare':
      return <CompareMesh data={spec.data} />;
    case 'isosurface':
      return <IsosurfaceLayer field={spec.field} levels={spec.levels} />;
    case 'paths':
      return <TrajectoryLayer set={spec.set} surface={spec.surface} options={spec.options} />;
    case 'floor-paths':
      return <FloorPathsLayer set={spec.set} surface={spec.surface} period={spec.period} />;
    case 'points':
      return <PointsLayer x={spec.x} y={spec.y} surface={spec.surface} style={spec.style} />;
  }
}
