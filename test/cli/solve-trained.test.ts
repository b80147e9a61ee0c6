/**
 * `hjb solve` with the seeded (trained) solvers: `--seed S`, and the JSON report of a
 * training run — `{ solver, status, seconds, history: [rows], at }` with values in the
 * problem's own sense — for neural policy iteration and Q-learning. The runs use tiny
 * settings: these tests pin the command's shape, not the solvers' accuracy.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runArgs as run } from './run';

const lqr = join(__dirname, '../../resources/examples/lqr-1d.ts');
const tmp = mkdtempSync(join(tmpdir(), 'hjb-trained-'));
/** The 1-D LQR as a cost to minimise (its exact solution kept, in the cost's sense). */
const cost = join(tmp, 'lqr-cost.ts');
writeFileSync(
  cost,
  readFileSync(lqr, 'utf8')
    .replace('maximize: ({ x }, { a }) => -0.5 *', 'minimize: ({ x }, { a }) => 0.5 *')
    .replace('value: ({ x }) => -0.5 * P * x ** 2 - c,', 'value: ({ x }) => 0.5 * P * x ** 2 + c,'),
);

const tinyPi = [
  ['iterations', 2],
  ['starts', 32],
  ['paths', 2],
  ['criticSteps', 20],
  ['policySteps', 10],
  ['collocation', 64],
  ['sweeps', 1],
].flatMap(([k, v]) => ['--setting', `${k}=${v}`]);

const tinyQ = [
  ['episodes', 4],
  ['blockEpisodes', 2],
  ['envs', 4],
  ['updatesPerEpisode', 4],
].flatMap(([k, v]) => ['--setting', `${k}=${v}`]);

describe('hjb solve with a trained solver', () => {
  it('neural-pi --json: solver, status, seconds, history rows and points, in the cost sense', async () => {
    const r = await run([
      'solve',
      cost,
      '--solver',
      'neural-pi',
      '--seed',
      '3',
      ...tinyPi,
      '--at=-1.5',
      '--at',
      '1',
      '--json',
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['solver', 'status', 'seconds', 'history', 'at']);
    expect(j.solver).toBe('neural-pi');
    expect(j.status).toBe('done');
    expect(j.history).toHaveLength(2);
    for (const row of j.history)
      expect(Object.keys(row).sort()).toEqual(
        [
          'iteration',
          'seconds',
          'valueLoss',
          'policyObjective',
          'residual',
          'valueError',
          'policyError',
          'valueChange',
          'policyChange',
        ].sort(),
      );
    expect(j.history.map((h: { iteration: number }) => h.iteration)).toEqual([1, 2]);
    // Training time from the start: increasing, the last row is the run's total.
    expect(j.history[1].seconds).toBeGreaterThan(j.history[0].seconds);
    expect(j.history[1].seconds).toBe(j.seconds);
    expect(j.at).toHaveLength(2);
    expect(j.at[0].x).toEqual([-1.5]);
    expect(j.at[1].x).toEqual([1]);
    // A cost: positive everywhere (the reward sense would make it negative).
    for (const a of j.at) {
      expect(a.value).toBeGreaterThan(0);
      expect(a.policy).toHaveLength(1);
    }
    expect(r.err).not.toMatch(/warning/);
  });

  it('--seed S is the seed setting: the same seed repeats the numbers, another changes them', async () => {
    const a = JSON.parse(
      (await run(['solve', lqr, '--solver', 'neural-pi', '--seed', '7', ...tinyPi, '--json'])).out,
    );
    const b = JSON.parse(
      (await run(['solve', lqr, '--solver', 'neural-pi', '--setting', 'seed=7', ...tinyPi, '--json'])).out,
    );
    const c = JSON.parse(
      (await run(['solve', lqr, '--solver', 'neural-pi', '--seed', '8', ...tinyPi, '--json'])).out,
    );
    const losses = (j: { history: Array<{ valueLoss: number }> }) => j.history.map((h) => h.valueLoss);
    expect(losses(a)).toEqual(losses(b));
    expect(losses(a)).not.toEqual(losses(c));
  });

  it('refuses --seed for a solver without one, and a seed out of range', async () => {
    const g = await run(['solve', lqr, '--seed', '1', '--grid', '51']);
    expect(g.code).toBe(1);
    expect(g.err).toMatch(/--seed: the grid solver has no seed/);
    const bad = await run(['solve', lqr, '--solver', 'neural-pi', '--seed', '-1']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--seed: /);
  });

  it('prints a readable summary without --json', async () => {
    const r = await run(['solve', lqr, '--solver', 'neural-pi', '--seed', '3', ...tinyPi, '--at', '1']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(
      /'Stochastic LQR \(1-D\)': Neural policy iteration, done after 2 iterations in [\d.]+ s of training, seed 3/,
    );
    expect(r.out).toMatch(/last recorded: valueLoss [\d.e+-]+, policyObjective/);
    expect(r.out).toMatch(/at x = 1: value -[\d.]+, a = /);
  });

  it('q-learning --json: history per episode block with return and TD loss, no grid fields', async () => {
    const r = await run([
      'solve',
      cost,
      '--solver',
      'q-learning',
      '--seed',
      '2',
      ...tinyQ,
      '--at',
      '0.5',
      '--json',
    ]);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['solver', 'status', 'seconds', 'history', 'at']);
    expect(j.solver).toBe('q-learning');
    expect(j.history.map((h: { iteration: number }) => h.iteration)).toEqual([2, 4]);
    for (const row of j.history)
      expect(Object.keys(row).sort()).toEqual(
        ['iteration', 'seconds', 'return', 'tdLoss', 'valueError', 'policyError'].sort(),
      );
    // Returns of a cost in the cost's sense: positive.
    for (const row of j.history) expect(row.return).toBeGreaterThan(0);
    expect(j.at[0].x).toEqual([0.5]);
  });
});
