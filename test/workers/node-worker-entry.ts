// A worker_threads entry exposing the same lab API as the browser worker, for Node tests.
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { parentPort } from 'node:worker_threads';
import { createLabApi } from '../../src/workers/lab-api';

if (!parentPort) throw new Error('must run in a worker thread');
Comlink.expose(createLabApi(), nodeEndpoint(parentPort));
