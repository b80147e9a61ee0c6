/**
 * The example gallery's project files (docs/architecture.md §6): every resources/examples/<id>.ts
 * has an <id>.hjblab, written by scripts/make-examples.ts, holding exactly that source, so
 * the two never drift apart.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileProblem } from '../../src/core/problem/compile';
import { parseProject } from '../../src/core/project/index';

const dir = join(__dirname, '../../resources/examples');
const ids = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();
const RERUN = 'rerun `npx tsx scripts/make-examples.ts` after changing an example';

describe('example project files', () => {
  it('there are examples', () => {
    expect(ids.length).toBeGreaterThanOrEqual(9);
  });

  it.each(ids)('%s.hjblab exists, parses, and holds %s.ts byte for byte', (id) => {
    const file = join(dir, `${id}.hjblab`);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new Error(`resources/examples/${id}.hjblab is missing: ${RERUN}`);
    }
    const project = parseProject(text);
    const source = readFileSync(join(dir, `${id}.ts`), 'utf8');
    if (project.source !== source)
      throw new Error(`resources/examples/${id}.hjblab holds another source than ${id}.ts: ${RERUN}`);
    expect(Buffer.from(project.source, 'utf8').equals(readFileSync(join(dir, `${id}.ts`)))).toBe(true);
    const compiled = compileProblem(project.source);
    expect(compiled.problem, `${id} compiles`).not.toBeNull();
    expect(project.title).toBe(compiled.problem?.title);
    expect(project.settings.solver).toBe('grid');
    expect(project.runs).toEqual([]);
    expect(project.view.selectedRunId).toBeNull();
  });

  it('every control example compiles from its project file without errors', () => {
    let control = 0;
    for (const id of ids) {
      const project = parseProject(readFileSync(join(dir, `${id}.hjblab`), 'utf8'));
      const result = compileProblem(project.source);
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      if (result.problem?.kind !== 'control') continue;
      control++;
      expect(result.problem.states.length).toBeGreaterThan(0);
    }
    expect(control).toBeGreaterThanOrEqual(8);
  });

  it('thumbnails, where present, are PNGs under 150 KB', () => {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.png'))) {
      const bytes = readFileSync(join(dir, f));
      expect(bytes.subarray(1, 4).toString('latin1'), f).toBe('PNG');
      expect(statSync(join(dir, f)).size, f).toBeLessThan(150 * 1024);
      expect(ids, `${f} belongs to an example`).toContain(f.slice(0, -4));
    }
  });
});
