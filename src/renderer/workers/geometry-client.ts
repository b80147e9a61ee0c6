/**
 * The renderer's handle on the geometry worker (started on first use). When the worker
 * fails (its script does not load, it crashes, a message cannot be read), the requests in
 * flight and every later one are built on this thread instead, in request order, and the
 * user is told once: the view keeps working, slower, and nothing waits for a dead worker.
 */
import * as Comlink from 'comlink';
import { useLab } from '../state/store';
import { buildSurface, type SurfaceReply, type SurfaceRequest } from '../view/surface-arrays';
import type { GeometryWorkerApi } from './geometry.worker';

export type { SurfaceReply } from '../view/surface-arrays';

/** What the client needs of a Worker. */
export interface GeometryEndpoint extends Comlink.Endpoint {
  terminate(): void;
}

interface Pending {
  req: SurfaceRequest;
  resolve(reply: SurfaceReply): void;
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

  /** The surface's vertex arrays; answered in request order. */
  surface(req: SurfaceRequest): Promise<SurfaceReply> {
    if (this.failed) return Promise.resolve(buildSurface(req));
    const remote = this.connect();
    // Only the fields the worker reads: the surface data may carry more than it needs.
    const { xs, ys, z, zRange, labels } = req.data;
    return new Promise<SurfaceReply>((resolve, reject) => {
      const entry: Pending = { req, resolve };
      this.pending.add(entry);
      remote.surface({ ...req, data: { xs, ys, z, zRange, labels } }).then(
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
    for (const p of waiting) p.resolve(buildSurface(p.req));
    this.onFailure(message);
  }
}

const client = new GeometryClient(
  () =>
    new Worker(new URL('./geometry.worker.ts', import.meta.url), {
      type: 'module',
      name: 'hjb-lab-geometry',
    }),
  (message) =>
    useLab.setState({
      notice: {
        kind: 'error',
        text: `The geometry worker stopped (${message}); surfaces are now built on the UI thread, so the view may stutter during a solve.`,
      },
    }),
);

/** The surface's vertex arrays, built in the geometry worker; answered in request order. */
export function surfaceOffThread(req: SurfaceRequest): Promise<SurfaceReply> {
  return client.surface(req);
}
