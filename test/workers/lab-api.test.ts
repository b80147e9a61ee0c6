import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoHeight } from '../../src/core/demo/height-field';
import { createLabApi, type JobProgress, type LabApi } from '../../src/workers/lab-api';
import { bundleWorker } from './bundle-worker';

describe('lab worker API, called directly', () => {
  it('computes the height field and streams progress', async () => {
    const api = createLabApi();
    const seen: JobProgress[] = [];
    const out = await api.demoSurface('j1', { n: 41, min: -3, max: 3 }, (p) => seen.push(p), {
      rowsPerChunk: 10,
    });
    expect(out.status).toBe('done');
    if (out.status !== 'done') return;
    expect(out.result.z[40 * 41 + 0]).toBeCloseTo(demoHeight(3, -3), 12);
    expect(seen.map((p) => p.done)).toEqual([10, 20, 30, 40, 41]);
  });

  it('refuses bad input with a message', async () => {
    const out = await createLabApi().demoSurface('j', { n: 0, min: 0, max: 1 });
    expect(out).toEqual({ status: 'failed', message: expect.stringMatching(/grid size/) });
  });
});

describe('lab worker API over a real worker thread (comlink)', () => {
  let worker: Worker;
  let api: Comlink.Remote<LabApi>;
  beforeAll(async () => {
    worker = new Worker(await bundleWorker('test/workers/node-worker-entry.ts'));
    api = Comlink.wrap<LabApi>(nodeEndpoint(worker));
  });
  afterAll(() => worker.terminate());

  it('transfers the array and reports progress through a proxy', async () => {
    const seen: number[] = [];
    const out = await api.demoSurface(
      'w1',
      { n: 64, min: -1, max: 1 },
      Comlink.proxy((p: JobProgress) => seen.push(p.done)),
    );
    expect(out.status).toBe('done');
    if (out.status === 'done') {
      expect(out.result.z).toBeInstanceOf(Float64Array);
      expect(out.result.z.length).toBe(64 * 64);
    }
    // Progress messages travel on their own port: wait for them to drain.
    await expect.poll(() => seen.at(-1)).toBe(64);
  });

  it('cancel stops a running job promptly', async () => {
    const progress: number[] = [];
    const pending = api.demoSurface(
      'w2',
      { n: 400, min: -1, max: 1 },
      Comlink.proxy((p: JobProgress) => progress.push(p.done)),
      { rowsPerChunk: 1, chunkDelayMs: 20 },
    );
    await expect.poll(() => progress.length).toBeGreaterThan(2);
    expect(await api.cancel('w2')).toBe(true);
    const out = await pending;
    expect(out.status).toBe('cancelled');
    // It stopped within a couple of chunks of the request, far from the 400 rows.
    expect(progress.length).toBeLessThan(50);
    expect(await api.ping()).toBe('pong');
  });
});
