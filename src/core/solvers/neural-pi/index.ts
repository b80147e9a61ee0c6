/**
 * Neural policy iteration: a value network and a policy network for control problems of
 * any dimension (docs/numerics.md, "Neural policy iteration"). `neuralPi` runs rollouts in
 * the calling thread; `neuralPiSolver(makeExecutor)` takes another executor (a worker pool).
 */
import type { CompiledProblem } from '../../problem/types';
import type { AnyProblem, BatchField, SolverDefinition } from '../solver';
import { SolverError } from '../problem';
import type { RolloutExecutor } from './executor';
import { actorControls, criticValues, scaleInputs } from './model';
import { defaultSettings, parseSettings, SETTINGS } from './settings';
import { solveNeuralPi, type NeuralPiResult } from './solve';
import { fromRun, toRun } from './store';

export type { NeuralPiResult } from './solve';
export type { NeuralPiModel, ValueHead } from './model';
export {
  inProcessExecutor,
  partitionStarts,
  concatOutputs,
  startCount,
  type RolloutExecutor,
} from './executor';
export { rolloutPaths, streamSeed, type RolloutJob, type RolloutOutput } from './rollout';

/** null when neural PI can take the problem, else why not. */
export function acceptsProblem(problem: AnyProblem): string | null {
  if (problem.kind !== 'control')
    return 'Neural policy iteration solves control problems; pick the diffusion solver for a diffusion problem.';
  if (problem.horizon !== null)
    return 'Neural policy iteration here solves infinite-horizon and exit problems; pick the grid solver for a finite horizon.';
  if (problem.timeDependent)
    return 'Neural policy iteration needs time-independent dynamics and rewards for an infinite horizon.';
  if (problem.controls.length === 0) return 'The problem has no controls: there is no policy to learn.';
  const stops = problem.states.some((s) => s.boundary === 'exit') || problem.kernels.target !== undefined;
  if (!((problem.discount ?? 0) > 0) && !stops)
    return 'Without a discount the value is only finite when paths stop (exit faces or a target); add a discount.';
  return null;
}

function asControl(problem: AnyProblem): CompiledProblem {
  const why = acceptsProblem(problem);
  if (why) throw new SolverError(why);
  return problem as CompiledProblem;
}

/** Evaluates the networks over a batch in chunks (bounded scratch). */
function batchField(
  problem: CompiledProblem,
  result: NeuralPiResult,
  fill: (Xn: Float64Array, b: number, out: Float64Array[]) => void,
  outputs: number,
): BatchField {
  const d = problem.states.length;
  const chunk = 4096;
  const Xn = new Float64Array(chunk * d);
  const tmp = Array.from({ length: outputs }, () => new Float64Array(chunk));
  return (xs, _t, out, n) => {
    for (let p0 = 0; p0 < n; p0 += chunk) {
      const b = Math.min(chunk, n - p0);
      scaleInputs(
        result.model,
        xs.map((x) => x.subarray(p0, p0 + b)),
        b,
        Xn,
      );
      fill(Xn, b, tmp);
      for (let j = 0; j < outputs; j++) out[j].set(tmp[j].subarray(0, b), p0);
    }
  };
}

export function neuralPiSolver(
  makeExecutor?: (problem: CompiledProblem) => RolloutExecutor,
): SolverDefinition<NeuralPiResult> {
  return {
    id: 'neural-pi',
    title: 'Neural policy iteration',
    description:
      'Value and policy networks trained by Monte-Carlo policy evaluation and ascent on Q with exact network derivatives; any dimension.',
    accepts: acceptsProblem,
    // The objective is a mean of Q in the problem's sense, often negative: the linear axis.
    metrics: [
      { name: 'valueError', label: 'V error vs exact', scale: 'log' },
      { name: 'policyError', label: 'policy error vs exact', scale: 'log' },
      { name: 'residual', label: 'HJB residual / its terms', scale: 'log' },
      { name: 'valueLoss', label: 'value-fit loss', scale: 'log' },
      { name: 'valueChange', label: 'V change', scale: 'log' },
      { name: 'policyChange', label: 'policy change', scale: 'log' },
      { name: 'policyObjective', label: 'policy objective', scale: 'linear' },
    ],
    settings: {
      describe: () => SETTINGS,
      defaults: (problem) => defaultSettings(asControl(problem)),
    },
    async solve(problem, settings, hooks) {
      const p = asControl(problem);
      const cfg = parseSettings(p, settings);
      return solveNeuralPi(p, cfg, hooks, { executor: makeExecutor?.(p) });
    },
    policy(problem, result) {
      const p = asControl(problem);
      const m = p.controls.length;
      const buf = new Float64Array(4096 * m);
      return batchField(p, result, (Xn, b, out) => actorControls(result.model, Xn, b, out, buf), m);
    },
    value(problem, result) {
      const p = asControl(problem);
      return batchField(
        p,
        result,
        (Xn, b, out) => {
          criticValues(result.model, Xn, b, out[0]);
          for (let q = 0; q < b; q++) out[0][q] *= p.sense;
        },
        1,
      );
    },
    toRun,
    fromRun,
  };
}

export const neuralPi: SolverDefinition<NeuralPiResult> = neuralPiSolver();
