/**
 * Rollout workers on real worker threads (the bundled rollout worker entry), started before a
 * describe block's tests and terminated after them: the pool the neural-PI tests run on.
 */
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll } from 'vitest';
import { bundleWorker } from '../../scripts/bundle-worker';
import type { RolloutWorkerApi } from '../../src/workers/rollout-pool';

/** Call inside a describe block; the returned function gives the started workers' remotes. */
export function useRolloutThreads(count: number): () => Comlink.Remote<RolloutWorkerApi>[] {
  const workers: Worker[] = [];
  let remotes: Comlink.Remote<RolloutWorkerApi>[] = [];
  beforeAll(async () => {
    const file = await bundleWorker('src/workers/rollout-node-entry.ts');
    for (let i = 0; i < count; i++) workers.push(new Worker(file));
    remotes = workers.map((w) => Comlink.wrap<RolloutWorkerApi>(nodeEndpoint(w)));
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.terminate()));
  });
  return () => remotes;
}
