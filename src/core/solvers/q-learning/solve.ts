/**
 * One Q-learning run on a compiled problem: the environment is built here and handed to
 * the learner; diagnostics against the exact solution are computed here, on this side of
 * the boundary, after each block of episodes.
 */
import { createEnvironment } from '../../env';
import type { CompiledProblem } from '../../problem/types';
import { SolverError } from '../problem';
import type { AnyProblem, RunHistory, RunStatus, SettingValues, SolverHooks, SolverResult } from '../solver';
import type { LearnerConfig } from './config';
import { displayFields, NetworkFields, testErrors, testSet } from './fields';
import { QLearner } from './learner';
import type { Networks } from './networks';
import { learnerConfig } from './settings';

export interface QLearningResult extends SolverResult {
  networks: Networks;
  dt: number;
}

export function acceptsProblem(problem: AnyProblem): string | null {
  if (problem.kind !== 'control')
    return 'Q-learning solves control problems; for a diffusion problem pick the diffusion solver.';
  if (problem.controls.length === 0) return 'Q-learning needs at least one control; this problem has none.';
  if (problem.discount === null && problem.horizon === null)
    return 'Q-learning needs a discount or a finite horizon (an exit problem with neither has no time scale for its targets); use the grid solver.';
  return null;
}

function cancelled(signal: SolverHooks['signal']): boolean {
  if (!signal) return false;
  return 'aborted' in signal ? signal.aborted : signal.cancelled;
}

export async function solveQLearning(
  problem: AnyProblem,
  settings: SettingValues,
  hooks: SolverHooks = {},
): Promise<QLearningResult> {
  const why = acceptsProblem(problem);
  if (why) throw new SolverError(why);
  const p = problem as CompiledProblem;
  const config = learnerConfig(settings);
  return runLearner(p, config, hooks);
}

export async function runLearner(
  problem: CompiledProblem,
  config: LearnerConfig,
  hooks: SolverHooks,
): Promise<QLearningResult> {
  const t0 = performance.now();
  const seconds = () => (performance.now() - t0) / 1000;
  const env = createEnvironment(problem, config.envs);
  const learner = new QLearner(env, config);
  const fields = new NetworkFields(problem, learner.nets, learner.encoding);
  const set = testSet(problem);
  const history: RunHistory = { iteration: [], seconds: [], metrics: { return: [], tdLoss: [] } };
  let diverged = false;
  let blocks = 0;
  const outcome = await learner.train({
    cancelled: () => diverged || cancelled(hooks.signal),
    async onBlock(r) {
      blocks++;
      const errs = testErrors(problem, fields, set);
      const metrics: Record<string, number> = {
        return: problem.sense * r.return,
        tdLoss: r.tdLoss,
        transitions: r.transitions,
        ...errs,
      };
      if (!Number.isFinite(r.tdLoss) && r.episode > config.blockEpisodes) diverged = true;
      history.iteration.push(r.episode);
      history.seconds.push(seconds());
      for (const [k, v] of Object.entries(metrics)) {
        if (k === 'transitions') continue;
        (history.metrics[k] ??= []).push(v);
      }
      const snap = hooks.snapshotEvery && blocks % hooks.snapshotEvery === 0;
      hooks.onProgress?.({
        iteration: r.episode,
        elapsed: seconds(),
        metrics,
        phase: `episode ${r.episode} of ${config.episodes}`,
        ...(snap ? { snapshot: snapshotOf(problem, fields) } : {}),
      });
      // Cancelled in the final phase, the last block is still reported; nothing is left to hold.
      if (!cancelled(hooks.signal)) await hooks.checkpoint?.();
    },
    // A stage of the final phase: a progress report with the networks' errors and surfaces
    // (no episodes ran: no return or TD loss); the history keeps one row per block.
    async onStage(stage) {
      hooks.onProgress?.({
        iteration: config.episodes,
        elapsed: seconds(),
        metrics: testErrors(problem, fields, set),
        phase: `final phase: ${stage}`,
        snapshot: snapshotOf(problem, fields),
      });
      await hooks.checkpoint?.();
    },
    async checkpoint() {
      await hooks.checkpoint?.();
    },
  });
  diverged ||= learner.diverged;
  const done = outcome.episodes;
  const status: RunStatus = diverged ? 'diverged' : outcome.complete ? 'done' : 'cancelled';
  const last = (k: string) => history.metrics[k]?.[history.metrics[k].length - 1];
  const summary: Record<string, number | string | boolean> = {
    episodes: done,
    critic: config.critic,
    dt: config.dt,
  };
  for (const k of ['return', 'tdLoss', 'valueError', 'policyError']) {
    const v = last(k);
    if (v !== undefined && Number.isFinite(v)) summary[k] = v;
  }
  return {
    solver: 'q-learning',
    status,
    warnings: diverged
      ? ['the networks diverged (NaN or infinite TD loss or actions): lower the learning rates or τ']
      : [],
    seconds: seconds(),
    iterations: done,
    history,
    display: displayFields(problem, fields),
    summary,
    networks: learner.nets,
    dt: config.dt,
  };
}

function snapshotOf(problem: CompiledProblem, fields: NetworkFields) {
  const d = displayFields(problem, fields);
  return { grid: d.grid, value: d.value, policy: d.policy };
}
