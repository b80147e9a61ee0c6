import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run';

const examples = join(__dirname, '../../resources/examples');
const lqr = join(examples, 'lqr-1d.ts');
const tmp = mkdtempSync(join(tmpdir(), 'hjb-simulate-'));

interface Moments {
  t: number;
  mean: number[];
  std: number[];
}

describe('hjb simulate', () => {
  it('uncontrolled linear SDE: mean and spread against the closed forms (no solve)', async () => {
    // dx = a x dt + b dW: mean e^{at}x₀, variance b²(e^{2at} − 1)/(2a) (docs/numerics.md §12.6).
    const file = join(tmp, 'ou.ts');
    writeFileSync(
      file,
      [
        "import { problem } from 'hjb-lab';",
        'const a = -1, b = 0.5;',
        'export default problem({',
        "  title: 'OU',",
        '  states: { x: [-10, 10] },',
        '  maximize: ({ x }) => x,',
        '  discount: 1,',
        '  drift: ({ x }) => ({ x: a * x }),',
        '  noise: { x: b },',
        '});',
        '',
      ].join('\n'),
    );
    const r = await run(
      'simulate',
      file,
      '--from',
      '2',
      '--paths',
      '4000',
      '--horizon',
      '1',
      '--dt',
      '0.01',
      '--seed',
      '7',
      '--json',
    );
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    expect(j.solve).toBeUndefined();
    expect(j.paths).toBe(4000);
    expect(j.horizon).toBe(1);
    expect(j.steps).toBe(100);
    const final = j.final as Moments;
    const mean = 2 * Math.exp(-1);
    const sd = Math.sqrt((0.25 * (Math.exp(-2) - 1)) / -2);
    // Standard error of the mean sd/√4000 ≈ 0.005; Euler bias O(dt) ≈ 0.004.
    expect(Math.abs(final.mean[0] - mean)).toBeLessThan(0.025);
    expect(Math.abs(final.std[0] - sd) / sd).toBeLessThan(0.06);
    expect((j.at as Moments[]).map((m) => m.t)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    // Discounted reward ∫ e^{−t} x dt has mean ∫ e^{−t} 2e^{−t} dt = 1 − e^{−2}.
    expect(Math.abs(j.reward.mean - (1 - Math.exp(-2)))).toBeLessThan(0.03);
    // Same seed, same numbers.
    const again = await run(
      'simulate',
      file,
      '--from',
      '2',
      '--paths',
      '4000',
      '--horizon',
      '1',
      '--dt',
      '0.01',
      '--seed',
      '7',
      '--json',
    );
    expect(JSON.parse(again.out)).toEqual(j);
  });

  it('controlled LQR: solves first, then the closed loop; reward ≈ V(x₀)', async () => {
    const r = await run(
      'simulate',
      lqr,
      '--from',
      '1',
      '--grid',
      '201',
      '--paths',
      '2000',
      '--horizon',
      '40',
      '--dt',
      '0.01',
      '--json',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.solve.converged).toBe(true);
    expect(j.solve.grid).toEqual([201]);
    // Stationary law of dx = (α − K)x dt + σ dW under a* = −Kx: std σ/√(2(K − α)).
    const [alpha, beta, q, ra, sigma, rho] = [-0.5, 1, 1, 0.1, 0.3, 0.1];
    const quad = (beta * beta) / ra;
    const P = (-(rho - 2 * alpha) + Math.sqrt((rho - 2 * alpha) ** 2 + 4 * quad * q)) / (2 * quad);
    const K = (beta * P) / ra;
    expect(Math.abs(j.final.mean[0])).toBeLessThan(0.02);
    expect(Math.abs(j.final.std[0] / (sigma / Math.sqrt(2 * (K - alpha))) - 1)).toBeLessThan(0.08);
    // E[discounted reward] = V(1) up to the truncation e^{−ρT}·c, the grid error and sampling.
    const V1 = -0.5 * P - (sigma * sigma * P) / (2 * rho);
    expect(Math.abs(j.reward.mean - V1)).toBeLessThan(0.03);
  }, 60_000);

  it('a readable summary without --json', async () => {
    const r = await run('simulate', lqr, '--from', '1', '--grid', '101', '--paths', '200', '--horizon', '5');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/'Stochastic LQR \(1-D\)': 200 paths from \(1\), horizon 5, dt 0\.01, seed 1/);
    expect(r.out).toMatch(/t = 5 +x: mean -?\d[\d.e-]* ± std \d/);
    expect(r.out).toMatch(/discounted reward: mean -0\.\d+ \(± [\d.e-]+ s\.e\.\), std/);
  });

  it('a minimum-time problem reports the paths that reached the target', async () => {
    const r = await run(
      'simulate',
      join(examples, 'min-time-double-integrator.ts'),
      '--from',
      '1,0',
      '--grid',
      '101',
      '--paths',
      '5',
      '--horizon',
      '6',
      '--dt',
      '0.005',
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/path\(s\) stopped at the target or an exit face \(mean time [\d.]+\)/);
  }, 60_000);

  it('bad input: exit 1 and a one-line message', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['simulate', lqr], /--from x1,x2,\.\.\. is required/],
      [['simulate', lqr, '--from', '1,2'], /--from needs 1 coordinate/],
      [['simulate', lqr, '--from', '7'], /--from: x = 7 is outside \[-3, 3\]/],
      [['simulate', lqr, '--from', '1', '--paths', '0'], /--paths needs a whole number ≥ 1/],
      [['simulate', lqr, '--from', '1', '--dt=-1'], /--dt needs a positive number/],
      [['simulate', lqr, '--from', '1', '--paths', '1000000', '--dt', '0.0001'], /MiB; use fewer paths/],
      [['simulate', join(tmp, 'missing.ts'), '--from', '1'], /no such file/],
      [['simulate', lqr, '--from', '1', '--wat'], /Unknown option '--wat'/],
    ];
    for (const [argv, message] of cases) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.err, argv.join(' ')).toMatch(message);
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      expect(r.out).toBe('');
    }
  });
});
