import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FILE_CHANNELS, IPC, isMenuCommand, MENU_COMMANDS } from '../../src/preload/api';

describe('bridge API constants', () => {
  it('takes only types from the main process (the sandboxed preload cannot load main modules)', () => {
    const source = readFileSync(new URL('../../src/preload/api.ts', import.meta.url), 'utf8');
    const fromMain = source
      .split('\n')
      .filter((l) => /from '\.\.\/main\//.test(l) || /^\s*} from '\.\.\/main/.test(l));
    expect(fromMain.length).toBeGreaterThan(0);
    const imports = source.match(/^(import|export)[^;]*?from '\.\.\/main\/[^']+';/gms) ?? [];
    expect(imports.length).toBe(fromMain.length);
    for (const statement of imports) expect(statement).toMatch(/^(import|export) type /);
  });

  it('has one channel per purpose', () => {
    const all = [...Object.values(IPC), ...Object.values(FILE_CHANNELS)];
    expect(new Set(all).size).toBe(all.length);
  });

  it('recognises menu commands and nothing else', () => {
    for (const c of MENU_COMMANDS) expect(isMenuCommand(c)).toBe(true);
    for (const x of ['', 'New', 'export-pdf', 1, null, undefined, {}]) expect(isMenuCommand(x)).toBe(false);
  });
});
