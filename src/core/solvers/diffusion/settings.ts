/**
 * The diffusion solver's settings, described once (panel form, CLI flags, validation).
 */
import type { DiffusionProblem } from '../../problem/types';
import { SolverError } from '../problem';
import type { SettingSpec, SettingValues } from '../solver';
import { forwardProcess } from './forward';

export interface DiffusionSettings {
  seed: number;
  grid: boolean;
  cells: number;
  frames: number;
  train: boolean;
  trainSteps: number;
  batch: number;
  hidden: number[];
  lr: number;
  ema: number;
  reference: number;
  fourier: number;
  samples: number;
  samplerSteps: number;
  sEnd: number;
  gapPaths: number;
}

/** Grid and training apply when the problem allows them (d ≤ 2 for the grid; samples and a linear forward SDE for training). */
export function gridApplies(problem: DiffusionProblem): boolean {
  return problem.dim <= 2;
}

export function trainApplies(problem: DiffusionProblem): boolean {
  return problem.data.type !== 'logDensity' && forwardProcess(problem).linear !== null;
}

/** Without a problem: the problem-independent description (the 1-D cell limit). */
export function describeSettings(problem?: DiffusionProblem): SettingSpec[] {
  return [
    {
      name: 'seed',
      label: 'Seed',
      kind: 'integer',
      min: 0,
      max: 2 ** 31 - 1,
      help: 'Seed of every random draw.',
    },
    {
      name: 'grid',
      label: 'Grid solution',
      kind: 'boolean',
      help: 'Solve the Fokker–Planck equation on a grid (1-D and 2-D) for V = −log p_{T−t}.',
    },
    {
      name: 'cells',
      label: 'Grid cells per axis',
      kind: 'integer',
      min: 8,
      max: !problem || problem.dim === 1 ? 20000 : 1000,
      help: 'Cells per coordinate of the grid solution; its error falls about 4× per doubling.',
    },
    {
      name: 'frames',
      label: 'Stored times',
      kind: 'integer',
      min: 2,
      max: 1001,
      help: 'Times at which the grid keeps p.',
    },
    {
      name: 'train',
      label: 'Train a network',
      kind: 'boolean',
      help: 'Train an ε-network by denoising score matching (needs samples and a linear forward SDE).',
    },
    {
      name: 'trainSteps',
      label: 'Training steps',
      kind: 'integer',
      min: 1,
      max: 1_000_000,
      help: 'Adam steps.',
      flag: 'steps',
    },
    { name: 'batch', label: 'Batch', kind: 'integer', min: 1, max: 65536, help: 'Samples per step.' },
    {
      name: 'hidden',
      label: 'Hidden widths',
      kind: 'integer-list',
      min: 1,
      max: 1024,
      help: 'Widths of the SiLU hidden layers.',
    },
    {
      name: 'lr',
      label: 'Learning rate',
      kind: 'number',
      min: 1e-6,
      max: 1,
      help: 'Adam rate; a cosine schedule takes it to 1 % of this.',
    },
    {
      name: 'ema',
      label: 'EMA decay',
      kind: 'number',
      min: 0,
      max: 0.99999,
      help: 'Decay of the moving average of the weights (the trained result).',
    },
    {
      name: 'reference',
      label: 'Target reference set',
      kind: 'integer',
      min: 1,
      max: 65536,
      help: 'Data points averaged in the stable DSM target (≥ the batch; the batch alone is plain DSM).',
    },
    {
      name: 'fourier',
      label: 'Fourier features',
      kind: 'integer',
      min: 0,
      max: 256,
      help: 'Random Fourier features of the point fed to the network.',
    },
    {
      name: 'samples',
      label: 'Samples',
      kind: 'integer',
      min: 2,
      max: 200_000,
      help: 'Particles per sampler and held-out set.',
      flag: 'samples',
    },
    {
      name: 'samplerSteps',
      label: 'Sampler steps',
      kind: 'integer',
      min: 1,
      max: 100_000,
      help: 'Steps of the reverse SDE and of the probability-flow ODE.',
    },
    {
      name: 'sEnd',
      label: 'End time',
      kind: 'number',
      min: 0,
      max: 0.5,
      help: 'Sampling stops at forward time s = sEnd·T.',
    },
    {
      name: 'gapPaths',
      label: 'Control-gap paths',
      kind: 'integer',
      min: 0,
      max: 200_000,
      help: 'Paths for the verification identity J(u) − V = ½E∫|u − u*|² (0: skip; needs the exact mixture).',
    },
  ];
}

export function defaultSettings(problem: DiffusionProblem): SettingValues {
  return {
    seed: 0,
    grid: gridApplies(problem),
    cells: problem.dim === 1 ? 400 : 160,
    frames: problem.dim === 1 ? 201 : 51,
    train: trainApplies(problem),
    trainSteps: 12000,
    batch: 512,
    hidden: [128, 128, 128],
    lr: 3e-3,
    ema: 0.999,
    reference: 512,
    fourier: 16,
    samples: 4096,
    samplerSteps: 500,
    sEnd: 1e-3,
    gapPaths: 2000,
  };
}

/** Defaults filled in, every value checked against its description; throws SolverError. */
export function readSettings(problem: DiffusionProblem, values: SettingValues): DiffusionSettings {
  const specs = describeSettings(problem);
  const merged: SettingValues = { ...defaultSettings(problem), ...values };
  for (const key of Object.keys(values))
    if (!specs.some((s) => s.name === key)) throw new SolverError(`unknown diffusion setting '${key}'`);
  for (const spec of specs) {
    const v = merged[spec.name];
    const bad = (why: string) => new SolverError(`setting ${spec.name}: ${why}`);
    const inRange = (x: number) =>
      (spec.min === undefined || x >= spec.min) && (spec.max === undefined || x <= spec.max);
    const range = `${spec.min ?? '−∞'} … ${spec.max ?? '∞'}`;
    if (spec.kind === 'boolean' && typeof v !== 'boolean') throw bad('must be true or false');
    if (spec.kind === 'integer' && !(typeof v === 'number' && Number.isInteger(v) && inRange(v)))
      throw bad(`must be a whole number in ${range}`);
    if (spec.kind === 'number' && !(typeof v === 'number' && Number.isFinite(v) && inRange(v)))
      throw bad(`must be a number in ${range}`);
    if (
      spec.kind === 'integer-list' &&
      !(
        Array.isArray(v) &&
        v.length >= 1 &&
        v.length <= 8 &&
        v.every((x) => Number.isInteger(x) && inRange(x))
      )
    )
      throw bad(`must be 1 to 8 whole numbers in ${range}`);
  }
  const s = merged as unknown as DiffusionSettings;
  if (s.grid && !gridApplies(problem))
    throw new SolverError(`the grid solution is for 1-D and 2-D data; this data is ${problem.dim}-D`);
  if (s.train && !trainApplies(problem))
    throw new SolverError(
      problem.data.type === 'logDensity'
        ? 'training needs samples of the data: a logDensity has none (use the grid solution)'
        : 'training needs a forward SDE with a closed-form marginal (VP, or a linear drift a(t)·x)',
    );
  if (s.train && s.reference < s.batch) throw new SolverError('setting reference must be at least the batch');
  return s;
}
