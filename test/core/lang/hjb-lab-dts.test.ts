import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { HJB_LAB_DTS, HELPER_NAMES } from '../../../src/core/lang/hjb-lab-dts';
import { makeHelpers } from '../../../src/core/lang/builtins';

/** Type-check `source` against the bundled typings, as the editor does; returns error messages. */
function typeErrors(source: string): string[] {
  const files: Record<string, string> = { '/hjb-lab.d.ts': HJB_LAB_DTS, '/problem.ts': source };
  const options: ts.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    noEmit: true,
    lib: ['lib.es2022.d.ts'],
  };
  const host = ts.createCompilerHost(options);
  const original = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang) =>
    name in files ? ts.createSourceFile(name, files[name], lang) : original(name, lang);
  host.fileExists = (name) => name in files || ts.sys.fileExists(name);
  host.readFile = (name) => files[name] ?? ts.sys.readFile(name);
  const program = ts.createProgram(['/hjb-lab.d.ts', '/problem.ts'], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === '/problem.ts' || d.file?.fileName === '/hjb-lab.d.ts')
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const dir = join(__dirname, '../../../resources/examples');

describe('hjb-lab typings', () => {
  it('every example type-checks against them', () => {
    for (const name of [
      'pendulum',
      'lqr-1d',
      'merton',
      'double-integrator-lqr',
      'mountain-car',
      'min-time-double-integrator',
      'dubins-car',
      'lqr-6d',
      'eight-gaussians',
    ]) {
      expect(typeErrors(readFileSync(join(dir, `${name}.ts`), 'utf8')), name).toEqual([]);
    }
  });

  it('state and control names are inferred inside drift, reward and noise', () => {
    const src = `import { problem } from "hjb-lab";
export default problem({
  states: { theta: [-1, 1], omega: [-1, 1] },
  controls: { u: [-1, 1] },
  minimize: ({ theta }, { u }) => theta + u,
  discount: 1,
  drift: ({ theta, omgea }) => ({ theta: omgea, omega: 0 }),
});`;
    const errs = typeErrors(src);
    expect(errs.some((e) => e.includes("'omgea'"))).toBe(true);
    const missing = src.replace(
      '({ theta, omgea }) => ({ theta: omgea, omega: 0 })',
      '({ theta }) => ({ theta })',
    );
    expect(typeErrors(missing).some((e) => e.includes("'omega'"))).toBe(true);
  });

  it('lists exactly the helpers the interpreter implements', () => {
    const implemented = [...makeHelpers().keys()].sort();
    expect([...HELPER_NAMES].sort()).toEqual(implemented);
    for (const h of HELPER_NAMES) expect(HJB_LAB_DTS).toMatch(new RegExp(`export function ${h}\\b`));
  });
});
