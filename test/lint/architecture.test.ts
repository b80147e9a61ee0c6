/**
 * The layering rules of eslint.config.mjs catch what they are meant to: src/core importing
 * another layer or a Node-only module, and anyone outside a solver's folder reaching into
 * its files. Each case lints a line as if it were in the named file.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('architecture lint rules', () => {
  it('src/core may not import the renderer, the workers, main or the CLI', async () => {
    for (const target of [
      '../renderer/state/store',
      '../../workers/lab-api',
      '../main/menu',
      '../cli/main',
    ]) {
      const messages = await restricted('src/core/problem/probe.ts', `import '${target}';`);
      expect(messages, target).toHaveLength(1);
      expect(messages[0]).toMatch(/src\/core imports nothing from renderer/);
    }
  });

  it('src/core may not import Node-only modules, inside a solver folder either', async () => {
    expect(await restricted('src/core/sim/probe.ts', "import { readFileSync } from 'node:fs';")).toHaveLength(
      1,
    );
    expect(await restricted('src/core/solvers/grid/probe.ts', "import { join } from 'path';")).toHaveLength(
      1,
    );
  });

  it("outside a solver's folder only its index.ts may be imported", async () => {
    const deep = await restricted(
      'src/workers/probe.ts',
      "import { solveGrid } from '../core/solvers/grid/solve';",
    );
    expect(deep).toHaveLength(1);
    expect(deep[0]).toMatch(/import its folder's index\.ts/);
    expect(
      await restricted('src/workers/probe.ts', "import { gridSolver } from '../core/solvers/grid/index';"),
    ).toEqual([]);
    expect(await restricted('src/core/sim/probe.ts', "import '../solvers/grid/howard';")).toHaveLength(1);
  });

  it('the language layer imports no solver', async () => {
    const messages = await restricted('src/core/lang/probe.ts', "import '../solvers/grid/index';");
    expect(messages.some((m) => /language layer knows no solver/.test(m))).toBe(true);
    expect(await restricted('src/core/lang/probe.ts', "import './ir';")).toEqual([]);
  });

  it('src/core may not read the environment', async () => {
    const [result] = await eslint.lintText('export const f = Number(process.env.FORCING ?? 0.05);\n', {
      filePath: 'src/core/solvers/grid/probe.ts',
    });
    const messages = result.messages.filter((m) => m.ruleId === 'no-restricted-syntax');
    expect(messages).toHaveLength(1);
    expect(messages[0].message).toMatch(/reads no environment/);
    const [outside] = await eslint.lintText('export const f = process.env.HOME;\n', {
      filePath: 'src/cli/probe.ts',
    });
    expect(outside.messages.filter((m) => m.ruleId === 'no-restricted-syntax')).toEqual([]);
  });

  it('allowed imports pass: core to core, a solver to its own files, tests anywhere', async () => {
    expect(await restricted('src/core/sim/probe.ts', "import '../solvers/solver';")).toEqual([]);
    expect(await restricted('src/core/solvers/grid/probe.ts', "import './howard';")).toEqual([]);
    expect(
      await restricted('test/core/probe.test.ts', "import '../../src/core/solvers/grid/howard';"),
    ).toEqual([]);
  });
});
