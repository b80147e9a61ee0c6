import { describe, expect, it } from 'vitest';
import { diffusionSolver } from '../../../../src/core/solvers/diffusion';
import type { DiffusionResult } from '../../../../src/core/solvers/diffusion';
import { fieldsOf } from '../../../../src/core/solvers/diffusion';
import { loadRun, runStatusOf, storeRun } from '../../../../src/core/project/run-record';
import { diffusionProblem } from './fixtures';

const problem = diffusionProblem(
  `{ data: { mixture: { weights: [0.3, 0.7], means: [[-2], [1.5]], std: [0.4, 0.6] } } }`,
);
const small = {
  ...diffusionSolver.settings.defaults(problem),
  trainSteps: 200,
  batch: 128,
  reference: 128,
  hidden: [16, 16],
  samples: 500,
  samplerSteps: 100,
  gapPaths: 200,
  cells: 200,
};

describe('diffusion solver', () => {
  let result: DiffusionResult;
  it('runs exact, grid and trained with samplers, metrics and the control gap', async () => {
    const progress: string[] = [];
    result = await diffusionSolver.solve(problem, small, { onProgress: (p) => progress.push(p.phase ?? '') });
    expect(result.status).toBe('done');
    expect(result.scoreErrors.map((e) => e.s)).toEqual([0.01, 0.05, 0.1, 0.25, 0.5, 1]);
    // The grid at 200 cells is second-order accurate: its score error is small for s ≥ 0.1.
    for (const e of result.scoreErrors) if (e.s >= 0.1) expect(e.grid).toBeLessThan(0.01);
    expect(result.samplers.map((s) => `${s.score}-${s.method}`)).toEqual([
      'exact-sde',
      'exact-ode',
      'grid-sde',
      'grid-ode',
      'trained-sde',
      'trained-ode',
    ]);
    expect(result.dataFloor?.sw2).toBeGreaterThan(0);
    expect(Object.keys(result.controlGap).sort()).toEqual(['grid', 'trained']);
    expect(result.history.iteration.length).toBeGreaterThan(0);
    for (const series of Object.values(result.history.metrics))
      expect(series.length).toBe(result.history.iteration.length);
    expect(progress.some((p) => p.startsWith('training'))).toBe(true);
    const d = result.display;
    expect(d.times?.length).toBe(21);
    expect(d.values?.length).toBe(21 * d.grid.shape[0]);
    expect(d.exact?.value.length).toBe(d.grid.shape[0]);
  });

  it('a project round trip gives the same fields', () => {
    const back = diffusionSolver.fromRun(diffusionSolver.toRun(result));
    const a = fieldsOf(problem, result);
    const b = fieldsOf(problem, back);
    const xs = [Float64Array.of(-2, 0, 0.7, 3)];
    for (const t of [0, 0.4, 0.95]) {
      const oa = [new Float64Array(4)];
      const ob = [new Float64Array(4)];
      a.grid!.value(xs, t, oa, 4);
      b.grid!.value(xs, t, ob, 4);
      expect(ob[0]).toEqual(oa[0]);
      a.trained!.control(xs, t, oa, 4);
      b.trained!.control(xs, t, ob, 4);
      expect(ob[0]).toEqual(oa[0]);
    }
    expect(back.scoreErrors).toEqual(result.scoreErrors);
    expect(back.controlGap).toEqual(result.controlGap);
    expect(back.display).toEqual(result.display);
    expect(back.samples['trained-sde'].xs[0]).toEqual(result.samples['trained-sde'].xs[0]);
    expect(back.trained?.steps).toBe(200);
    expect(back.lab).toEqual(result.lab);
  });

  it('a stored run reopens with the status the lab showed (its summary does not override it)', () => {
    const status = runStatusOf(result);
    const pr = storeRun(diffusionSolver, result, {
      id: 'r1',
      label: 'run',
      status,
      source: 'src',
      settings: {},
      drift: [],
      snapshots: [],
    });
    const back = loadRun(diffusionSolver, pr);
    expect(back.status).toBe(status);
    expect(back.result.status).toBe('done');
  });

  it("keeps the lab's frames: fields at the display times and each reverse SDE's particles", () => {
    const lab = result.lab!;
    const d = result.display;
    const N = d.grid.shape[0];
    expect(Object.keys(lab.fields).sort()).toEqual(['exact', 'grid', 'trained']);
    expect(lab.fields.trained?.value).toBeUndefined();
    // The exact frame at t = 0 is the display's exact V (float32 of it).
    const v0 = lab.fields.exact!.value!.subarray(0, N);
    for (let i = 0; i < N; i++) expect(v0[i]).toBeCloseTo(d.exact!.value[i], 4);
    // The run's value is the grid's: its frames are display.values.
    const gv = lab.fields.grid!.value!;
    for (let q = 0; q < gv.length; q += 97) expect(gv[q]).toBeCloseTo(d.values![q], 4);
    for (const kind of ['exact', 'grid', 'trained'] as const) {
      const p = lab.particles[kind]!;
      expect(p.n).toBe(500);
      expect(p.times[0]).toBe(0);
      expect(p.times.at(-1)).toBeCloseTo(result.horizon - result.sEnd, 12);
      // The last frame holds the sampler's final particles.
      const last = p.xs.subarray((p.times.length - 1) * p.n, p.times.length * p.n);
      const final = result.samples[`${kind}-sde`].xs[0];
      for (let i = 0; i < p.n; i += 37) expect(last[i]).toBeCloseTo(final[i], 4);
    }
  });

  it('cancel stops the run and says so', async () => {
    const r = await diffusionSolver.solve(problem, small, { signal: { cancelled: true } });
    expect(r.status).toBe('cancelled');
  });

  it('bad settings and unsupported combinations get a clear message', async () => {
    await expect(async () => diffusionSolver.solve(problem, { ...small, batch: 0 }, {})).rejects.toThrow(
      /setting batch: must be a whole number/,
    );
    const logd = diffusionProblem(`{ data: { logDensity: ([x]) => -x * x / 2, dim: 1 }, bounds: [-4, 4] }`);
    expect(diffusionSolver.settings.defaults(logd).train).toBe(false);
    await expect(async () => diffusionSolver.solve(logd, { train: true }, {})).rejects.toThrow(
      /needs samples/,
    );
    const d3 = diffusionProblem(`{ data: { mixture: { means: [[0, 0, 0]], std: 1 } } }`);
    await expect(async () => diffusionSolver.solve(d3, { grid: true }, {})).rejects.toThrow(/1-D and 2-D/);
    expect(diffusionSolver.accepts(d3)).toBeNull();
  });
});
