/**
 * Neural policy iteration's rollouts spread over workers. Each worker compiles the problem
 * from its source once and simulates contiguous chunks of an iteration's start states;
 * every start draws its noise from its own stream (src/core/solvers/neural-pi/rollout.ts),
 * so the pool gives the same numbers as one thread, whatever its size. Transport only:
 * the numerics are in src/core. Works with browser Workers and Node worker_threads alike
 * through comlink endpoints.
 */
import * as Comlink from 'comlink';
import { compileProblem } from '../core/problem/compile';
import type { CompiledProblem } from '../core/problem/types';
import {
  concatOutputs,
  partitionStarts,
  rolloutPaths,
  startCount,
  type RolloutExecutor,
  type RolloutJob,
  type RolloutOutput,
} from '../core/solvers/neural-pi';
import { SolverError } from '../core/solvers/problem';

/** What one rollout worker exposes. */
export interface RolloutWorkerApi {
  /** Compiles the problem that the following runs simulate. */
  load(source: string, overrides?: Record<string, number>): void;
  run(job: RolloutJob, first: number, count: number): RolloutOutput;
}

export function createRolloutWorkerApi(): RolloutWorkerApi {
  let problem: CompiledProblem | null = null;
  return {
    load(source, overrides) {
      const result = compileProblem(source, { overrides });
      if (!result.problem || result.problem.kind !== 'control')
        throw new SolverError('the rollout worker could not compile the problem as a control problem');
      problem = result.problem;
    },
    run(job, first, count) {
      if (!problem) throw new SolverError('the rollout worker has no problem loaded');
      const out = rolloutPaths(problem, job, first, count);
      return Comlink.transfer(out, [out.returns.buffer, out.terminal.buffer, out.weight.buffer]);
    },
  };
}

/**
 * An executor over the given workers for one problem (its source and parameter
 * overrides, exactly as the solving thread compiled it).
 */
export function rolloutPool(
  workers: readonly Comlink.Remote<RolloutWorkerApi>[],
  source: string,
  overrides?: Record<string, number>,
): RolloutExecutor {
  if (workers.length === 0) throw new SolverError('a rollout pool needs at least one worker');
  let loaded: Promise<unknown> | null = null;
  return {
    async run(job) {
      loaded ??= Promise.all(workers.map((w) => w.load(source, overrides)));
      await loaded;
      const parts = partitionStarts(startCount(job), workers.length);
      const outs = await Promise.all(parts.map(([first, count], i) => workers[i].run(job, first, count)));
      return concatOutputs(outs);
    },
  };
}
