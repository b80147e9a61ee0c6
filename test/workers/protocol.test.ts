/**
 * The compile reply the lab worker sends to the UI: a plain summary of a compiled problem
 * (no kernels), from real compile results of the bundled examples.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../src/core/problem/compile';
import type { CompileResult } from '../../src/core/problem/types';
import { defaultGridSettings } from '../../src/core/solvers/grid/settings';
import { summarize, type ProblemSummary, type SolverOffer } from '../../src/workers/protocol';

const example = (name: string): string => readFileSync(`resources/examples/${name}.ts`, 'utf8');

const gridOffer = (p: ProblemSummary): SolverOffer => {
  const offer = p.solvers.find((o) => o.id === 'grid');
  if (!offer) throw new Error('no grid solver in the summary');
  return offer;
};

describe('summarize', () => {
  it('pendulum: states, controls, parameters and the solver defaults', () => {
    const compiled = compileProblem(example('pendulum'));
    const reply = summarize(compiled, 12.5);
    expect(reply.ok).toBe(true);
    expect(reply.ms).toBe(12.5);
    expect(reply.diagnostics).toBe(compiled.diagnostics);
    const p = reply.problem!;
    expect(p.kind).toBe('control');
    expect(p.title).toBe('Pendulum swing-up');
    expect(p.states).toEqual([
      {
        name: 'theta',
        label: 'θ',
        min: -Math.PI,
        max: Math.PI,
        periodic: true,
        boundary: expect.any(String) as string,
        spacing: 'uniform',
      },
      {
        name: 'omega',
        label: expect.any(String) as string,
        min: -8,
        max: 8,
        periodic: false,
        boundary: expect.any(String) as string,
        spacing: 'uniform',
      },
    ]);
    expect(p.controls).toEqual([{ name: 'u', label: expect.any(String) as string, min: -2, max: 2 }]);
    expect(p.parameters.map((q) => [q.name, q.value])).toEqual([
      ['g', 9.81],
      ['l', 1],
      ['b', 0.1],
      ['sigma', 0.2],
    ]);
    expect(p.objective).toBe('minimize');
    expect(p.discount).toBe(0.5);
    expect(p.horizon).toBeNull();
    expect(p.noiseDim).toBeGreaterThanOrEqual(1);
    expect(p.hasExact).toBe(false);
    expect(p.hasTarget).toBe(false);
    // a 2-D problem keeps the solver's own defaults, coarse-to-fine included
    const defaults = gridOffer(p).defaults;
    expect(defaults).toEqual(
      defaultGridSettings(compiled.problem as Parameters<typeof defaultGridSettings>[0]),
    );
    expect(defaults['shape']).toEqual([201, 201]);
    expect(defaults['actions']).toEqual([41]);
    expect(defaults['multilevel']).toBe(true);
  });

  it('the summary holds no functions: it survives structuredClone unchanged', () => {
    const compiled = compileProblem(example('pendulum'));
    expect(compiled.problem).not.toBeNull();
    // the compiled problem itself cannot cross a worker boundary (it holds kernels)
    expect(() => structuredClone(compiled.problem)).toThrow();
    const reply = summarize(compiled, 1);
    const clone = structuredClone(reply);
    expect(clone).toEqual(reply);
    expect(clone).not.toBe(reply);
    for (const name of ['lqr-1d', 'eight-gaussians', 'double-integrator-lqr']) {
      const r = summarize(compileProblem(example(name)), 0);
      expect(structuredClone(r)).toEqual(r);
    }
  });

  it('1-D infinite horizon: exact solution flagged, coarse-to-fine turned off in the defaults', () => {
    const compiled = compileProblem(example('lqr-1d'));
    const p = summarize(compiled, 0).problem!;
    expect(p.states.map((s) => s.name)).toEqual(['x']);
    expect(p.objective).toBe('maximize');
    expect(p.hasExact).toBe(true);
    const solverDefaults = defaultGridSettings(compiled.problem as Parameters<typeof defaultGridSettings>[0]);
    expect(solverDefaults.multilevel).toBe(true);
    expect(gridOffer(p).defaults).toEqual({ ...solverDefaults, multilevel: false });
    expect(gridOffer(p).defaults['shape']).toEqual([401]);
  });

  it('1-D finite horizon keeps coarse-to-fine (no convergence surface to draw)', () => {
    const src = [
      "import { problem } from 'hjb-lab';",
      'export default problem({',
      '  states: { x: [-2, 2] },',
      '  controls: { u: [-4, 4] },',
      '  minimize: ({ x }, { u }) => x * x + u * u,',
      '  horizon: 1,',
      '  drift: (s, { u }) => ({ x: u }),',
      '  noise: { x: 0.5 },',
      '});',
    ].join('\n');
    const p = summarize(compileProblem(src), 0).problem!;
    expect(p.horizon).toBe(1);
    expect(p.discount).toBeNull();
    expect(gridOffer(p).defaults['multilevel']).toBe(true);
  });

  it('a diffusion problem (eight Gaussians): kind diffusion, refused by the grid solver', () => {
    const reply = summarize(compileProblem(example('eight-gaussians')), 0);
    expect(reply.ok).toBe(true);
    const p = reply.problem!;
    expect(p.kind).toBe('diffusion');
    expect(p.title).toBe('Eight Gaussians');
    expect(gridOffer(p)).toMatchObject({
      refusal: 'diffusion problems need the diffusion solver',
      settings: [],
      defaults: {},
    });
    expect(p.controls).toEqual([]);
    expect(p.objective).toBeNull();
    expect(p.discount).toBeNull();
    expect(p.horizon).toBe(1);
    expect(p.noiseDim).toBe(2);
    expect(p.hasExact).toBe(true); // a Gaussian mixture: the score is known exactly
    expect(p.states).toHaveLength(2);
    for (const s of p.states) {
      expect(s.min).toBe(-4);
      expect(s.max).toBe(4);
      expect(s.periodic).toBe(false);
    }
  });

  it('a broken source: not ok, no problem, the diagnostics passed through', () => {
    const compiled = compileProblem(example('pendulum').replace('sin(theta)', 'sine(theta)'));
    const reply = summarize(compiled, 3);
    expect(reply.ok).toBe(false);
    expect(reply.problem).toBeNull();
    expect(reply.diagnostics.length).toBeGreaterThan(0);
    expect(reply.diagnostics[0].severity).toBe('error');
    expect(summarize(compileProblem('export default 1'), 0)).toMatchObject({ ok: false, problem: null });
  });

  it('an error diagnostic makes the reply not ok even with a problem; a warning does not', () => {
    const compiled = compileProblem(example('lqr-1d'));
    const at = { line: 1, column: 1, endLine: 1, endColumn: 2 };
    const withError: CompileResult = {
      problem: compiled.problem,
      diagnostics: [{ ...at, severity: 'error', message: 'x' }],
    };
    const err = summarize(withError, 0);
    expect(err.ok).toBe(false);
    expect(err.problem?.title).toBe('Stochastic LQR (1-D)');
    const withWarning: CompileResult = {
      problem: compiled.problem,
      diagnostics: [{ ...at, severity: 'warning', message: 'w' }],
    };
    expect(summarize(withWarning, 0).ok).toBe(true);
  });
});
