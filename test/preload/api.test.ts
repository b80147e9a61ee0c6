import { describe, expect, it } from 'vitest';
import { FILE_IPC } from '../../src/main/project/file-ipc';
import { FILE_CHANNELS, IPC, isMenuCommand, MENU_COMMANDS } from '../../src/preload/api';

describe('bridge API constants', () => {
  it('repeats the main process file channels exactly (the preload cannot import main)', () => {
    expect(FILE_CHANNELS).toEqual(FILE_IPC);
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
