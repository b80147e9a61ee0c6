/**
 * The Δt sweep: the same problem learned at several time steps with both critics, each
 * run with the default settings but Δt (and the seed), reporting the policy error (and the
 * value error) over the uniform test set against the exact solution, the mean episode
 * return of the last block, and the run's seconds.
 */
import type { CompiledProblem } from '../../problem/types';
import { SolverError } from '../problem';
import type { SolverHooks } from '../solver';
import type { CriticKind } from './networks';
import { learnerConfig } from './settings';
import { runLearner } from './solve';

export const SWEEP_DTS: readonly number[] = [0.1, 0.03, 0.01, 0.003];

export interface SweepOptions {
  dts?: readonly number[];
  seed?: number;
  critics?: readonly CriticKind[];
  /** Other settings shared by every run (the defaults otherwise). */
  settings?: Record<string, number | string | boolean | number[]>;
  /** Called after each run (progress for a UI or CLI). */
  onRun?: (run: SweepRun, index: number, total: number) => void;
  signal?: SolverHooks['signal'];
}

export interface SweepRun {
  dt: number;
  critic: CriticKind;
  policyError: number;
  valueError?: number;
  return: number;
  seconds: number;
}

export async function sweepDt(problem: CompiledProblem, options: SweepOptions = {}): Promise<SweepRun[]> {
  const dts = options.dts ?? SWEEP_DTS;
  if (dts.length === 0 || !dts.every((d) => Number.isFinite(d) && d > 0))
    throw new SolverError('the Δt sweep needs one or more positive time steps');
  if (!problem.kernels.exact)
    throw new SolverError(
      'the Δt sweep measures errors against the exact solution, and this problem has none',
    );
  const critics = options.critics ?? ['continuous', 'discrete'];
  const runs: SweepRun[] = [];
  const total = dts.length * critics.length;
  for (const dt of dts)
    for (const critic of critics) {
      const config = learnerConfig({
        ...options.settings,
        dt,
        critic,
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
      });
      const result = await runLearner(problem, config, { signal: options.signal });
      if (result.status === 'cancelled') return runs;
      const s = result.summary;
      const run: SweepRun = {
        dt,
        critic,
        policyError: typeof s.policyError === 'number' ? s.policyError : Number.NaN,
        ...(typeof s.valueError === 'number' ? { valueError: s.valueError } : {}),
        return: typeof s.return === 'number' ? s.return : Number.NaN,
        seconds: result.seconds,
      };
      runs.push(run);
      options.onRun?.(run, runs.length - 1, total);
    }
  return runs;
}
