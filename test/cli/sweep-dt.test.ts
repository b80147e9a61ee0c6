/**
 * `hjb sweep-dt`: the JSON shape of its report on a short sweep (two time steps, both
 * critics, a few episodes through --setting), and readable errors for bad input. The
 * accuracy of the sweep itself is pinned in test/core/solvers/q-learning/sweep.test.ts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run';

const examples = join(__dirname, '../../resources/examples');

describe('hjb sweep-dt', () => {
  it('rejects bad input with a message', async () => {
    const bad = await run('sweep-dt', join(examples, 'lqr-1d.ts'), '--dt', '0.1,-1');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--dt needs time steps in \(0, 1\], not '-1'/);
    const none = await run('sweep-dt');
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/which file\?/);
    const noExact = await run('sweep-dt', join(examples, 'pendulum.ts'), '--dt', '0.1');
    expect(noExact.code).toBe(1);
    expect(noExact.err).toMatch(/no exact solution/);
    const fixed = await run('sweep-dt', join(examples, 'lqr-1d.ts'), '--setting', 'critic=discrete');
    expect(fixed.code).toBe(1);
    expect(fixed.err).toMatch(/the sweep sets it/);
    const unknown = await run('sweep-dt', join(examples, 'lqr-1d.ts'), '--dt=0.1', '--setting', 'gamma=1');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/no setting 'gamma'/);
  });

  it('prints one JSON object with a run per time step and critic', async () => {
    const r = await run(
      'sweep-dt',
      join(examples, 'lqr-1d.ts'),
      '--dt=0.1,0.03',
      '--seed=3',
      '--setting=episodes=2',
      '--setting=updatesPerEpisode=5',
      '--setting=hidden=8,8',
      '--json',
    );
    expect(r.code, r.err).toBe(0);
    const parsed = JSON.parse(r.out) as { runs: Array<Record<string, unknown>> };
    expect(parsed.runs.map((x) => [x.dt, x.critic])).toEqual([
      [0.1, 'continuous'],
      [0.1, 'discrete'],
      [0.03, 'continuous'],
      [0.03, 'discrete'],
    ]);
    for (const x of parsed.runs) {
      expect(Object.keys(x).sort()).toEqual([
        'critic',
        'dt',
        'policyError',
        'return',
        'seconds',
        'valueError',
      ]);
      expect(x.policyError).toBeGreaterThan(0);
      expect(Number.isFinite(x.return)).toBe(true);
    }
  }, 120_000);
});
