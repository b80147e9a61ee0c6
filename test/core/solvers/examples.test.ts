/**
 * Integration: every control example in resources/examples, compiled from its source, solves
 * with the grid solver's default settings (coarser grids in 2-D and 3-D to keep the suite
 * fast) to a finite value and an admissible policy; the LQR examples match their closed
 * forms within the O(h) bound of the first-order upwind scheme (DESIGN.md §8).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../../src/core/problem/compile';
import type { CompiledProblem } from '../../../src/core/problem/types';
import { SolverError } from '../../../src/core/solvers/problem';
import { solveGrid, type GridSolution } from '../../../src/core/solvers/grid/solve';
import type { GridSettings } from '../../../src/core/solvers/grid/settings';

const dir = join(__dirname, '../../../resources/examples');
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

function compile(name: string) {
  const r = compileProblem(readFileSync(join(dir, `${name}.ts`), 'utf8'));
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.problem!;
}

/** Coarse grids for speed: 101² in 2-D, 31³ in 3-D; 1-D keeps the default (401). */
function coarse(p: CompiledProblem): Partial<GridSettings> {
  const d = p.states.length;
  return d === 2 ? { shape: [101, 101] } : d === 3 ? { shape: [31, 31, 31] } : {};
}

function expectSane(p: CompiledProblem, s: GridSolution): void {
  expect(['converged', 'done']).toContain(s.status);
  expect(s.value.every(Number.isFinite)).toBe(true);
  s.policy.forEach((a, j) => {
    const c = p.controls[j];
    expect(a.every((v) => Number.isFinite(v) && v >= c.min - 1e-12 && v <= c.max + 1e-12)).toBe(true);
  });
  expect(Number.isFinite(s.residualMax)).toBe(true);
}

const solutions = new Map<string, { problem: CompiledProblem; solution: GridSolution }>();

/** The solution of an example (solved above, or now when this test runs alone). */
function solved(name: string): { problem: CompiledProblem; solution: GridSolution } {
  const known = solutions.get(name);
  if (known) return known;
  const p = compile(name);
  if (p.kind !== 'control') throw new Error(`${name} is not a control problem`);
  const entry = { problem: p, solution: solveGrid(p, coarse(p)) };
  solutions.set(name, entry);
  return entry;
}

describe('every example solves with the default settings', () => {
  it('the examples directory holds the expected examples', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        'double-integrator-lqr',
        'dubins-car',
        'lqr-1d',
        'merton',
        'min-time-double-integrator',
        'mountain-car',
        'pendulum',
      ]),
    );
  });

  for (const name of names) {
    it(
      name,
      () => {
        const p = compile(name);
        if (p.kind === 'diffusion') {
          // Diffusion problems are for the diffusion solvers (DESIGN.md §4.4), not the grid HJB.
          expect(name).toBe('eight-gaussians');
          return;
        }
        if (p.states.length > 4) {
          // The grid solver covers 1–3 states (4 where memory allows); a 6-D problem is
          // refused before allocating, with the estimate and the limit, not crashed on.
          expect(() => solveGrid(p, {})).toThrow(SolverError);
          expect(() => solveGrid(p, {})).toThrow(/needs about .* of memory, more than the limit/);
          return;
        }
        const s = solveGrid(p, coarse(p));
        expectSane(p, s);
        solutions.set(name, { problem: p, solution: s });
      },
      60_000,
    );
  }
});

describe('LQR examples against their closed forms (O(h) bound)', () => {
  it('1-D LQR at the default 401 nodes', () => {
    const { solution: s } = solved('lqr-1d');
    const h = 6 / (s.grid.shape[0] - 1);
    // Measured ≈ 0.6h (value) and 1.2h (policy) at h = 0.03 and 0.015: first order.
    expect(s.exactError!.value.max).toBeLessThan(1.0 * h);
    expect(s.exactError!.policy!.max).toBeLessThan(2.0 * h);
  });

  it('2-D double-integrator LQR at 101²', () => {
    const { solution: s } = solved('double-integrator-lqr');
    const h = 6 / (s.grid.shape[0] - 1);
    // The reference implementation of the issue (implicit upwind, Howard) reaches
    // max |V − V*| = 0.27 at 101² (h = 0.06), i.e. ≈ 4.5h on the middle 60 %.
    expect(s.exactError!.value.max).toBeLessThan(5 * h);
    expect(s.exactError!.policy!.max).toBeLessThan(2.5 * h);
  });

  it('Merton at the default 401 nodes: π*, k* and V on the middle 60 %', () => {
    const { solution: s } = solved('merton');
    expect(s.exactError!.value.relMax).toBeLessThan(4e-3);
    expect(s.exactError!.policy!.max).toBeLessThan(0.01);
  });
});
