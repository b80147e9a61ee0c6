import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProject, parseProject, serializeProject } from '../../src/core/project/index';
import { loadRun } from '../../src/core/project/run-record';
import type { ProjectRun } from '../../src/core/project/types';
import { gridSolver, type GridResult } from '../../src/core/solvers/grid/index';
import { compileProblem } from '../../src/core/problem/compile';
import type { CompiledProblem } from '../../src/core/problem/types';
import { solveGrid } from '../../src/core/solvers/grid/solve';
import { projectRunToRun } from '../../src/renderer/project/codec';
import { summarize } from '../../src/workers/protocol';
import { runArgs as run } from './run';

const root = join(__dirname, '../..');
const examples = join(root, 'resources/examples');
const lqr = join(examples, 'lqr-1d.ts');
const tmp = mkdtempSync(join(tmpdir(), 'hjb-solve-'));

// docs/numerics.md §12.1, 1-D LQR: V(x) = −½Px² − c, a* = −(βP/r_a)x.
const [alpha, beta, q, ra, sigma, rho] = [-0.5, 1, 1, 0.1, 0.3, 0.1];
const quad = (beta * beta) / ra;
const P = (-(rho - 2 * alpha) + Math.sqrt((rho - 2 * alpha) ** 2 + 4 * quad * q)) / (2 * quad);
const c = (sigma * sigma * P) / (2 * rho);
const V = (x: number) => -0.5 * P * x * x - c;
const K = (beta * P) / ra;

/** A stored grid run back into its solution, as the lab reads it. */
const decodeGrid = (pr: ProjectRun): GridResult => loadRun(gridSolver, pr).result as GridResult;

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
      'status',
      'converged',
      'iterations',
      'iterationsPerLevel',
      'seconds',
      'residual',
      'grid',
      'exactError',
      'warnings',
      'at',
    ]);
    expect(j.status).toBe('converged');
    // Coarse to fine: the levels' iterations add up to the run's.
    expect(j.iterationsPerLevel.reduce((a: number, b: number) => a + b, 0)).toBe(j.iterations);
    expect(j.warnings).toEqual([]);
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
    expect(r.out).toMatch(
      /'Stochastic LQR \(1-D\)': Grid HJB solver, grid 101, howard, converged after \d+ iterations/,
    );
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
    // Finite-horizon scalar LQ (docs/numerics.md §12.4): V(t, x) = tanh(T − t)x² + σ² ln cosh(T − t).
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

  it('reads like a Unix tool: negative values after options, a help line per option, hjb solvers', async () => {
    const r = await run(['solve', lqr, '--json', '--grid', '101', '--at', '-1.5', '--at', '-0.5']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).at.map((a: { x: number[] }) => a.x[0])).toEqual([-1.5, -0.5]);
    const help = await run(['solve', '--help']);
    expect(help.code).toBe(0);
    for (const option of [
      '--solver ID',
      '--setting NAME=VALUE',
      '--grid',
      '--tol',
      '--memory-limit N',
      '--at',
      '--save',
    ])
      expect(help.out, option).toContain(option);
    expect(help.out).toMatch(/--memory-limit N +refuse to start when the estimated memory is above this/);
    const list = await run(['solvers']);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^grid — Grid HJB solver/);
    expect(list.out).toMatch(/accepts: control problems with 1–4 states/);
    expect(list.out).toMatch(/memoryLimitMB \(--memory-limit\): .*; an integer in \[16, 1048576\]/);
  });

  it('one rule with the app: a 6-state problem is refused, a coarse grid warned about', async () => {
    const six = await run(['solve', join(examples, 'lqr-6d.ts'), '--grid', '5']);
    expect(six.code).toBe(1);
    expect(six.err).toMatch(
      /the grid solver cannot take this problem: the grid solver handles 1–4 states; this problem has 6 — pick neural policy iteration/,
    );
    const coarse = await run(['solve', lqr, '--grid', '7']);
    expect(coarse.code).toBe(0);
    expect(coarse.out).toMatch(
      /warning: the grid is too coarse to mean much: fewer than 10 nodes on x \(7\)/,
    );
  });

  it('progress is a bar on a terminal', async () => {
    const r = await run(['solve', lqr, '--grid', '401', '--tol', '1e-12'], true);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/\r\[[# ]{24}\] level 1 of \d, iteration 1, /);
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
      [['solve', lqr, '--grid', '101x101'], /--grid: shape needs 1 sizes \(one per x\), got 2/],
      [['solve', lqr, '--grid', 'abc'], /--grid: shape must be 1 integer \(x\) in \[3, 1e8\], not 'abc'/],
      [['solve', lqr, '--grid', '2'], /--grid: shape for x must be an integer in \[3, 1e8\] \(got 2\)/],
      [
        ['solve', lqr, '--method', 'newton'],
        /--method: method must be one of howard, value \(got 'newton'\)/,
      ],
      [['solve', lqr, '--refine', 'maybe'], /--refine: refine must be on or off, not 'maybe'/],
      [['solve', lqr, '--tol', '2'], /--tol: tol must be a number in \[1e-14, 0\.5\] \(got 2\)/],
      [['solve', lqr, '--tol', '-5'], /--tol: tol must be a number in \[1e-14, 0\.5\] \(got -5\)/],
      [
        ['solve', lqr, '--setting', 'maxIter=0'],
        /--setting maxIter: maxIter must be an integer in \[1, 1e6\] \(got 0\)/,
      ],
      [
        ['solve', lqr, '--setting', 'nope=1'],
        /--setting: the grid solver has no setting 'nope' \(settings: shape, /,
      ],
      [['solve', lqr, '--setting', 'tol'], /--setting needs NAME=VALUE, not 'tol'/],
      [['solve', lqr, '--solver', 'nope'], /--solver: there is no solver 'nope' \(solvers: grid/],
      [['solve', lqr, '--grid'], /--grid needs a value/],
      [['solve', lqr, '--set', 'rho=abc'], /--set needs NAME=NUMBER/],
      [['solve', lqr, '--set', 'nothere=1'], /there is no parameter 'nothere'/],
      [['solve', lqr, '--at', '1,2'], /--at needs 1 coordinate/],
      [['solve', lqr, lqr], /solve takes one file/],
      [
        ['solve', join(examples, 'eight-gaussians.ts')],
        /the grid solver cannot take this problem: diffusion problems need the diffusion solver/,
      ],
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

  describe('--save OUT.hjblab', () => {
    const bits = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    const control = (source: string): CompiledProblem => {
      const p = compileProblem(source).problem;
      if (!p || p.kind !== 'control') throw new Error('not a control problem');
      return p;
    };

    it("from a .ts source: a new project with one run in the lab's layout, decoded bit for bit", async () => {
      const out = join(tmp, 'saved-lqr.hjblab');
      const r = await run(['solve', lqr, '--grid', '101', '--save', out]);
      expect(r.code).toBe(0);
      const source = readFileSync(lqr, 'utf8');
      const project = parseProject(readFileSync(out, 'utf8'));
      expect(project.title).toBe('Stochastic LQR (1-D)');
      expect(project.source).toBe(source);
      expect(project.settings).toEqual({ solver: 'grid', values: { shape: [101] } });
      expect(project.runs).toHaveLength(1);
      const pr = project.runs[0];
      expect(project.view.selectedRunId).toBe(pr.id);
      expect(pr.solver).toBe('grid');
      for (const key of [
        'axis.0',
        'value',
        'policy.0',
        'residual',
        'drift.0',
        'exact.value',
        'exact.policy.0',
        'history.iteration',
        'history.residualMax',
        'history.residualL2',
        'history.policyChanges',
        'history.seconds',
        'history.exactError',
        'snapshots',
      ])
        expect(pr.arrays, key).toHaveProperty([key]);
      expect(pr.arrays['value'].shape).toEqual([101]);
      for (const key of [
        'status',
        'method',
        'converged',
        'iterations',
        'seconds',
        'residualMax',
        'residualL2',
      ])
        expect(pr.summary, key).toHaveProperty([key]);
      expect(pr.summary['status']).toBe('converged');
      expect(pr.summary['source']).toBe(source);
      expect(pr.summary['grid']).toEqual({ shape: [101], bounds: [[-3, 3]], periodic: [false] });
      expect(pr.summary['exactError']).toBeDefined();

      // The same solve here: the stored arrays are the solution's, bit for bit.
      const problem = control(source);
      const solution = solveGrid(problem, { shape: [101] }, { snapshotEvery: 0 });
      const decoded = decodeGrid(pr);
      expect(bits(decoded.solution.value).equals(bits(solution.value))).toBe(true);
      expect(bits(decoded.solution.policy[0]).equals(bits(solution.policy[0]))).toBe(true);
      expect(bits(decoded.solution.residual).equals(bits(solution.residual))).toBe(true);
      expect(decoded.solution.grid.shape).toEqual(solution.grid.shape);
      // What the lab does on opening the project.
      const summary = summarize(compileProblem(source), 0).problem;
      if (!summary) throw new Error('no summary');
      const labRun = projectRunToRun(pr, summary);
      expect(labRun.status).toBe('converged');
      expect(labRun.result).not.toBeNull();
      expect(
        bits(labRun.result?.result.display.value ?? new Float64Array()).equals(bits(solution.value)),
      ).toBe(true);
      expect(labRun.result?.result.display.exact?.value.length).toBe(101);
      expect(labRun.result?.drift).toHaveLength(1);
      // 1-D: the iterates V_k travel with the run, the last one being V.
      expect(labRun.snapshots.length).toBeGreaterThan(0);
      expect(bits(labRun.snapshots[labRun.snapshots.length - 1]).equals(bits(solution.value))).toBe(true);
    });

    it('from a .hjblab project: keeps it, adds the run with a fresh id, 2-D layout', async () => {
      const source = readFileSync(join(examples, 'double-integrator-lqr.ts'), 'utf8');
      const first = join(tmp, 'di.hjblab');
      const second = join(tmp, 'di-2.hjblab');
      writeFileSync(
        first,
        serializeProject(
          createProject({
            title: 'my double integrator',
            source,
            settings: { solver: 'grid', values: { shape: [21, 21], refine: false } },
            view: { colormap: 'magma' },
          }),
        ),
      );
      expect((await run(['solve', first, '--save', first])).code).toBe(0);
      expect((await run(['solve', first, '--grid', '25', '--save', second])).code).toBe(0);
      const p = parseProject(readFileSync(second, 'utf8'));
      expect(p.title).toBe('my double integrator');
      expect(p.view.colormap).toBe('magma');
      expect(p.settings.values).toEqual({ shape: [25, 25], refine: false });
      expect(p.runs).toHaveLength(2);
      expect(new Set(p.runs.map((r) => r.id)).size).toBe(2);
      expect(p.view.selectedRunId).toBe(p.runs[1].id);
      const [a, b] = p.runs;
      expect(a.arrays['value'].shape).toEqual([21, 21]);
      expect(b.arrays['value'].shape).toEqual([25, 25]);
      for (const key of ['axis.0', 'axis.1', 'policy.0', 'drift.0', 'drift.1', 'exact.value'])
        expect(b.arrays, key).toHaveProperty([key]);
      expect(b.arrays).not.toHaveProperty(['snapshots']);
      const solution = solveGrid(control(source), { shape: [25, 25], refine: false }, { snapshotEvery: 0 });
      expect(bits(decodeGrid(b).solution.value).equals(bits(solution.value))).toBe(true);
      // No temporary files are left next to the output.
      expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });

    it('a finite-horizon problem stores its times, values and policies', async () => {
      const src = join(tmp, 'lqr-T.ts');
      writeFileSync(
        src,
        readFileSync(lqr, 'utf8')
          .replace('discount: rho,', 'horizon: 1,')
          .replace(/ {2}exact: \{[\s\S]*?\n {2}\},\n/, ''),
      );
      const out = join(tmp, 'lqr-T.hjblab');
      const r = await run(['solve', src, '--grid', '41', '--times', '5', '--save', out]);
      expect(r.code, r.err).toBe(0);
      const pr = parseProject(readFileSync(out, 'utf8')).runs[0];
      expect(pr.arrays['times'].shape).toEqual([5]);
      expect(pr.arrays['values'].shape).toEqual([5, 41]);
      expect(pr.arrays['policies.0'].shape).toEqual([5, 41]);
    });

    it('bad --save: exit 1 and a one-line message', async () => {
      const cases: Array<[string[], RegExp]> = [
        [['solve', lqr, '--save', join(tmp, 'out.json')], /--save needs a \.hjblab file name/],
        [['solve', lqr, '--save', join(tmp, 'x.hjblab'), '--set', 'rho=0.2'], /--save cannot store --set/],
        [
          ['solve', lqr, '--grid', '21', '--save', join(tmp, 'no-such-dir', 'x.hjblab')],
          /cannot write '.*x\.hjblab'/,
        ],
      ];
      for (const [argv, message] of cases) {
        const r = await run(argv);
        expect(r.code, argv.join(' ')).toBe(1);
        expect(r.err, argv.join(' ')).toMatch(message);
        expectOneLineError(r.err);
      }
    });
  });
});
