/**
 * Builds the value surface's vertex arrays off the UI thread. On the main thread, the first
 * 201² pendulum snapshot spent most of a 90 ms task on positions, normals, colours and the
 * triangle index (bench ui, traced); here the view only copies the finished arrays into
 * its buffers. The arrays are transferred, not copied, back to the page.
 */
import * as Comlink from 'comlink';
import { buildSurface, type SurfaceRequest } from '../view/surface-arrays';

function surface(req: SurfaceRequest) {
  const reply = buildSurface(req);
  const buffers = [reply.positions.buffer, reply.colors.buffer, reply.normals.buffer];
  if (reply.index) buffers.push(reply.index.buffer);
  return Comlink.transfer(reply, buffers);
}

const api = { surface };
export type GeometryWorkerApi = typeof api;

Comlink.expose(api);
