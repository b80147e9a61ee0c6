/**
 * Builds the value surface's vertex arrays off the UI thread. On the main thread, the first
 * 201² pendulum snapshot spent most of a 90 ms task on positions, normals, colours and the
 * triangle index (bench ui, traced); here the view only copies the finished arrays into
 * its buffers. The arrays are transferred, not copied, back to the page.
 */
import * as Comlink from 'comlink';
import { gridIndex, surfaceArrays, type SurfaceColor } from '../view/surface-arrays';
import type { ColormapName } from '../view/colormap';
import type { SurfaceData } from '../view/surface-data';

export interface SurfaceRequest {
  data: SurfaceData;
  colormap: ColormapName;
  color: SurfaceColor | null;
  /** Also build the triangle index (a new grid shape). */
  withIndex: boolean;
}

function surface(req: SurfaceRequest) {
  const arrays = surfaceArrays(req.data, req.colormap, req.color);
  const index = req.withIndex ? gridIndex(req.data.xs.length, req.data.ys.length) : null;
  const buffers = [arrays.positions.buffer, arrays.colors.buffer, arrays.normals.buffer];
  if (index) buffers.push(index.buffer);
  return Comlink.transfer({ ...arrays, index }, buffers);
}

const api = { surface };
export type GeometryWorkerApi = typeof api;

Comlink.expose(api);
