/**
 * Neural policy iteration with default settings (only the seed given): training time to
 * a 2 % relative L2 error of V on the 1-D LQR (the figure the PyTorch peer is timed on),
 * and the times and final errors on Merton and the 6-D LQR; in this thread and with a
 * pool of two rollout worker threads. Reports only; never fails.
 */
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { BenchSuite } from './suite';
import { bundleWorker } from '../scripts/bundle-worker';
import { compileProblem } from '../src/core/problem/compile';
import type { CompiledProblem } from '../src/core/problem/types';
import { neuralPi, neuralPiSolver } from '../src/core/solvers/neural-pi';
import { rolloutPool, type RolloutWorkerApi } from '../src/workers/rollout-pool';

/** Each example with default settings; the 1-D LQR also from the middle of the control box,
 * since the default linear start hands an LQR its Riccati feedback as the first policy. */
const CASES: Array<{ name: string; settings: Record<string, number | string> }> = [
  { name: 'lqr-1d', settings: { seed: 0 } },
  { name: 'lqr-1d', settings: { seed: 0, firstPolicy: 'middle' } },
  { name: 'merton', settings: { seed: 0 } },
  { name: 'lqr-6d', settings: { seed: 0 } },
];

export const neuralSuite: BenchSuite = {
  name: 'neural',
  async run(emit) {
    const file = await bundleWorker('src/workers/rollout-node-entry.ts');
    const workers = [new Worker(file), new Worker(file)];
    const remotes = workers.map((w) => Comlink.wrap<RolloutWorkerApi>(nodeEndpoint(w)));
    try {
      for (const { name, settings } of CASES) {
        const source = readFileSync(`resources/examples/${name}.ts`, 'utf8');
        const problem = compileProblem(source).problem as CompiledProblem;
        for (const pool of [0, 2]) {
          const solver = pool === 0 ? neuralPi : neuralPiSolver(() => rolloutPool(remotes, source));
          const t0 = performance.now();
          const result = await solver.solve(problem, settings, {});
          const wall = (performance.now() - t0) / 1000;
          const errors = result.history.metrics.valueError ?? [];
          const hit = errors.findIndex((e) => e < 0.02);
          emit({
            case: name,
            firstPolicy: settings.firstPolicy ?? 'linear',
            rolloutWorkers: pool === 0 ? 'in-thread' : pool,
            iterations: result.iterations,
            trainSeconds: +result.seconds.toFixed(2),
            wallSeconds: +wall.toFixed(2),
            secondsTo2pc: hit >= 0 ? +result.history.seconds[hit].toFixed(2) : null,
            iterationsTo2pc: hit >= 0 ? hit + 1 : null,
            valueError: result.summary.valueError,
            policyError: result.summary.policyError,
            residual: result.summary.residual,
            valueErrorByIteration: errors.map((e) => +e.toPrecision(3)),
          });
        }
      }
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
  },
};
