/**
 * The renderer's handle on the geometry worker (started on first use): the surface's vertex
 * arrays and the contour segments of a height field. When the worker
 * fails (its script does not load, it crashes, a message cannot be read), the requests in
 * flight and every later one are built on this thread instead, in request order, and the
 * user is told once: the view keeps working, slower, and nothing waits for a dead worker.
 */
import * as Comlink from 'comlink';
import { contourSegments, type ContourSegments } from '../view/layers/contour-segments';
import { buildSurface, type SurfaceReply, type SurfaceRequest } from '../view/surface-arrays';
import type { SurfaceData } from '../view/surface-data';
import type { GeometryWorkerApi } from './geometry.worker';

export type { SurfaceReply } from '../view/surface-arrays';
export type { ContourSegments } from '../view/layers/contour-segments';

/** Contours of a height field: a count of nice levels or the levels themselves. */
export interface ContourRequest {
  data: SurfaceData;
  levels: number | readonly number[];
}

/** What the client needs of a Worker. */
export interface GeometryEndpoint extends Comlink.Endpoint {
  terminate(): void;
}

interface Pending {
  /** The same answer computed on this thread, for when the worker has failed. */
  local(): unknown;
  resolve(reply: unknown): void;
}

export class GeometryClient {
  private remote: Comlink.Remote<GeometryWorkerApi> | null = null;
  private worker: GeometryEndpoint | null = null;
  private failed = false;
  /** In request order (a Set iterates in insertion order). */
  private readonly pending = new Set<Pending>();

  constructor(
    private readonly start: () => GeometryEndpoint,
    private readonly onFailure: (message: string) => void,
  ) {}

  /**
   * The surface's vertex arrays; answered in request order. The request's spare arrays go
   * to the worker (transferred: they are unusable here afterwards).
   */
  surface(req: SurfaceRequest): Promise<SurfaceReply> {
    // Only the fields the worker reads: the surface data may carry more than it needs.
    const data = fieldsOf(req.data);
    const spare = req.spare ?? null;
    const buffers = spare ? [spare.positions.buffer, spare.colors.buffer, spare.normals.buffer] : [];
    return this.call(
      (remote) => remote.surface(Comlink.transfer({ ...req, data, spare }, buffers as ArrayBuffer[])),
      () => buildSurface(req),
    );
  }

  /** The contour segments of a height field; answered in request order with the surfaces. */
  contours(req: ContourRequest): Promise<ContourSegments> {
    const data = fieldsOf(req.data);
    return this.call(
      (remote) => remote.contours({ data, levels: req.levels }),
      () => contourSegments(req.data, req.levels),
    );
  }

  /** Start the worker now, ahead of its first request. */
  warmUp(): void {
    if (!this.failed) this.connect();
  }

  private call<T>(
    send: (remote: Comlink.Remote<GeometryWorkerApi>) => Promise<T>,
    local: () => T,
  ): Promise<T> {
    if (this.failed) return Promise.resolve(local());
    const remote = this.connect();
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = { local, resolve: resolve as (reply: unknown) => void };
      this.pending.add(entry);
      send(remote).then(
        (reply) => {
          if (this.pending.delete(entry)) resolve(reply);
        },
        // An exception in the worker's own code: the same code here would throw too.
        (err: unknown) => {
          if (this.pending.delete(entry)) reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }

  private connect(): Comlink.Remote<GeometryWorkerApi> {
    if (this.remote) return this.remote;
    const worker = this.start();
    const fail = (e: Event) => {
      const message = (e as Partial<ErrorEvent>).message;
      this.fail(typeof message === 'string' && message !== '' ? message : e.type);
    };
    worker.addEventListener('error', fail);
    worker.addEventListener('messageerror', fail);
    this.worker = worker;
    this.remote = Comlink.wrap<GeometryWorkerApi>(worker);
    return this.remote;
  }

  private fail(message: string): void {
    if (this.failed) return;
    this.failed = true;
    this.worker?.terminate();
    this.worker = null;
    this.remote = null;
    const waiting = [...this.pending];
    this.pending.clear();
    for (const p of waiting) p.resolve(p.local());
    this.onFailure(message);
  }
}

/** Told once when the geometry worker has failed (the 3-D view's worker tells the page). */
let failureListener: (message: string) => void = (message) =>
  console.error(`the geometry worker stopped (${message})`);

export function onGeometryWorkerFailure(listener: (message: string) => void): void {
  failureListener = listener;
}

const client = new GeometryClient(
  () =>
    new Worker(new URL('./geometry.worker.ts', import.meta.url), {
      type: 'module',
      name: 'hjb-lab-geometry',
    }),
  (message) => failureListener(message),
);

/** What the worker reads of a height field. */
function fieldsOf({ xs, ys, z, zRange, labels }: SurfaceData): SurfaceData {
  return { xs, ys, z, zRange, labels };
}

/**
 * Start the geometry worker ahead of the first surface. Started by its first request, the
 * worker's creation shared a task with the first 2-D snapshot of the page (in a profile of
 * the first 201² pendulum solve, the Worker constructor was 65 ms of that task's 232,
 * load ~7): the view calls this once its programs are ready, in a task of its own.
 */
export function startGeometryWorker(): void {
  client.warmUp();
}

/** The surface's vertex arrays, built in the geometry worker; answered in request order. */
export function surfaceOffThread(req: SurfaceRequest): Promise<SurfaceReply> {
  return client.surface(req);
}

/** A height field's contour segments, found in the geometry worker. */
export function contoursOffThread(req: ContourRequest): Promise<ContourSegments> {
  return client.contours(req);
}
