import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { onRecentChange } from '../../src/main/file-hooks';
import { RecentFiles } from '../../src/main/project/recent-files';
import { tempDir } from './project/helpers';

describe('onRecentChange', () => {
  it('reports every add, remove and clear after it is done (Open Recent is rebuilt from it)', async () => {
    const dir = await tempDir();
    const recent = new RecentFiles({ storePath: join(dir, 'recent.json'), exists: async () => true });
    const seen: string[][] = [];
    onRecentChange(recent, () => void recent.list().then((l) => seen.push(l)));
    await recent.add('/a.hjblab');
    await recent.add('/b.hjblab');
    await recent.remove('/a.hjblab');
    await recent.clear();
    await recent.list();
    expect(seen).toEqual([['/a.hjblab'], ['/b.hjblab', '/a.hjblab'], ['/b.hjblab'], []]);
  });

  it('reports a failed change too, and the failure still reaches the caller', async () => {
    const recent = {
      add: vi.fn(async (_path: string) => {
        throw new Error('read-only disk');
      }),
      remove: vi.fn(async () => undefined),
      clear: vi.fn(async () => undefined),
    };
    const listener = vi.fn();
    onRecentChange(recent, listener);
    await expect(recent.add('/x.hjblab')).rejects.toThrow('read-only disk');
    expect(listener).toHaveBeenCalledOnce();
  });
});
