/**
 * The solver's contract on small runs: settings are checked with readable messages, the
 * checkpoint hook is awaited once per block and holds the run while it is pending, a
 * cancel stops it, the same seed gives the same numbers, and a run survives toRun/fromRun
 * with the same policy and value.
 */
import { describe, expect, it } from 'vitest';
import { qLearningSolver } from '../../../../src/core/solvers/q-learning';
import { example } from './fixtures';

const small = {
  episodes: 4,
  blockEpisodes: 2,
  updatesPerEpisode: 5,
  envs: 8,
  batchSize: 16,
  episodeTime: 0.3,
  dt: 0.05,
  // The evaluation and improvement after the last episode, exercised at a small size.
  valueRollouts: 64,
  improveSteps: 20,
};

describe('q-learning solver', () => {
  const lqr = example('lqr-1d');

  it('describes its settings and checks them', async () => {
    const names = qLearningSolver.settings.describe(lqr).map((s) => s.name);
    expect(Object.keys(qLearningSolver.settings.defaults(lqr)).sort()).toEqual([...names].sort());
    await expect(qLearningSolver.solve(lqr, { dt: -1 }, {})).rejects.toThrow(
      /setting 'dt' must be a number in/,
    );
    await expect(qLearningSolver.solve(lqr, { critic: 'tabular' }, {})).rejects.toThrow(
      /continuous, discrete/,
    );
    await expect(qLearningSolver.solve(lqr, { gamma: 1 }, {})).rejects.toThrow(/no setting 'gamma'/);
    expect(qLearningSolver.accepts(lqr)).toBeNull();
  });

  it('awaits the checkpoint once per block and stops when cancelled', async () => {
    const signal = { cancelled: false };
    const seen: number[] = [];
    let release: () => void = () => {};
    let checkpoints = 0;
    const run = qLearningSolver.solve(
      lqr,
      { ...small, episodes: 6 },
      {
        signal,
        onProgress: (p) => seen.push(p.iteration),
        checkpoint: () => {
          checkpoints++;
          if (checkpoints === 2) signal.cancelled = true;
          return new Promise<void>((r) => (release = r));
        },
      },
    );
    // The run holds at the first checkpoint until released.
    await new Promise((r) => setTimeout(r, 0));
    while (checkpoints === 0) await new Promise((r) => setTimeout(r, 5));
    expect(seen).toEqual([2]);
    release();
    while (checkpoints < 2) await new Promise((r) => setTimeout(r, 5));
    release();
    const result = await run;
    expect(result.status).toBe('cancelled');
    expect(result.iterations).toBe(4);
    expect(result.history.iteration).toEqual([2, 4]);
  });

  it('gives the same numbers for the same seed and keeps them through a project file', async () => {
    const a = await qLearningSolver.solve(lqr, small, {});
    const b = await qLearningSolver.solve(lqr, small, {});
    expect(a.status).toBe('done');
    expect(Array.from(a.display.value)).toEqual(Array.from(b.display.value));
    expect(a.history.metrics.policyError.length).toBe(2);
    expect(a.display.exact?.value.length).toBe(a.display.value.length);
    const back = qLearningSolver.fromRun(qLearningSolver.toRun(a));
    expect(Array.from(back.display.value)).toEqual(Array.from(a.display.value));
    expect(Array.from(back.display.policy[0])).toEqual(Array.from(a.display.policy[0]));
    expect(Array.from(back.display.exact!.value)).toEqual(Array.from(a.display.exact!.value));
    expect(back.display.grid.bounds).toEqual(a.display.grid.bounds);
    expect(back.history).toEqual(a.history);
    const xs = [Float64Array.of(-1, 0, 2)];
    const pa = [new Float64Array(3)];
    const pb = [new Float64Array(3)];
    qLearningSolver.policy(lqr, a)(xs, 0, pa, 3);
    qLearningSolver.policy(lqr, back)(xs, 0, pb, 3);
    expect(Array.from(pb[0])).toEqual(Array.from(pa[0]));
    expect(pa[0].every((v) => v >= -10 && v <= 10)).toBe(true);
    const bad = qLearningSolver.toRun(a);
    bad.arrays['net.actor'] = { dtype: 'float64', shape: [3], data: new Float64Array(3) };
    expect(() => qLearningSolver.fromRun(bad)).toThrow(/network actor: .*expected/);
  });

  it('reads files written before the quadratic advantage as the network form', async () => {
    const a = await qLearningSolver.solve(lqr, { ...small, advantage: 'network' }, {});
    const run = qLearningSolver.toRun(a);
    expect(run.summary.advantage).toBe('network');
    delete run.summary.advantage;
    const back = qLearningSolver.fromRun(run);
    expect(back.networks.advantage).toBe('network');
    expect(back.networks.q2).not.toBeNull();
    const xs = [Float64Array.of(-1, 0, 2)];
    const va = [new Float64Array(3)];
    const vb = [new Float64Array(3)];
    qLearningSolver.value(lqr, a)(xs, 0, va, 3);
    qLearningSolver.value(lqr, back)(xs, 0, vb, 3);
    expect(Array.from(vb[0])).toEqual(Array.from(va[0]));
    run.summary.advantage = 'cubic';
    expect(() => qLearningSolver.fromRun(run)).toThrow(/summary.advantage/);
  });
});
