export { buildContours, contourLayer, type ContourLayer, type ContourOptions } from './contours';
export { contourLevels, contourSegments, type ContourSegments } from './contour-segments';
export {
  axisAt,
  bilinear,
  frameOf,
  locate,
  sceneToData,
  sceneX,
  sceneY,
  sceneZ,
  wrap,
  type Layer,
  type SceneFrame,
} from './frame';
export { buildIsosurface, marchingCubes, type IsosurfaceLayer, type ScalarField3D } from './isosurface';
export { sliceField, type TensorField } from './slice';
export {
  buildTrajectories,
  HeightField,
  type PathAxis,
  type TrajectoryLayer,
  type TrajectoryOptions,
  type TrajectorySet,
} from './trajectories';
export { buildVectorField, type VectorField2D, type VectorFieldLayer } from './vector-field';
