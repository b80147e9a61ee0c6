/**
 * The networks a neural PI run starts from: the actor at the middle of the control box, the
 * critic plain or (with a quadratic head, quadratic-head.ts) at zero.
 */
import { createMlp, setConstantOutput } from '../../nn';
import type { CompiledProblem } from '../../problem/types';
import { linearStart } from './linear-start';
import type { NeuralPiModel } from './model';
import type { NeuralPiConfig } from './settings';
import { SALT, seedFor } from './streams';

/**
 * Whether the critic has a quadratic part (quadratic-head.ts): 'auto' above d = 2 where the
 * problem has a local linear-quadratic model at the centre, whose V is a quadratic there.
 */
export function quadraticCritic(problem: CompiledProblem, cfg: NeuralPiConfig): boolean {
  if (cfg.criticQuadratic !== 'auto') return cfg.criticQuadratic === 'on';
  return problem.states.length > 2 && linearStart(problem) !== null;
}

export function initialModel(
  problem: CompiledProblem,
  cfg: NeuralPiConfig,
  quadratic = quadraticCritic(problem, cfg),
): NeuralPiModel {
  const d = problem.states.length;
  const m = problem.controls.length;
  const hidden = Array.from({ length: cfg.depth }, () => cfg.width);
  const actor = createMlp(
    { inputs: d, outputs: m, hidden, activation: 'tanh' },
    seedFor(cfg.seed, 0, SALT.actor),
  );
  // Output 0 before the squash: the first policy is the middle of the control box.
  setConstantOutput(actor, new Float64Array(m));
  const critic = createMlp(
    { inputs: d, outputs: 1, hidden, activation: cfg.criticActivation },
    seedFor(cfg.seed, 0, SALT.critic),
  );
  // With a quadratic head the network starts at 0: it holds only what the data confirm.
  if (quadratic) setConstantOutput(critic, new Float64Array(1));
  return {
    actor,
    critic,
    head: { mode: 'linear', shift: 0, scale: 1, sign: 1, tilt: new Array<number>(d).fill(0) },
    centre: Float64Array.from(problem.states, (s) => 0.5 * (s.min + s.max)),
    half: Float64Array.from(problem.states, (s) => 0.5 * (s.max - s.min)),
    controlLo: Float64Array.from(problem.controls, (c) => c.min),
    controlHi: Float64Array.from(problem.controls, (c) => c.max),
  };
}
