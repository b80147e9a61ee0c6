/**
 * One round of policy improvement in the final phase (docs/numerics.md §14.3, step 2):
 * held pairs from the policy as it stands (held-pairs.ts), `improveSteps` steps of the
 * quadratic advantage (and, in the first round, the actor) against the value held fixed,
 * then the actor's output layer solved on the same pairs (actor-fit.ts).
 */
import type { Environment } from '../../env';
import { cosineRate, gatherRows } from '../../nn';
import type { Random } from '../../sim/random';
import { fitActorOutput } from './actor-fit';
import type { Chunked } from './chunks';
import type { LearnerConfig } from './config';
import type { Encoding } from './encoding';
import { heldPairs, MIDDLE, MIN_HOLD } from './held-pairs';
import type { Evaluator, Networks } from './networks';
import { quadraticStep } from './quadratic-step';
import type { StepWorkspace } from './workspace';

/** Policy-improvement steps between chunk boundaries of the final phase. */
const IMPROVE_CHUNK = 50;
/**
 * Held pairs from the middle of the box the improvement step draws its mini-batches from
 * (besides a share of the starts outside it, held-pairs.ts).
 */
const PAIR_STARTS = 1 << 15;

/** What a round works on: the learner's networks, workspace and mini-batch rows. */
export interface ImprovementRun {
  env: Environment;
  encoding: Encoding;
  evaluator: Evaluator;
  nets: Networks;
  ws: StepWorkspace;
  config: LearnerConfig;
  /** Draws the mini-batches. */
  rng: Random;
  /** Mini-batch indices and targets (batch size). */
  idx: Int32Array;
  y: Float64Array;
}

/**
 * One round from the pairs of `seed`. With `moveActor` the actor takes Adam steps with the
 * advantage and is the mean of the second half's iterates before the solve; without, only
 * its output layer moves, by the solve.
 *
 * Why later rounds hold the hidden layers: the solve leaves output weights of norm 10–25
 * (the features are nearly dependent), and Adam's steps on the hidden layers, amplified by
 * them, threw the actor out of the box in a second round that moved them (α = +0.5, seed 1;
 * α = +1.5, seed 2: a(0) ≈ −7).
 */
export function* improvePolicy(run: ImprovementRun, seed: number, moveActor: boolean): Chunked<void> {
  const { env, nets, config: c } = run;
  const pairs = yield* heldPairs(
    env,
    run.encoding,
    run.evaluator,
    run.evaluator,
    c.dt,
    Math.max(c.dt, MIN_HOLD),
    c.noiseScale,
    Math.ceil(PAIR_STARTS / (env.size * MIDDLE ** env.stateDim)),
    seed,
  );
  const { ws, idx, y } = run;
  const { B, zd, ad } = ws;
  const actor = nets.actor.params;
  const mean = new Float64Array(actor.length);
  const from = c.improveSteps >> 1;
  for (let k = 0; k < c.improveSteps; k++) {
    if (k > 0 && k % IMPROVE_CHUNK === 0) yield;
    const rate = (base: number) => cosineRate(k, c.improveSteps, base, base / 10);
    // A mini-batch of pairs; V and its target stay as they are.
    for (let i = 0; i < B; i++) idx[i] = Math.floor(run.rng.uniform() * pairs.n);
    gatherRows(pairs.z, zd, idx, ws.zb);
    gatherRows(pairs.a, ad, idx, ws.ab);
    gatherRows(pairs.y, 1, idx, y);
    quadraticStep(ws, y, rate(c.lrCritic), moveActor ? rate(c.lrActor) : 0, false);
    if (moveActor && k >= from)
      for (let i = 0; i < actor.length; i++) mean[i] += (actor[i] - mean[i]) / (k - from + 1);
  }
  if (moveActor) actor.set(mean);
  yield* fitActorOutput(nets, pairs, c.dt);
}
