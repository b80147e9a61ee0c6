/**
 * The grid solver behind the registry: one rule for what it accepts, a warning when the
 * grid is too coarse to mean anything, the same numbers as solveGrid, and project files
 * written before the registry still read.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../../../src/core/problem/compile';
import type { CompiledProblem } from '../../../../src/core/problem/types';
import { parseProject } from '../../../../src/core/project';
import { loadRun } from '../../../../src/core/project/run-record';
import { gridSolver, solveGrid, type GridResult } from '../../../../src/core/solvers/grid/index';
import { findSolver, getSolver, listSolvers } from '../../../../src/core/solvers/registry';
import { resolveSettings } from '../../../../src/core/solvers/settings-spec';

const source = (name: string) => readFileSync(`resources/examples/${name}.ts`, 'utf8');
const compiled = (name: string) => compileProblem(source(name)).problem!;
const control = (name: string) => compiled(name) as CompiledProblem;

describe('the registry', () => {
  it('holds the grid solver first; unknown ids are refused with the list', () => {
    expect(listSolvers()[0]).toBe(gridSolver);
    expect(findSolver('grid')).toBe(gridSolver);
    expect(findSolver('nope')).toBeUndefined();
    expect(() => getSolver('nope')).toThrow(/^unknown solver 'nope' \(solvers: grid(, [a-z-]+)*\)$/);
  });
});

describe('gridSolver.accepts: the one rule for the app and the CLI', () => {
  it('1–4 states yes; 6 states and diffusion problems no, each with its sentence', () => {
    expect(gridSolver.accepts(compiled('lqr-1d'))).toBeNull();
    expect(gridSolver.accepts(compiled('dubins-car'))).toBeNull();
    expect(gridSolver.accepts(compiled('lqr-6d'))).toBe(
      'the grid solver handles 1–4 states; this problem has 6 — pick neural policy iteration',
    );
    expect(gridSolver.accepts(compiled('eight-gaussians'))).toBe(
      'diffusion problems need the diffusion solver',
    );
  });
});

describe('gridSolver.solve', () => {
  it('gives solveGrid’s numbers bit for bit, with the named history', () => {
    const p = compiled('double-integrator-lqr') as CompiledProblem;
    const settings = { shape: [41, 41], actions: [21] };
    const r = gridSolver.solve(p, resolveSettings(gridSolver, p, settings), {}) as GridResult;
    const direct = solveGrid(p, settings);
    expect(Buffer.from(r.display.value.buffer).equals(Buffer.from(direct.value.buffer))).toBe(true);
    expect(r.history.iteration).toEqual(direct.history.iteration);
    expect(r.history.metrics['residualMax']).toEqual(direct.history.residualMax);
    expect(r.history.metrics['policyChanges']).toEqual(direct.history.policyChanges);
    expect(r.summary['iterationsPerLevel']).toEqual(direct.levels);
    expect(r.iterations).toBe(direct.iterations);
  });

  it('warns when fewer than 10 nodes per state cannot mean anything', () => {
    const p = compiled('double-integrator-lqr');
    const coarse = gridSolver.solve(p, resolveSettings(gridSolver, p, { shape: [7, 31], actions: [11] }), {});
    expect(
      (coarse as GridResult).warnings.some((w) => /too coarse .* fewer than 10 nodes on p \(7\)/.test(w)),
    ).toBe(true);
    const fine = gridSolver.solve(p, resolveSettings(gridSolver, p, { shape: [31, 31], actions: [11] }), {});
    expect((fine as GridResult).warnings.filter((w) => /too coarse/.test(w))).toEqual([]);
  });

  it('numbers the coarse-to-fine levels 1..L in its progress', () => {
    const p = compiled('double-integrator-lqr');
    const phases: string[] = [];
    gridSolver.solve(p, resolveSettings(gridSolver, p, { shape: [81, 81], actions: [11] }), {
      onProgress: (q) => phases.push(q.phase ?? ''),
    });
    const levels = [...new Set(phases)];
    expect(levels).toEqual(['level 1 of 3', 'level 2 of 3', 'level 3 of 3']);
  });
});

describe('project files written before the registry', () => {
  // Written by `hjb solve --save` of the commit before the registry (48f174e).
  const cases = [
    { file: 'lqr-1d-41.hjblab', example: 'lqr-1d', settings: { shape: [41] } },
    { file: 'di-21.hjblab', example: 'double-integrator-lqr', settings: { shape: [21, 21], actions: [11] } },
  ];
  for (const c of cases)
    it(`${c.file}: the stored run reads back bit for bit, and stores again under the same keys`, () => {
      const project = parseProject(readFileSync(`test/core/solvers/grid/fixtures/${c.file}`, 'utf8'));
      expect(project.runs).toHaveLength(1);
      const pr = project.runs[0];
      expect(pr.solver).toBe('grid');
      const { result, drift, status } = loadRun(getSolver(pr.solver), pr);
      const g = result as GridResult;
      expect(status).toBe('converged');
      expect(g.status).toBe('converged');
      const stored = pr.arrays['value'].data;
      expect(
        Buffer.from(g.display.value.buffer).equals(
          Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength),
        ),
      ).toBe(true);
      expect(g.history.iteration.length).toBeGreaterThan(0);
      expect(g.history.metrics['residualMax']).toHaveLength(g.history.iteration.length);
      // Today's solver (whose stopping rule has changed since the file was written) agrees
      // with the stored values to its tolerance: both are converged solutions of one system.
      const fresh = solveGrid(control(c.example), c.settings);
      let worst = 0;
      for (let i = 0; i < fresh.value.length; i++)
        worst = Math.max(
          worst,
          Math.abs(g.display.value[i] - fresh.value[i]) / Math.max(1, Math.abs(fresh.value[i])),
        );
      expect(worst).toBeLessThan(1e-6);
      expect(g.display.exact?.value.length).toBe(fresh.value.length);
      expect(drift).toHaveLength(c.settings.shape.length);
      const again = gridSolver.toRun(g);
      expect(Object.keys(again.arrays).sort()).toEqual(
        Object.keys(pr.arrays)
          .filter((k) => !k.startsWith('drift.') && k !== 'snapshots')
          .sort(),
      );
    });
});
