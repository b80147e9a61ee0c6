import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabApi, type LabApi, type SolveProgress } from '../../src/workers/lab-api';
import { RunController } from '../../src/workers/run-control';
import { bundleWorker } from '../../scripts/bundle-worker';
import { useRolloutThreads } from './rollout-threads';

const example = (name: string) => readFileSync(`resources/examples/${name}.ts`, 'utf8');

/** The grid solver is synchronous: called directly, the API answers at once. */
function now<T>(out: T | Promise<T>): T {
  if (out instanceof Promise) throw new Error('expected a synchronous answer');
  return out;
}

describe('lab worker API, called directly', () => {
  it("compiles a problem into a plain summary with each solver's form and defaults", () => {
    const reply = createLabApi().compile(example('pendulum'));
    expect(reply.ok).toBe(true);
    expect(reply.problem?.states.map((s) => s.name)).toEqual(['theta', 'omega']);
    expect(reply.problem?.parameters.map((p) => p.name)).toEqual(['g', 'l', 'b', 'sigma']);
    const grid = reply.problem?.solvers.find((o) => o.id === 'grid');
    expect(grid?.refusal).toBeNull();
    expect(grid?.defaults['shape']).toHaveLength(2);
    expect(grid?.settings.find((s) => s.name === 'shape')?.entries).toEqual(['theta', 'omega']);
    // The summary must survive structured cloning (it crosses the worker boundary).
    expect(() => structuredClone(reply)).not.toThrow();
  });

  it('reports a typo as a located diagnostic', () => {
    const reply = createLabApi().compile(example('pendulum').replace('sin(theta)', 'sine(theta)'));
    expect(reply.ok).toBe(false);
    expect(reply.diagnostics[0].message).toMatch(/sine.*did you mean 'sin'/);
  });

  it('solves the 1-D LQR with exact fields and the closed-loop drift, streaming progress', () => {
    const seen: SolveProgress[] = [];
    const out = now(
      createLabApi().solve(
        'j1',
        { source: example('lqr-1d'), solver: 'grid', settings: { shape: [201] } },
        (p) => seen.push(p),
      ),
    );
    expect(out.status).toBe('done');
    if (out.status !== 'done') return;
    const { result, drift } = out.result;
    const display = result.display;
    expect(result.status).toBe('converged');
    expect(display.exact?.value.length).toBe(201);
    expect(drift).toHaveLength(1);
    // Closed-loop drift f = αx + βa(x) with α = −0.5, β = 1 at every node.
    const x = display.grid.axes[0];
    for (const i of [20, 100, 180]) expect(drift[0][i]).toBeCloseTo(-0.5 * x[i] + display.policy[0][i], 12);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((p) => p.jobId === 'j1')).toBe(true);
  });

  it('warms up with a small solve that converges, and reports its time', () => {
    const api = createLabApi();
    const warm = api.warmUp();
    expect(warm.converged).toBe(true);
    expect(warm.seconds).toBeGreaterThan(0);
    // The worker still solves normally afterwards.
    const out = now(
      api.solve('after-warm-up', {
        source: example('lqr-1d'),
        solver: 'grid',
        settings: { shape: [101] },
      }),
    );
    expect(out.status).toBe('done');
  });

  it('fails with a message, not an exception, for problems the grid solver cannot take', () => {
    const api = createLabApi();
    const diffusion = now(
      api.solve('j2', { source: example('eight-gaussians'), solver: 'grid', settings: {} }),
    );
    expect(diffusion).toEqual({ status: 'failed', message: 'diffusion problems need the diffusion solver' });
    const broken = now(api.solve('j3', { source: 'export default 1', solver: 'grid', settings: {} }));
    expect(broken.status).toBe('failed');
    const huge = now(
      api.solve('j4', {
        source: example('lqr-1d'),
        solver: 'grid',
        settings: { shape: [50_000_000] },
      }),
    );
    expect(huge).toEqual({ status: 'failed', message: expect.stringMatching(/memory/) });
    const unknown = now(api.solve('j5', { source: example('lqr-1d'), solver: 'nope', settings: {} }));
    expect(unknown).toEqual({ status: 'failed', message: expect.stringMatching(/unknown solver 'nope'/) });
    const negative = now(
      api.solve('j6', { source: example('lqr-1d'), solver: 'grid', settings: { tol: -5 } }),
    );
    expect(negative).toEqual({
      status: 'failed',
      message: expect.stringMatching(
        /invalid grid solver settings: tol must be a number in \[1e-14, 0\.5\] \(got -5\)/,
      ),
    });
  });
});

describe('lab worker API, networks in more dimensions than a surface shows', () => {
  // Small settings: what is checked is the plumbing of a sliced display, not accuracy.
  const TINY = {
    iterations: 1,
    starts: 16,
    paths: 2,
    criticSteps: 20,
    policySteps: 5,
    width: 8,
    collocation: 16,
  };

  it('a 6-D neural run finishes with a sliced display and its drift; the slice moves on request', async () => {
    const api = createLabApi();
    const source = example('lqr-6d');
    const out = await api.solve('n6', { source, solver: 'neural-pi', settings: TINY });
    if (out.status !== 'done') throw new Error(out.status === 'failed' ? out.message : out.status);
    const { display } = out.result.result;
    expect(display.slice?.axes).toEqual([0, 1]);
    const n = display.value.length;
    expect(out.result.drift).toHaveLength(6);
    for (const f of out.result.drift) expect(f).toHaveLength(n);
    // dp1 = v1: the drift of the first state is the second coordinate of the slice.
    const v = display.grid.axes[1];
    for (let q = 0; q < n; q++) expect(out.result.drift[0][q]).toBe(v[q % v.length]);

    const at = [0, 0, 0.5, -1, 1.5, 0];
    const moved = api.slice({
      source,
      solver: 'neural-pi',
      result: out.result.result,
      slice: { axes: [2, 4], at },
    });
    if (moved.status !== 'done') throw new Error(moved.status === 'failed' ? moved.message : moved.status);
    expect(moved.result.display.slice).toEqual({ axes: [2, 4], at });
    expect(moved.result.display.exact?.value).toHaveLength(moved.result.display.value.length);
    // The moved slice is the same network: where the two slices cross, V agrees.
    const crossing = api.slice({
      source,
      solver: 'neural-pi',
      result: out.result.result,
      slice: { axes: [0, 1], at: [0, 0, 0, 0, 0, 0], nodes: display.grid.shape[0] },
    });
    if (crossing.status !== 'done') throw new Error('slice failed');
    // (Equal up to rounding: the two evaluations block the batch differently.)
    const same = crossing.result.display.value;
    for (let q = 0; q < n; q++) expect(same[q]).toBeCloseTo(display.value[q], 10);

    const bad = api.slice({
      source,
      solver: 'neural-pi',
      result: out.result.result,
      slice: { axes: [0, 0], at },
    });
    expect(bad).toEqual({ status: 'failed', message: expect.stringMatching(/two different states/) });
  });
});

describe('lab worker API, neural rollouts on a pool of worker threads', () => {
  const threads = useRolloutThreads(3);

  it('gives the same run with 1 and 3 rollout workers as in this thread', async () => {
    // Two iterations, so the second evaluation's rollouts run the first improvement's actor.
    const request = {
      source: example('lqr-6d'),
      solver: 'neural-pi',
      settings: {
        seed: 5,
        iterations: 2,
        starts: 24,
        paths: 2,
        criticSteps: 20,
        policySteps: 5,
        width: 8,
        collocation: 16,
      },
    };
    const runs = [];
    for (const pool of [null, threads().slice(0, 1), threads()]) {
      const api = createLabApi(pool ? { rolloutWorkers: () => pool } : {});
      const out = await api.solve(`p${pool?.length ?? 0}`, request);
      if (out.status !== 'done') throw new Error(out.status === 'failed' ? out.message : out.status);
      runs.push(out.result.result);
    }
    const [local, one, three] = runs;
    for (const run of [one, three]) {
      expect(run.history.metrics.valueLoss).toEqual(local.history.metrics.valueLoss);
      expect(run.display.value).toEqual(local.display.value);
    }
  });
});

describe('lab worker API over a real worker thread (comlink)', () => {
  let worker: Worker;
  let api: Comlink.Remote<LabApi>;
  beforeAll(async () => {
    worker = new Worker(await bundleWorker('src/workers/node-entry.ts'));
    api = Comlink.wrap<LabApi>(nodeEndpoint(worker));
  });
  afterAll(() => worker.terminate());

  it('transfers the solution arrays and streams progress with snapshots through a proxy', async () => {
    const seen: SolveProgress[] = [];
    const out = await api.solve(
      'w1',
      {
        source: example('double-integrator-lqr'),
        solver: 'grid',
        settings: { shape: [41, 41] },
        snapshotEvery: 1,
      },
      Comlink.proxy((p: SolveProgress) => seen.push(p)),
    );
    expect(out.status).toBe('done');
    if (out.status !== 'done') return;
    expect(out.result.result.display.value).toBeInstanceOf(Float64Array);
    expect(out.result.result.display.value.length).toBe(41 * 41);
    // Progress travels on its own port: wait for it to drain.
    await expect
      .poll(() => seen.some((p) => p.snapshot?.value instanceof Float64Array), { timeout: 30_000 })
      .toBe(true);
  });

  it('cancel through shared memory stops a synchronous solve promptly', async () => {
    const buffer = new SharedArrayBuffer(12);
    const control = new RunController(buffer);
    const seen: number[] = [];
    const pending = api.solve(
      'w2',
      {
        source: example('double-integrator-lqr'),
        solver: 'grid',
        settings: { shape: [301, 301], method: 'value', maxIter: 100000, tol: 1e-14, multilevel: false },
      },
      Comlink.proxy((p: SolveProgress) => seen.push(p.iteration)),
      buffer,
    );
    await expect.poll(() => seen.length, { timeout: 30_000 }).toBeGreaterThan(1);
    control.cancel();
    const out = await pending;
    expect(out.status).toBe('cancelled');
    expect(await api.ping()).toBe('pong');
  });

  it('pause holds the solver between iterations; step lets exactly one more through', async () => {
    const buffer = new SharedArrayBuffer(12);
    const control = new RunController(buffer);
    control.pause();
    const seen: number[] = [];
    const pending = api.solve(
      'w3',
      { source: example('lqr-1d'), solver: 'grid', settings: { shape: [101], multilevel: false } },
      Comlink.proxy((p: SolveProgress) => seen.push(p.iteration)),
      buffer,
    );
    // The first iteration reports, then the gate holds.
    await expect.poll(() => seen.length, { timeout: 30_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.length).toBe(1);
    control.step();
    await expect.poll(() => seen.length, { timeout: 30_000 }).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.length).toBe(2);
    control.resume();
    const out = await pending;
    expect(out.status).toBe('done');
  });
});
