import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecentFiles } from '../../../src/main/project/recent-files';
import { tempDir } from './helpers';

async function setup(): Promise<{ dir: string; store: string; files: string[] }> {
  const dir = await tempDir();
  const files: string[] = [];
  for (let i = 0; i < 12; i++) {
    const f = join(dir, `p${i}.hjblab`);
    await writeFile(f, '{}');
    files.push(f);
  }
  return { dir, store: join(dir, 'user-data', 'recent-files.json'), files };
}

describe('RecentFiles', () => {
  it('lists most recent first, without duplicates, capped at 10, and persists across instances', async () => {
    const { store, files } = await setup();
    const recent = new RecentFiles({ storePath: store, caseInsensitive: false });
    for (const f of files) await recent.add(f);
    await recent.add(files[5]);
    const expected = [
      files[5],
      files[11],
      files[10],
      files[9],
      files[8],
      files[7],
      files[6],
      files[4],
      files[3],
      files[2],
    ];
    expect(await recent.list()).toEqual(expected);
    expect(await new RecentFiles({ storePath: store }).list()).toEqual(expected);
    expect(JSON.parse(await readFile(store, 'utf8'))).toEqual({ version: 1, files: expected });
  });

  it('prunes files that no longer exist when read', async () => {
    const { store, files } = await setup();
    const recent = new RecentFiles({ storePath: store });
    await recent.add(files[0]);
    await recent.add(files[1]);
    await rm(files[0]);
    expect(await recent.list()).toEqual([files[1]]);
    expect(JSON.parse(await readFile(store, 'utf8')).files).toEqual([files[1]]);
  });

  it('tolerates a missing, corrupt or foreign store as an empty list, and recovers on the next add', async () => {
    const { store, files } = await setup();
    const recent = new RecentFiles({ storePath: store });
    expect(await recent.list()).toEqual([]);
    await recent.add(files[0]);
    for (const junk of ['{not json', '[]', '{"version": 2, "files": []}', '{"version": 1, "files": [3]}']) {
      await writeFile(store, junk);
      expect(await recent.list()).toEqual([]);
    }
    await recent.add(files[1]);
    expect(await recent.list()).toEqual([files[1]]);
  });

  it('compares paths without case where the file system does, and resolves relative paths', async () => {
    const { dir, store, files } = await setup();
    const exists = async (): Promise<boolean> => true;
    const recent = new RecentFiles({ storePath: store, caseInsensitive: true, exists });
    await recent.add(files[0]);
    await recent.add(files[0].toUpperCase());
    expect(await recent.list()).toEqual([files[0].toUpperCase()]);
    const relative = new RecentFiles({ storePath: join(dir, 'r.json'), exists });
    await relative.add('some/relative.hjblab');
    expect((await relative.list())[0]).toBe(join(process.cwd(), 'some/relative.hjblab'));
  });

  it('removes and clears', async () => {
    const { store, files } = await setup();
    const recent = new RecentFiles({ storePath: store });
    await recent.add(files[0]);
    await recent.add(files[1]);
    await recent.remove(files[0]);
    expect(await recent.list()).toEqual([files[1]]);
    await recent.clear();
    expect(await recent.list()).toEqual([]);
  });

  it('does not lose entries when adds overlap', async () => {
    const { store, files } = await setup();
    const recent = new RecentFiles({ storePath: store });
    await Promise.all(files.slice(0, 5).map((f) => recent.add(f)));
    expect((await recent.list()).sort()).toEqual(files.slice(0, 5).sort());
  });
});
