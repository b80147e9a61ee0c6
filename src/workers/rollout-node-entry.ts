// A worker_threads entry for one rollout worker (see rollout-pool.ts), for Node: the CLI,
// the tests and the benchmark start it from a bundle (scripts/bundle-worker.ts).
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { parentPort } from 'node:worker_threads';
import { createRolloutWorkerApi } from './rollout-pool';

if (!parentPort) throw new Error('must run in a worker thread');
Comlink.expose(createRolloutWorkerApi(), nodeEndpoint(parentPort));
