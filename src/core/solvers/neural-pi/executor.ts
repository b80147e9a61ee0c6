/**
 * Where rollouts run. The solver hands a whole iteration's job to an executor and gets
 * one estimate per start back, in order; an executor may split the starts among workers
 * in any way (each start's noise is its own stream, see rollout.ts). The in-process
 * executor is the default; src/workers/rollout-pool.ts spreads a job over worker threads.
 */
import type { PiProblem } from './problem';
import { rolloutPaths, type RolloutJob, type RolloutOutput } from './rollout';

export interface RolloutExecutor {
  /** The paths of every start of the job, in order (as rolloutPaths over all starts). */
  run(job: RolloutJob): Promise<RolloutOutput>;
}

export function inProcessExecutor(problem: PiProblem): RolloutExecutor {
  return {
    run: (job) => Promise.resolve(rolloutPaths(problem, job, 0, startCount(job))),
  };
}

export function startCount(job: RolloutJob): number {
  return job.starts.length / job.model.centre.length;
}

/** Contiguous chunks [first, count) of n starts for `parts` workers, as even as possible. */
export function partitionStarts(n: number, parts: number): Array<[number, number]> {
  const p = Math.max(1, Math.min(parts, n));
  const out: Array<[number, number]> = [];
  let first = 0;
  for (let i = 0; i < p; i++) {
    const count = Math.floor(n / p) + (i < n % p ? 1 : 0);
    out.push([first, count]);
    first += count;
  }
  return out;
}

/** Joins the outputs of consecutive chunks of starts. */
export function concatOutputs(parts: readonly RolloutOutput[]): RolloutOutput {
  const cat = (pick: (o: RolloutOutput) => Float64Array) => {
    const out = new Float64Array(parts.reduce((n, o) => n + pick(o).length, 0));
    let off = 0;
    for (const o of parts) {
      out.set(pick(o), off);
      off += pick(o).length;
    }
    return out;
  };
  return { returns: cat((o) => o.returns), terminal: cat((o) => o.terminal), weight: cat((o) => o.weight) };
}
