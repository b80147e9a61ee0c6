/**
 * Continuous-time Q-learning (docs/numerics.md, "Q-learning"): an actor and a critic
 * learned from simulated transitions alone, through an environment that hides the
 * problem's functions. The critic is Q = V(x) + Δt·A(x, a) by default, or a plain
 * discrete-time Q(x, a); sweepDt compares both across time steps.
 */
import type { CompiledProblem } from '../../problem/types';
import { SolverError } from '../problem';
import type { AnyProblem, SolverDefinition } from '../solver';
import { NetworkFields } from './fields';
import { DEFAULTS, SETTINGS } from './settings';
import { acceptsProblem, solveQLearning, type QLearningResult } from './solve';
import { displayFromRun, networksFromRun, networksToRun } from './store';

export type { QLearningResult } from './solve';
export { sweepDt, SWEEP_DTS, type SweepOptions, type SweepRun } from './sweep';

function control(problem: AnyProblem): CompiledProblem {
  if (problem.kind !== 'control') throw new SolverError('Q-learning runs belong to control problems');
  return problem;
}

export const qLearningSolver: SolverDefinition<QLearningResult> = {
  id: 'q-learning',
  title: 'Continuous-time Q-learning',
  description:
    'Model-free actor–critic learned from simulated transitions only, with a continuous-time critic V + Δt·A (or a discrete one).',
  accepts: acceptsProblem,
  settings: {
    describe: () => SETTINGS,
    defaults: () => ({ ...DEFAULTS, hidden: [...(DEFAULTS.hidden as number[])] }),
  },
  solve: solveQLearning,
  policy: (problem, result) => new NetworkFields(control(problem), result.networks).policy,
  value: (problem, result) => new NetworkFields(control(problem), result.networks).value,
  toRun: (result) =>
    networksToRun(result.networks, result.dt, result.history, result.display, {
      ...result.summary,
      // Not `status`: the run record keeps the status as the lab showed it under that key.
      solverStatus: result.status,
    }),
  fromRun(run) {
    const { networks, dt, history } = networksFromRun(run);
    const summary: Record<string, number | string | boolean> = {};
    for (const [k, v] of Object.entries(run.summary))
      if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') summary[k] = v;
    // Files written before `solverStatus` kept the solver's status under `status`.
    const status = run.summary.solverStatus ?? run.summary.status;
    return {
      solver: 'q-learning',
      status: status === 'cancelled' || status === 'diverged' ? status : 'done',
      warnings: [],
      seconds: history.seconds[history.seconds.length - 1] ?? 0,
      iterations: history.iteration[history.iteration.length - 1] ?? 0,
      history,
      display: displayFromRun(run, networks.actor.spec.outputs),
      summary,
      networks,
      dt,
    };
  },
};
