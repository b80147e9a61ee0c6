import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run';

const tmp = mkdtempSync(join(tmpdir(), 'hjb-diffuse-'));
const file = join(tmp, 'bumps.ts');
writeFileSync(
  file,
  `import { diffusion } from "hjb-lab";\nexport default diffusion({ title: 'Bumps', data: { mixture: { weights: [0.3, 0.7], means: [[-2], [1.5]], std: [0.4, 0.6] } } });\n`,
);

describe('hjb diffuse', () => {
  it('--json prints one object of the documented shape, one at entry per point and time', async () => {
    const r = await run(
      'diffuse',
      file,
      '--seed',
      '3',
      '--steps',
      '50',
      '--samples',
      '300',
      '--at=0.5',
      '--at=-2',
      '--at-time=0.2',
      '--at-time=0.9',
      '--json',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.title).toBe('Bumps');
    expect(j.dim).toBe(1);
    expect(j.at.map((e: { x: number[]; t: number }) => [e.x[0], e.t])).toEqual([
      [0.5, 0.2],
      [0.5, 0.9],
      [-2, 0.2],
      [-2, 0.9],
    ]);
    for (const e of j.at) {
      expect(Object.keys(e.exact)).toEqual(['value', 'control']);
      // Grid against exact at the default 400 cells.
      expect(Math.abs(e.grid.value - e.exact.value)).toBeLessThan(1e-2 * Math.abs(e.exact.value) + 1e-3);
      expect(e.trained.control).toHaveLength(1);
    }
    expect(j.train.steps).toBe(50);
    expect(j.scoreError).toHaveLength(6);
    expect(Object.keys(j.dataFloor)).toEqual(['sw2', 'mmd']);
    expect(j.samplers).toHaveLength(6);
    expect(j.samplers[0]).toMatchObject({ score: 'exact', method: 'sde' });
    expect(Object.keys(j.controlGap).sort()).toEqual(['grid', 'trained']);
  }, 600_000);

  it('--no-train --no-grid leaves the exact reference only', async () => {
    const r = await run('diffuse', file, '--no-train', '--no-grid', '--samples', '200', '--at=0', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.train).toBeUndefined();
    expect(j.at).toHaveLength(1);
    expect(j.at[0].t).toBe(0);
    expect(j.at[0].grid).toBeUndefined();
    expect(j.samplers.map((s: { score: string }) => s.score)).toEqual(['exact', 'exact']);
  });

  it('bad input: exit 1 with a message', async () => {
    const wrongDim = await run('diffuse', file, '--no-train', '--no-grid', '--at=1,2');
    expect(wrongDim.code).toBe(1);
    expect(wrongDim.err).toMatch(/--at needs 1 numbers/);
    const control = join(tmp, 'lqr.ts');
    writeFileSync(
      control,
      `import { problem } from "hjb-lab";\nexport default problem({ states: { x: [-1, 1] }, controls: { a: [-1, 1] }, drift: ({ x }, { a }) => ({ x: a }), maximize: ({ x }, { a }) => -x * x - a * a, discount: 1 });\n`,
    );
    const c = await run('diffuse', control);
    expect(c.code).toBe(1);
    expect(c.err).toMatch(/is a control problem.*use 'hjb solve'/);
    const dir = await run('diffuse', tmp);
    expect(dir.code).toBe(1);
    expect(dir.err).toMatch(/it is a directory/);
    const missing = await run('diffuse', join(tmp, 'nope.ts'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no such file/);
  });
});
