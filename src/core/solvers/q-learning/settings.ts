/**
 * The solver's settings as data (the panel's form, the CLI's --setting flags) and their
 * translation into a LearnerConfig. Defaults are what the accuracy tests run: on the 1-D
 * LQR they reach the gain within a few per cent in about 5000 gradient steps.
 */
import { ACTIVATIONS, type Activation } from '../../nn';
import { SolverError } from '../problem';
import type { SettingSpec, SettingValue, SettingValues } from '../solver';
import type { LearnerConfig } from './config';

export const SETTINGS: readonly SettingSpec[] = [
  {
    name: 'critic',
    label: 'Critic',
    kind: 'choice',
    choices: ['continuous', 'discrete'],
    help: 'continuous: Q = V(x) + Δt·A(x, a), the advantage learned as a rate (stays sound as Δt → 0); discrete: one network Q(x, a).',
  },
  {
    name: 'advantage',
    label: 'Advantage',
    kind: 'choice',
    choices: ['quadratic', 'network'],
    help: "Continuous critic: quadratic, A a concave quadratic in a about the actor's action (the actor is its exact maximiser); network, A a free network the actor ascends.",
  },
  {
    name: 'dt',
    label: 'Time step Δt',
    kind: 'number',
    min: 1e-4,
    max: 1,
    help: 'Time step of every transition.',
  },
  { name: 'episodes', label: 'Episodes', kind: 'integer', min: 1, max: 1e6, help: 'Episodes of training.' },
  {
    name: 'episodeTime',
    label: 'Episode length',
    kind: 'number',
    min: 1e-3,
    max: 1e4,
    help: 'Simulated time per episode; short episodes keep the start states spread over the box.',
  },
  {
    name: 'envs',
    label: 'Parallel systems',
    kind: 'integer',
    min: 1,
    max: 4096,
    help: 'Systems simulated together.',
  },
  {
    name: 'updatesPerEpisode',
    label: 'Gradient steps per episode',
    kind: 'integer',
    min: 1,
    max: 1e6,
    help: 'Critic and actor steps per episode, spread over its time steps whatever Δt.',
  },
  {
    name: 'batchSize',
    label: 'Batch size',
    kind: 'integer',
    min: 1,
    max: 65536,
    help: 'Transitions per gradient step.',
  },
  {
    name: 'bufferSize',
    label: 'Replay buffer',
    kind: 'integer',
    min: 16,
    max: 1e7,
    help: 'Transitions kept for replay.',
  },
  {
    name: 'lrCritic',
    label: 'Critic learning rate',
    kind: 'number',
    min: 1e-7,
    max: 1,
    help: 'Adam rate (cosine decay to a tenth).',
  },
  {
    name: 'lrActor',
    label: 'Actor learning rate',
    kind: 'number',
    min: 0,
    max: 1,
    help: 'Adam rate (cosine decay to a tenth).',
  },
  {
    name: 'valueRollouts',
    label: 'Value rollouts',
    kind: 'integer',
    min: 0,
    max: 100000,
    help: 'Continuous critic: after the last episode, V is refitted to the returns of the learned policy (no exploration) from this many start states over 4/ρ; 0 keeps the TD value.',
  },
  {
    name: 'improveSteps',
    label: 'Improvement steps',
    kind: 'integer',
    min: 0,
    max: 1e6,
    help: 'Quadratic advantage: after the value refit, gradient steps of the advantage and the actor against that value held fixed (one policy-improvement step), then the value is refitted again; 0 skips it.',
  },
  {
    name: 'improveRounds',
    label: 'Improvement rounds',
    kind: 'integer',
    min: 1,
    max: 10,
    help: 'Quadratic advantage: rounds of policy iteration after the last episode, each an improvement step against the value refitted to the returns, then a refit to the improved policy’s returns.',
  },
  {
    name: 'tau',
    label: 'Target rate τ',
    kind: 'number',
    min: 1e-5,
    max: 1,
    help: 'Polyak rate of the target networks per gradient step.',
  },
  {
    name: 'noise',
    label: 'Exploration',
    kind: 'choice',
    choices: ['gaussian', 'ou'],
    help: 'Gaussian: independent per step; ou: Ornstein–Uhlenbeck with correlation time 0.3.',
  },
  {
    name: 'noiseScale',
    label: 'Exploration scale',
    kind: 'number',
    min: 0,
    max: 2,
    help: 'Standard deviation as a fraction of each control half-range.',
  },
  {
    name: 'hidden',
    label: 'Hidden widths',
    kind: 'integer-list',
    min: 1,
    max: 1024,
    help: 'Widths of every network.',
  },
  {
    name: 'activation',
    label: 'Activation',
    kind: 'choice',
    choices: ACTIVATIONS,
    help: 'Hidden-layer activation.',
  },
  {
    name: 'blockEpisodes',
    label: 'Episodes per report',
    kind: 'integer',
    min: 1,
    max: 1e6,
    help: 'Episodes between progress reports, pauses and diagnostics.',
  },
  { name: 'seed', label: 'Seed', kind: 'integer', min: 0, max: 2 ** 31 - 1, help: 'Same seed, same run.' },
];

export const DEFAULTS: Readonly<SettingValues> = {
  critic: 'continuous',
  advantage: 'quadratic',
  dt: 0.03,
  episodes: 100,
  episodeTime: 1,
  envs: 32,
  updatesPerEpisode: 60,
  batchSize: 128,
  bufferSize: 100000,
  lrCritic: 3e-3,
  lrActor: 1e-3,
  valueRollouts: 1024,
  improveSteps: 1000,
  improveRounds: 2,
  tau: 0.05,
  noise: 'gaussian',
  noiseScale: 0.25,
  hidden: [32, 32],
  activation: 'tanh',
  blockEpisodes: 5,
  seed: 1,
};

/** Checks every value against its description and returns the learner's configuration. */
export function learnerConfig(values: SettingValues): LearnerConfig {
  const v: SettingValues = { ...DEFAULTS };
  for (const [name, value] of Object.entries(values)) {
    const spec = SETTINGS.find((s) => s.name === name);
    if (!spec)
      throw new SolverError(
        `q-learning has no setting '${name}' (it has ${SETTINGS.map((s) => s.name).join(', ')})`,
      );
    v[name] = check(spec, value);
  }
  return {
    critic: v.critic as LearnerConfig['critic'],
    advantage: v.advantage as LearnerConfig['advantage'],
    dt: v.dt as number,
    episodes: v.episodes as number,
    episodeTime: v.episodeTime as number,
    envs: v.envs as number,
    updatesPerEpisode: v.updatesPerEpisode as number,
    batchSize: v.batchSize as number,
    bufferSize: v.bufferSize as number,
    lrCritic: v.lrCritic as number,
    lrActor: v.lrActor as number,
    valueRollouts: v.valueRollouts as number,
    improveSteps: v.improveSteps as number,
    improveRounds: v.improveRounds as number,
    tau: v.tau as number,
    noise: v.noise as LearnerConfig['noise'],
    noiseScale: v.noiseScale as number,
    hidden: [...(v.hidden as number[])],
    activation: v.activation as Activation,
    blockEpisodes: v.blockEpisodes as number,
    seed: v.seed as number,
  };
}

function check(spec: SettingSpec, value: SettingValue): SettingValue {
  const bad = (what: string) =>
    new SolverError(`setting '${spec.name}' ${what}, not ${JSON.stringify(value)}`);
  const inRange = (x: number) =>
    (spec.min === undefined || x >= spec.min) && (spec.max === undefined || x <= spec.max);
  const range = `${spec.min ?? '−∞'}…${spec.max ?? '∞'}`;
  switch (spec.kind) {
    case 'choice':
      if (typeof value !== 'string' || !spec.choices?.includes(value))
        throw bad(`must be one of ${spec.choices?.join(', ')}`);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw bad('must be true or false');
      return value;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value) || !inRange(value))
        throw bad(`must be a whole number in ${range}`);
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || !inRange(value))
        throw bad(`must be a number in ${range}`);
      return value;
    case 'integer-list':
      if (
        !Array.isArray(value) ||
        value.length < 1 ||
        value.length > 8 ||
        !value.every((x) => Number.isInteger(x) && inRange(x))
      )
        throw bad(`must be 1 to 8 whole numbers in ${range}`);
      return [...value];
  }
}
