/**
 * Small exact-and-grid diffusion solutions (no training) shared by the view's tests: what
 * they pin is how the frames are read, not the numbers.
 */
import { diffusionSolver } from '../../../../src/core/solvers/diffusion';
import type { DiffusionResult } from '../../../../src/core/solvers/diffusion';
import { diffusionProblem } from '../../../core/solvers/diffusion/fixtures';

async function solved(spec: string): Promise<DiffusionResult> {
  const p = diffusionProblem(spec);
  return diffusionSolver.solve(
    p,
    {
      ...diffusionSolver.settings.defaults(p),
      train: false,
      cells: 24,
      frames: 11,
      samples: 300,
      samplerSteps: 30,
      gapPaths: 0,
    },
    {},
  );
}

/** A 2-D two-mode mixture on [−4, 4]² and a 1-D two-mode mixture. */
export async function smallSolutions(): Promise<{ two: DiffusionResult; one: DiffusionResult }> {
  return {
    two: await solved(`{ data: { mixture: { means: [[-1.5, 0], [1.5, 0.5]], std: 0.4 } }, bounds: [-4, 4] }`),
    one: await solved(`{ data: { mixture: { means: [[-2], [1]], std: 0.5 } } }`),
  };
}
