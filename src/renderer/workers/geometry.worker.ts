/**
 * Builds the value surface's vertex arrays and the contour segments off the UI thread. On
 * the main thread, the first 201² pendulum snapshot spent most of a 90 ms task on
 * positions, normals, colours and the triangle index (bench ui, traced), and the result's
 * contours were 17–29 ms CPU of a task (traced, load 8–13); here the view only takes the
 * finished arrays into its buffers. The arrays are transferred, not copied, back to the page,
 * and the page sends the ones it no longer draws back with a request to be written over
 * (`spare`): a solve's snapshots allocate no vertex arrays on either side.
 */
import * as Comlink from 'comlink';
import { contourSegments, type ContourSegments } from '../view/layers/contour-segments';
import { buildSurface, type SurfaceRequest } from '../view/surface-arrays';
import type { ContourRequest } from './geometry-client';

function surface(req: SurfaceRequest) {
  const reply = buildSurface(req);
  const buffers = [reply.positions.buffer, reply.colors.buffer, reply.normals.buffer];
  if (reply.index) buffers.push(reply.index.buffer);
  return Comlink.transfer(reply, buffers);
}

function contours(req: ContourRequest): ContourSegments {
  const reply = contourSegments(req.data, req.levels);
  return Comlink.transfer(reply, [reply.xy.buffer, reply.level.buffer]);
}

const api = { surface, contours };
export type GeometryWorkerApi = typeof api;

Comlink.expose(api);
