import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { GeometryClient, type GeometryEndpoint } from '../../../src/renderer/workers/geometry-client';
import { contourSegments } from '../../../src/renderer/view/layers/contour-segments';
import { buildSurface, type SurfaceRequest } from '../../../src/renderer/view/surface-arrays';
import type { ContourRequest } from '../../../src/renderer/workers/geometry-client';

function request(n: number, withIndex: boolean, lift = 0): SurfaceRequest {
  const xs = Float64Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
  const z = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) z[i * n + j] = xs[i] * xs[i] - xs[j] + lift;
  return {
    data: { xs, ys: xs, z, labels: { x: 'x', y: 'y', z: 'V' } },
    colormap: 'viridis',
    color: null,
    withIndex,
  };
}

/** A worker that takes messages and never answers, until told to fail. */
class SilentWorker extends EventTarget implements GeometryEndpoint {
  posted = 0;
  terminated = false;
  postMessage(): void {
    this.posted++;
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe('geometry client', () => {
  it("answers with the worker's arrays, in request order", async () => {
    const channel = new MessageChannel();
    Comlink.expose(
      {
        surface: (req: SurfaceRequest) => buildSurface(req),
        contours: (req: ContourRequest) => contourSegments(req.data, req.levels),
      },
      channel.port2,
    );
    const endpoint = Object.assign(channel.port1, { terminate: () => channel.port1.close() });
    const failures: string[] = [];
    const client = new GeometryClient(
      () => endpoint,
      (m) => failures.push(m),
    );
    const reqs = [request(5, true), request(5, false, 1), request(7, true, 2)];
    const replies = await Promise.all(reqs.map((r) => client.surface(r)));
    replies.forEach((reply, k) => {
      const want = buildSurface(reqs[k]);
      expect(reply.positions).toEqual(want.positions);
      expect(reply.colors).toEqual(want.colors);
      expect(reply.normals).toEqual(want.normals);
      expect(reply.index).toEqual(want.index);
    });
    expect(replies[1].index).toBeNull();
    // Contours come through the same worker, in order with the surfaces.
    const contours = await client.contours({ data: reqs[2].data, levels: 6 });
    const want = contourSegments(reqs[2].data, 6);
    expect(contours.levels).toEqual(want.levels);
    expect(contours.xy).toEqual(want.xy);
    expect(contours.level).toEqual(want.level);
    expect(want.xy.length).toBeGreaterThan(0);
    expect(failures).toEqual([]);
    channel.port1.close();
  });

  it('spare arrays go to the worker (transferred) and the reply is built in them', async () => {
    const channel = new MessageChannel();
    const seen: (number | undefined)[] = [];
    Comlink.expose(
      {
        surface: (req: SurfaceRequest) => {
          seen.push(req.spare?.positions.length);
          const reply = buildSurface(req);
          // The reply's arrays are the spare ones when they fit.
          expect(reply.positions).toBe(req.spare?.positions);
          return reply;
        },
        contours: (req: ContourRequest) => contourSegments(req.data, req.levels),
      },
      channel.port2,
    );
    const endpoint = Object.assign(channel.port1, { terminate: () => channel.port1.close() });
    const client = new GeometryClient(
      () => endpoint,
      () => undefined,
    );
    const spare = buildSurface(request(5, false, 3));
    const reply = await client.surface({ ...request(5, false, 1), spare });
    expect(spare.positions.length).toBe(0);
    expect(spare.colors.length).toBe(0);
    expect(spare.normals.length).toBe(0);
    expect(seen).toEqual([75]);
    const want = buildSurface(request(5, false, 1));
    expect(reply.positions).toEqual(want.positions);
    expect(reply.colors).toEqual(want.colors);
    expect(reply.normals).toEqual(want.normals);
    channel.port1.close();
  });

  it('warmUp starts the worker once, before any request, and not again after it failed', async () => {
    const workers: SilentWorker[] = [];
    const client = new GeometryClient(
      () => {
        const w = new SilentWorker();
        workers.push(w);
        return w;
      },
      () => undefined,
    );
    client.warmUp();
    client.warmUp();
    expect(workers.length).toBe(1);
    expect(workers[0].posted).toBe(0);
    const reply = client.surface(request(5, true));
    expect(workers.length).toBe(1);
    expect(workers[0].posted).toBe(1);
    workers[0].dispatchEvent(new Event('error'));
    await reply;
    client.warmUp();
    expect(workers.length).toBe(1);
  });

  it('a failed worker: requests in flight and later ones are built here, and the user is told once', async () => {
    const worker = new SilentWorker();
    const failures: string[] = [];
    const client = new GeometryClient(
      () => worker,
      (m) => failures.push(m),
    );
    const first = client.surface(request(5, true));
    const second = client.surface(request(5, false, 1));
    const lines = client.contours({ data: request(5, false, 1).data, levels: 4 });
    expect(worker.posted).toBe(3);
    const order: number[] = [];
    void first.then(() => order.push(1));
    void second.then(() => order.push(2));
    void lines.then(() => order.push(3));

    worker.dispatchEvent(Object.assign(new Event('error'), { message: 'script failed to load' }));
    worker.dispatchEvent(new Event('messageerror'));
    const [a, b, c] = await Promise.all([first, second, lines]);
    expect(order).toEqual([1, 2, 3]);
    expect(a).toEqual(buildSurface(request(5, true)));
    expect(b).toEqual(buildSurface(request(5, false, 1)));
    expect(c).toEqual(contourSegments(request(5, false, 1).data, 4));
    expect(failures).toEqual(['script failed to load']);
    expect(worker.terminated).toBe(true);

    const later = await client.surface(request(7, true, 2));
    expect(later).toEqual(buildSurface(request(7, true, 2)));
    expect(await client.contours({ data: request(7, true, 2).data, levels: 5 })).toEqual(
      contourSegments(request(7, true, 2).data, 5),
    );
    expect(worker.posted).toBe(3);
  });
});
