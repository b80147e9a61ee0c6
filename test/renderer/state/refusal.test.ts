import { describe, expect, it } from 'vitest';
import { refusalWithChoice } from '../../../src/renderer/state/refusal';
import { readFileSync } from 'node:fs';
import { compileProblem } from '../../../src/core/problem/compile';
import { solverOffers } from '../../../src/workers/protocol';

const offer = (id: string, title: string, refusal: string | null) => ({ id, title, refusal });

describe('refusalWithChoice', () => {
  it('names the solver to pick when the refusal does not', () => {
    const offers = [
      offer('grid', 'Grid HJB solver', 'diffusion problems need the diffusion solver'),
      offer('q', 'Continuous-time Q-learning', 'no'),
      offer('diffusion', 'Diffusion model', null),
    ];
    expect(refusalWithChoice(offers, 'grid')).toBe(
      "diffusion problems need the diffusion solver — pick 'Diffusion model' in Solver",
    );
    expect(refusalWithChoice(offers, 'diffusion')).toBeNull();
  });
  it('lists every solver that accepts, and adds nothing when the refusal names one or none accepts', () => {
    const two = [offer('a', 'A', 'too big'), offer('b', 'Bee', null), offer('c', 'Sea', null)];
    expect(refusalWithChoice(two, 'a')).toBe("too big — pick 'Bee' or 'Sea' in Solver");
    const named = [
      offer('grid', 'Grid', 'this problem has 6 — pick neural policy iteration'),
      offer('npi', 'Neural policy iteration', null),
    ];
    expect(refusalWithChoice(named, 'grid')).toBe('this problem has 6 — pick neural policy iteration');
    expect(refusalWithChoice([offer('a', 'A', 'no'), offer('b', 'B', 'no')], 'a')).toBe('no');
  });
});

describe('the refusals the lab shows for the examples', () => {
  const offersOf = (name: string) =>
    solverOffers(compileProblem(readFileSync(`resources/examples/${name}.ts`, 'utf8')).problem!);
  it('a diffusion problem under a control solver names the diffusion solver to pick', () => {
    for (const solver of ['grid', 'neural-pi', 'q-learning']) {
      expect(refusalWithChoice(offersOf('eight-gaussians'), solver)).toMatch(
        / — pick 'Diffusion model' in Solver$/,
      );
    }
  });
  it('a 6-state problem under the grid solver names neural policy iteration', () => {
    expect(refusalWithChoice(offersOf('lqr-6d'), 'grid')).toMatch(
      /this problem has 6 — pick neural policy iteration/i,
    );
  });
});
