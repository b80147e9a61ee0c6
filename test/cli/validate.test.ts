import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, serializeProject } from '../../src/core/project';
import { run } from './run';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hjb-validate-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

function withRun(): string {
  return serializeProject(
    createProject({
      title: 'Stochastic LQR',
      source: 'export default 1',
      view: { selectedRunId: 'r1' },
      runs: [
        {
          id: 'r1',
          solver: 'grid',
          label: 'grid 101',
          createdAt: '2025-01-01T00:00:00Z',
          settings: {},
          summary: { converged: true },
          arrays: {
            value: { dtype: 'float64', shape: [101], data: new Float64Array(101) },
            policy: { dtype: 'float64', shape: [101], data: new Float64Array(101) },
          },
        },
      ],
    }),
  );
}

describe('hjb validate', () => {
  it('exit 0 with a one-line summary for a valid project', async () => {
    const r = await run('validate', await file('lqr.hjblab', withRun()));
    expect(r).toEqual({
      code: 0,
      out: "ok: 'Stochastic LQR': schema 1, solver grid, 1 run (2 arrays)\n",
      err: '',
    });
    const empty = await run('validate', await file('empty.hjblab', serializeProject(createProject())));
    expect(empty.out).toBe("ok: 'Untitled': schema 1, solver grid, 0 runs\n");
  });

  it('says when an older file will be upgraded', async () => {
    const { source, view: _view, ...rest } = JSON.parse(serializeProject(createProject({ source: 'x' })));
    const r = await run(
      'validate',
      await file('old.hjblab', JSON.stringify({ ...rest, schemaVersion: 0, problem: source })),
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('schema 0 (upgraded to 1 when opened)');
  });

  it.each([
    ['not JSON', '{"format":', 'not a JSON file'],
    ['not a project', '{"hello": 1}', 'not an HJB Lab project'],
    [
      'newer',
      '{"format": "hjb-lab", "schemaVersion": 7}',
      'made by a newer version of HJB Lab (schema 7; this app reads up to 1)',
    ],
    [
      'bad field',
      withRun().replace('"solver": "grid"', '"solver": 5'),
      'settings.solver: expected a string, got number 5',
    ],
    [
      'shape mismatch',
      (() => {
        const doc = JSON.parse(withRun());
        doc.runs[0].arrays.value.shape = [100];
        return JSON.stringify(doc);
      })(),
      'runs[0].arrays.value: 101 values do not match shape [100]',
    ],
  ])('exit 1 with the reason for %s, no stack trace', async (name, text, message) => {
    const path = await file(`${name}.hjblab`, text);
    const r = await run('validate', path);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    // One line: the file, then the reason as the app would show it.
    expect(r.err.startsWith(`hjb validate: ${path}: ${message}`)).toBe(true);
    expect(r.err.endsWith('\n') && r.err.indexOf('\n') === r.err.length - 1).toBe(true);
  });

  it('exit 1 for a missing file, a folder, no file or two files', async () => {
    expect(await run('validate', join(dir, 'nope.hjblab'))).toMatchObject({
      code: 1,
      err: expect.stringContaining('no such file'),
    });
    expect(await run('validate', dir)).toMatchObject({
      code: 1,
      err: expect.stringContaining('is a folder'),
    });
    expect(await run('validate')).toMatchObject({ code: 1, err: expect.stringContaining('which file?') });
    expect(await run('validate', 'a', 'b')).toMatchObject({
      code: 1,
      err: expect.stringContaining('one file'),
    });
    expect(await run('validate', '--frobnicate')).toMatchObject({
      code: 1,
      err: expect.stringContaining('unknown option'),
    });
  });
});
