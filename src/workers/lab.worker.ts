// Worker entry: only exposes the API (see lab-api.ts for why it lives elsewhere). Neural
// policy iteration spreads its rollouts over one worker per core (at least 2), started on
// the first neural run.
import * as Comlink from 'comlink';
import { createLabApi } from './lab-api';
import type { RolloutWorkerApi } from './rollout-pool';

const rolloutWorkers = () =>
  Array.from({ length: Math.max(2, navigator.hardwareConcurrency || 2) }, (_, k) =>
    Comlink.wrap<RolloutWorkerApi>(
      new Worker(new URL('./rollout.worker.ts', import.meta.url), {
        type: 'module',
        name: `hjb-rollout-${k}`,
      }),
    ),
  );

Comlink.expose(createLabApi({ rolloutWorkers }));
