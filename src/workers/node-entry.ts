// A worker_threads entry exposing the same lab API as the browser worker, for Node: the
// tests and the benchmark run the solver in a real worker thread through it (bundled by
// scripts/bundle-worker.ts, since Node cannot load TypeScript in a worker thread).
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { parentPort } from 'node:worker_threads';
import { createLabApi } from './lab-api';

if (!parentPort) throw new Error('must run in a worker thread');
Comlink.expose(createLabApi(), nodeEndpoint(parentPort));
