/** The renderer's handle on the geometry worker (started on first use). */
import * as Comlink from 'comlink';
import type { SurfaceArrays } from '../view/surface-arrays';
import type { GeometryWorkerApi, SurfaceRequest } from './geometry.worker';

let remote: Comlink.Remote<GeometryWorkerApi> | null = null;

export interface SurfaceReply extends SurfaceArrays {
  index: Uint32Array | null;
}

/** The surface's vertex arrays, built in the geometry worker; answered in request order. */
export function surfaceOffThread(req: SurfaceRequest): Promise<SurfaceReply> {
  remote ??= Comlink.wrap<GeometryWorkerApi>(
    new Worker(new URL('./geometry.worker.ts', import.meta.url), {
      type: 'module',
      name: 'hjb-lab-geometry',
    }),
  );
  // Only the fields the worker reads: the surface data may carry more than it needs.
  const { xs, ys, z, zRange, labels } = req.data;
  return remote.surface({ ...req, data: { xs, ys, z, zRange, labels } });
}
