import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run';

const examples = join(__dirname, '../../resources/examples');
const tmp = mkdtempSync(join(tmpdir(), 'hjb-check-'));

describe('hjb check', () => {
  it('exit 0 and a summary for a valid problem', async () => {
    const r = await run('check', join(examples, 'pendulum.ts'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /ok: 'Pendulum swing-up': minimize, discount ρ = 0.5, 2 state\(s\), 1 control\(s\)/,
    );
    expect(r.out).toMatch(/theta ∈ \[-3.14159\d+, 3.14159\d+\] periodic/);
    expect(r.err).toBe('');
  });

  it('--json prints exactly one JSON object with the documented fields', async () => {
    const r = await run('check', join(examples, 'pendulum.ts'), '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.ok).toBe(true);
    expect(j.diagnostics).toEqual([]);
    expect(j.problem.kind).toBe('control');
    expect(j.problem.title).toBe('Pendulum swing-up');
    expect(j.problem.states[0]).toEqual({ name: 'theta', min: -Math.PI, max: Math.PI, periodic: true });
    expect(j.problem.controls).toEqual([{ name: 'u', min: -2, max: 2 }]);
    expect(j.problem.parameters).toContainEqual({ name: 'g', value: 9.81 });
    expect(j.problem.discount).toBe(0.5);
    expect(j.problem.horizon).toBeUndefined();
    expect(typeof j.problem.latex.dynamics).toBe('string');
  });

  it('a diffusion problem in JSON', async () => {
    const j = JSON.parse((await run('check', join(examples, 'eight-gaussians.ts'), '--json')).out);
    expect(j.problem.kind).toBe('diffusion');
    expect(j.problem.states.map((s: { name: string }) => s.name)).toEqual(['x', 'y']);
  });

  it('exit 1 with diagnostics (file:line:column) for a broken problem, no stack trace', async () => {
    const file = join(tmp, 'typo.ts');
    writeFileSync(file, 'import { problem, sin } from "hjb-lab";\nconst a = sine(1);\n');
    const r = await run('check', file);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${file}:2:11: error: unknown name 'sine' — did you mean 'sin'?`);
    expect(r.err).not.toMatch(/\bat .*\.ts:\d+/);
    const j = JSON.parse((await run('check', file, '--json')).out);
    expect(j).toEqual({
      ok: false,
      diagnostics: [
        { line: 2, column: 11, message: "unknown name 'sine' — did you mean 'sin'?", severity: 'error' },
      ],
      problem: null,
    });
  });

  it('--set overrides a parameter', async () => {
    const j = JSON.parse((await run('check', join(examples, 'lqr-1d.ts'), '--json', '--set', 'rho=0.2')).out);
    expect(j.problem.discount).toBe(0.2);
    const bad = await run('check', join(examples, 'lqr-1d.ts'), '--set', 'rho=abc');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--set needs NAME=NUMBER/);
  });

  it('usage errors: missing file, unreadable file, unknown option', async () => {
    expect((await run('check')).err).toMatch(/which file\?/);
    const missing = await run('check', join(tmp, 'nope.ts'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no such file/);
    expect((await run('check', 'a.ts', '--frobnicate')).err).toMatch(/unknown option/);
  });
});
