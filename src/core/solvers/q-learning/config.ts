/** The learner's settings in its own terms (settings.ts maps the panel's values onto them). */
import type { Activation } from '../../nn';
import type { AdvantageKind, CriticKind } from './networks';
import type { NoiseKind } from './noise';

export interface LearnerConfig {
  critic: CriticKind;
  /** The continuous critic's form of the advantage rate. */
  advantage: AdvantageKind;
  /** Time step of every transition. */
  dt: number;
  /** Systems simulated together. */
  envs: number;
  episodes: number;
  /** Simulated time of one episode. */
  episodeTime: number;
  /** Episodes per reported block (progress, checkpoint, diagnostics). */
  blockEpisodes: number;
  /** Gradient steps per episode, spread over its steps whatever Δt. */
  updatesPerEpisode: number;
  batchSize: number;
  bufferSize: number;
  lrCritic: number;
  lrActor: number;
  /**
   * Start states of the Monte-Carlo returns the value net is refitted to after the last
   * episode (continuous critic; 0 keeps the TD value).
   */
  valueRollouts: number;
  /**
   * Quadratic advantage: steps of the advantage and the actor against the refitted value
   * held fixed, after the first refit (0: none).
   */
  improveSteps: number;
  /** Quadratic advantage: rounds of policy iteration (improvement, then refit) after the first refit. */
  improveRounds: number;
  /** Polyak rate of the target networks per gradient step. */
  tau: number;
  noise: NoiseKind;
  /** Exploration standard deviation as a fraction of each control's half-range. */
  noiseScale: number;
  hidden: number[];
  activation: Activation;
  seed: number;
}
