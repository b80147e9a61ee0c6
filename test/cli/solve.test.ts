import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { commands } from '../../src/cli/commands/index';
import { createProject, serializeProject } from '../../src/core/project/index';

async function run(argv: string[], tty = false): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, commands, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    stderrIsTTY: tty,
  });
  return { code, out, err };
}

const root = join(__dirname, '../..');
const examples = join(root, 'resources/examples');
const lqr = join(examples, 'lqr-1d.ts');
const tmp = mkdtempSync(join(tmpdir(), 'hjb-solve-'));

// DESIGN.md §8, 1-D LQR: V(x) = −½Px² − c, a* = −(βP/r_a)x.
const [alpha, beta, q, ra, sigma, rho] = [-0.5, 1, 1, 0.1, 0.3, 0.1];
const quad = (beta * beta) / ra;
const P = (-(rho - 2 * alpha) + Math.sqrt((rho - 2 * alpha) ** 2 + 4 * quad * q)) / (2 * quad);
const c = (sigma * sigma * P) / (2 * rho);
const V = (x: number) => -0.5 * P * x * x - c;
const K = (beta * P) / ra;

/** A one-line user message: no stack frames. */
function expectOneLineError(err: string): void {
  const lines = err.trimEnd().split('\n');
  expect(lines[lines.length - 1]).toMatch(/^hjb (solve|simulate): /);
  expect(err).not.toMatch(/\n\s+at /);
}

describe('hjb solve', () => {
  it('--json prints exactly one object with the documented fields; values match the exact LQR', async () => {
    const r = await run(['solve', lqr, '--json', '--grid', '201', '--at', '0', '--at', '1', '--at=-0.5']);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual([
      'solver',
      'method',
      'converged',
      'iterations',
      'seconds',
      'residual',
      'grid',
      'exactError',
      'at',
    ]);
    expect(j.solver).toBe('grid');
    expect(j.method).toBe('howard');
    expect(j.converged).toBe(true);
    expect(j.grid).toEqual({ shape: [201], bounds: [[-3, 3]] });
    expect(Object.keys(j.residual)).toEqual(['max', 'l2']);
    expect(j.residual.max).toBeLessThan(1e-6);
    // First-order scheme, h = 0.03: the solver's own error on the middle 60 % is ~0.018.
    expect(j.exactError.value.max).toBeLessThan(0.04);
    expect(j.exactError.policy.max).toBeLessThan(0.1);
    expect(j.at).toHaveLength(3);
    for (const a of j.at as Array<{ x: number[]; value: number; policy: number[] }>) {
      expect(a.value).toBeCloseTo(V(a.x[0]), 1);
      expect(Math.abs(a.value - V(a.x[0]))).toBeLessThan(0.04);
      expect(Math.abs(a.policy[0] + K * a.x[0])).toBeLessThan(0.1);
    }
    // Progress went to stderr, not stdout.
    expect(r.err).toMatch(/solving: /);
  });

  it('a readable summary without --json; minimize reports cost-to-go', async () => {
    const r = await run(['solve', lqr, '--grid', '101', '--at', '1']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/'Stochastic LQR \(1-D\)': grid 101, howard, converged after \d+ iterations/);
    expect(r.out).toMatch(/error vs exact \(middle 60 %\): value max/);
    expect(r.out).toMatch(/at x = 1: value -0\.2\d+, a = -2\.\d+/);
    const cost = join(tmp, 'lqr-cost.ts');
    writeFileSync(
      cost,
      readFileSync(lqr, 'utf8')
        .replace('maximize: ({ x }, { a }) => -0.5 *', 'minimize: ({ x }, { a }) => 0.5 *')
        .replace(/exact: \{[\s\S]*?\n {2}\},\n/, ''),
    );
    const j = JSON.parse((await run(['solve', cost, '--json', '--grid', '201', '--at', '1'])).out);
    expect(j.exactError).toBeUndefined();
    expect(Math.abs(j.at[0].value + V(1))).toBeLessThan(0.04);
    const s = await run(['solve', cost, '--grid', '101', '--at', '1']);
    expect(s.out).toMatch(/at x = 1: cost-to-go 0\.2\d+/);
  });

  it('solver options: --method value, --refine off, --actions, --tol, --max-iter, --set', async () => {
    const j = JSON.parse(
      (
        await run([
          'solve',
          lqr,
          '--json',
          '--grid',
          '101',
          '--method',
          'value',
          '--refine',
          'off',
          '--actions',
          '81',
          '--tol',
          '1e-6',
          '--max-iter',
          '5000',
          '--set',
          'rho=0.2',
          '--at',
          '0',
        ])
      ).out,
    );
    expect(j.method).toBe('value');
    expect(j.converged).toBe(true);
    // ρ = 0.2 changes c = σ²P/(2ρ): the value at 0 is −c(ρ = 0.2).
    const rho2 = 0.2;
    const P2 = (-(rho2 - 2 * alpha) + Math.sqrt((rho2 - 2 * alpha) ** 2 + 4 * quad * q)) / (2 * quad);
    expect(Math.abs(j.at[0].value + (sigma * sigma * P2) / (2 * rho2))).toBeLessThan(0.05);
    const few = JSON.parse((await run(['solve', lqr, '--json', '--grid', '101', '--max-iter', '1'])).out);
    expect(few.converged).toBe(false);
  });

  it('--out writes the same JSON through a temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hjb-out-'));
    const out = join(dir, 'result.json');
    const r = await run(['solve', lqr, '--json', '--grid', '101', '--at', '0.5', '--out', out]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(JSON.parse(r.out));
    expect(readdirSync(dir)).toEqual(['result.json']);
    const bad = await run(['solve', lqr, '--grid', '51', '--out', join(dir, 'missing/dir/r.json')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/cannot write/);
  });

  it('finite horizon: values at t = 0, or at --at-time between stored times', async () => {
    // Finite-horizon scalar LQ (DESIGN.md §8): V(t, x) = tanh(T − t)x² + σ² ln cosh(T − t).
    const file = join(tmp, 'finite.ts');
    writeFileSync(
      file,
      [
        "import { problem } from 'hjb-lab';",
        'const s = 0.5;',
        'export default problem({',
        "  title: 'finite LQ',",
        '  states: { x: [-3, 3] },',
        '  controls: { u: [-6, 6] },',
        '  minimize: ({ x }, { u }) => x * x + u * u,',
        '  horizon: 1,',
        '  drift: (s0, { u }) => ({ x: u }),',
        '  noise: { x: s },',
        '});',
        '',
      ].join('\n'),
    );
    const exact = (t: number, x: number) => Math.tanh(1 - t) * x * x + 0.25 * Math.log(Math.cosh(1 - t));
    const r0 = JSON.parse(
      (await run(['solve', file, '--json', '--grid', '121', '--times', '5', '--at', '1'])).out,
    );
    expect(r0.method).toBe('implicit');
    expect(Math.abs(r0.at[0].value - exact(0, 1))).toBeLessThan(0.05);
    expect(Math.abs(r0.at[0].policy[0] + Math.tanh(1))).toBeLessThan(0.1);
    // t = 0.6 lies between the stored times 0.5 and 0.75.
    const r1 = JSON.parse(
      (await run(['solve', file, '--json', '--grid', '121', '--times', '5', '--at', '1', '--at-time', '0.6']))
        .out,
    );
    expect(Math.abs(r1.at[0].value - exact(0.6, 1))).toBeLessThan(0.05);
    expect(r1.at[0].value).toBeLessThan(r0.at[0].value);
    const bad = await run(['solve', lqr, '--at-time', '0.5']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--at-time needs a finite-horizon problem/);
  });

  it('a project file (.hjblab): its source and stored grid settings', async () => {
    const file = join(tmp, 'lqr.hjblab');
    writeFileSync(
      file,
      serializeProject(
        createProject({
          title: 'lqr',
          source: readFileSync(lqr, 'utf8'),
          settings: { solver: 'grid', values: { shape: [81], refine: false } },
        }),
      ),
    );
    const j = JSON.parse((await run(['solve', file, '--json'])).out);
    expect(j.grid.shape).toEqual([81]);
    const k = JSON.parse((await run(['solve', file, '--json', '--grid', '61'])).out);
    expect(k.grid.shape).toEqual([61]);
    const broken = join(tmp, 'broken.hjblab');
    writeFileSync(broken, '{"not": "a project"}');
    const b = await run(['solve', broken]);
    expect(b.code).toBe(1);
    expect(b.err).toMatch(/is not a readable project/);
    expectOneLineError(b.err);
  });

  it('progress is a bar on a terminal', async () => {
    const r = await run(['solve', lqr, '--grid', '401', '--tol', '1e-12'], true);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/\r\[[# ]{24}\] level/);
  });

  it('every bad input: exit 1 and a one-line message', async () => {
    const nanFile = join(tmp, 'nan.ts');
    writeFileSync(
      nanFile,
      readFileSync(lqr, 'utf8').replace(
        'drift: ({ x }, { a }) => ({ x: alpha * x + beta * a })',
        'drift: ({ x }, { a }) => ({ x: sqrt(x) + a })',
      ),
    );
    const typo = join(tmp, 'typo.ts');
    writeFileSync(typo, 'import { problem, sin } from "hjb-lab";\nconst a = sine(1);\n');
    const cases: Array<[string[], RegExp]> = [
      [['solve'], /which file\?/],
      [['solve', join(tmp, 'nope.ts')], /cannot read '.*nope\.ts': no such file/],
      [['solve', typo], /typo\.ts:2:11: unknown name 'sine'/],
      [['solve', lqr, '--bogus'], /Unknown option '--bogus'\. Usage:/],
      [['solve', lqr, '--grid', '101x101'], /--grid needs 1 sizes \(x\) or one for all/],
      [['solve', lqr, '--grid', 'abc'], /--grid needs an integer ≥ 3, not 'abc'/],
      [['solve', lqr, '--method', 'newton'], /--method must be howard or value/],
      [['solve', lqr, '--refine', 'maybe'], /--refine must be on or off/],
      [['solve', lqr, '--tol', '2'], /--tol needs a number in \(0, 1\)/],
      [['solve', lqr, '--set', 'rho=abc'], /--set needs NAME=NUMBER/],
      [['solve', lqr, '--set', 'nothere=1'], /there is no parameter 'nothere'/],
      [['solve', lqr, '--at', '1,2'], /--at needs 1 coordinate/],
      [['solve', lqr, lqr], /solve takes one file/],
      [['solve', join(examples, 'eight-gaussians.ts')], /is a diffusion problem/],
      [['solve', nanFile, '--grid', '51'], /drift f_x returned NaN at x = -/],
      [['solve', lqr, '--grid', '100000000'], /needs about .* of memory, more than the limit/],
    ];
    for (const [argv, message] of cases) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.err, argv.join(' ')).toMatch(message);
      expect(r.out).toBe('');
      expectOneLineError(r.err);
    }
  });

  it('a real process: stdout is exactly one JSON object', () => {
    const p = spawnSync(
      'npx',
      ['tsx', 'src/cli/index.ts', 'solve', 'resources/examples/lqr-1d.ts', '--json', '--grid', '201'],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(p.status).toBe(0);
    const text = p.stdout.trim();
    expect(text.startsWith('{') && text.endsWith('}')).toBe(true);
    expect(text.split('\n')).toHaveLength(1);
    const j = JSON.parse(text);
    expect(j.solver).toBe('grid');
    expect(j.grid.shape).toEqual([201]);
    expect(existsSync(join(root, 'resources/examples/lqr-1d.ts'))).toBe(true);
  }, 60_000);
});
