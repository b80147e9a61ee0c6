/**
 * The diffusion solver: a diffusion model's reverse process as a stochastic control
 * problem, solved exactly (Gaussian-mixture data), on a grid (1-D and 2-D) and by a network
 * trained with denoising score matching, with samplers and the metrics that compare them
 * (docs/numerics.md, "Diffusion").
 */
import type { DiffusionProblem } from '../../problem/types';
import type { AnyProblem, SolverDefinition } from '../solver';
import { SolverError } from '../problem';
import type { DiffusionResult } from './result';
import { runControl, runValue } from './result';
import { fromRun, toRun } from './stored';
import { defaultSettings, describeSettings } from './settings';
import { solveDiffusion } from './solve';

export type { DiffusionResult, ScoreKind } from './result';
export { fieldsOf } from './result';
export type { FieldFrames, FrameKind, LabFrames, ParticleFrames } from './lab-frames';
export { SCORE_TIMES } from './solve';

function diffusionOnly(problem: AnyProblem): DiffusionProblem {
  if (problem.kind !== 'diffusion')
    throw new SolverError('the diffusion solver takes diffusion({...}) problems only');
  return problem;
}

export const diffusionSolver: SolverDefinition<DiffusionResult> = {
  id: 'diffusion',
  title: 'Diffusion model',
  description:
    'Sampling as stochastic control: exact mixture reference, grid Fokker–Planck solution (1-D, 2-D) and a score network trained by denoising score matching, with samplers and metrics.',
  accepts: (problem) =>
    problem.kind === 'diffusion'
      ? null
      : 'this solver takes diffusion({...}) problems; pick a control solver (grid) for problem({...})',
  metrics: [
    { name: 'loss', label: 'loss (denoising score matching)', scale: 'log' },
    { name: 'scoreError@0.1', label: 'score error at s = 0.1', scale: 'log' },
    { name: 'scoreError@0.5', label: 'score error at s = 0.5', scale: 'log' },
  ],
  settings: {
    describe: (problem) => describeSettings(problem?.kind === 'diffusion' ? problem : undefined),
    defaults: (problem) => defaultSettings(diffusionOnly(problem)),
  },
  solve: (problem, settings, hooks) => solveDiffusion(diffusionOnly(problem), settings, hooks),
  policy: (problem, result) => runControl(diffusionOnly(problem), result),
  value: (problem, result) => runValue(diffusionOnly(problem), result),
  toRun,
  fromRun,
};
