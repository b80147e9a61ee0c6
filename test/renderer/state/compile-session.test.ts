import { describe, expect, it } from 'vitest';
import { solverForFreshProblem } from '../../../src/renderer/state/compile-session';
import type { ProblemSummary, SolverOffer } from '../../../src/workers/protocol';

const offer = (id: string, refusal: string | null): SolverOffer => ({
  id,
  title: id,
  description: '',
  refusal,
  settings: [],
  defaults: {},
});

const problem = (offers: SolverOffer[]) => ({ solvers: offers }) as unknown as ProblemSummary;

describe('solverForFreshProblem', () => {
  const diffusion = problem([
    offer('grid', 'diffusion problems need the diffusion solver'),
    offer('q', 'no'),
    offer('diffusion', null),
  ]);
  it('takes the first solver, in registry order, that accepts a problem the selected one refuses', () => {
    expect(solverForFreshProblem(diffusion, 'grid')).toBe('diffusion');
    expect(solverForFreshProblem(diffusion, 'q')).toBe('diffusion');
    expect(solverForFreshProblem(problem([offer('a', 'no'), offer('b', null), offer('c', null)]), 'a')).toBe(
      'b',
    );
  });
  it('keeps a selected solver that accepts the problem, and keeps it when none accepts or nothing compiled', () => {
    expect(solverForFreshProblem(problem([offer('grid', null), offer('nn', null)]), 'nn')).toBe('nn');
    expect(solverForFreshProblem(problem([offer('grid', 'no'), offer('nn', 'no')]), 'nn')).toBe('nn');
    expect(solverForFreshProblem(null, 'grid')).toBe('grid');
  });
});
