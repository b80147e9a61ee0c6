/**
 * `hjb solve --solver neural-pi --compare-grid --json`: the grid solver runs first with its
 * defaults, and each history row gains gridValueError and gridPolicyError (relative L2 over
 * the grid's nodes in the middle 60 % of the box).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run';

const examples = join(__dirname, '../../resources/examples');
const lqr = join(examples, 'lqr-1d.ts');

// Fewer starts and iterations than the defaults; the rest as a user would get it.
const small = [
  ['iterations', 3],
  ['starts', 256],
].flatMap(([k, v]) => ['--setting', `${k}=${v}`]);

describe('hjb solve --compare-grid', () => {
  it('adds both errors against the grid run to every history row, and they are small (1-D LQR)', async () => {
    const r = await run(
      'solve',
      lqr,
      '--solver',
      'neural-pi',
      '--seed',
      '0',
      ...small,
      '--compare-grid',
      '--json',
    );
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['solver', 'status', 'seconds', 'history', 'at']);
    expect(j.history.length).toBeGreaterThanOrEqual(1);
    for (const row of j.history) {
      expect(typeof row.gridValueError).toBe('number');
      expect(typeof row.gridPolicyError).toBe('number');
    }
    // Both runs are within about 1 % of the Riccati solution here (the grid's defaults: 0.9 %
    // in V; the neural run's valueError is reported beside), so they differ by at most about
    // the sum: 5 % leaves room for the neural run's Monte-Carlo noise after three iterations.
    const last = j.history.at(-1);
    expect(last.gridValueError).toBeLessThan(0.05);
    expect(last.gridPolicyError).toBeLessThan(0.05);
    // The two comparisons measure the same thing: against the grid and against exact V
    // agree to within the grid's own error.
    expect(Math.abs(last.gridValueError - last.valueError)).toBeLessThan(0.02);
  });

  it('refuses the grid solver itself, and a problem the grid solver cannot take', async () => {
    const self = await run('solve', lqr, '--compare-grid', '--json');
    expect(self.code).toBe(1);
    expect(self.err).toMatch(/--compare-grid compares another solver with the grid solver/);
    const six = await run('solve', join(examples, 'lqr-6d.ts'), '--solver', 'neural-pi', '--compare-grid');
    expect(six.code).toBe(1);
    expect(six.err).toMatch(/the grid solver cannot take this problem: the grid solver handles 1–4 states/);
  });
});
