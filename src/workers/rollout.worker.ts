// Browser worker entry for one rollout worker: only exposes the API (see rollout-pool.ts).
import * as Comlink from 'comlink';
import { createRolloutWorkerApi } from './rollout-pool';

Comlink.expose(createRolloutWorkerApi());
