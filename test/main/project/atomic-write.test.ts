import { readdir, readFile, stat, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  nodeAtomicFs,
  removeStaleTempFiles,
  tempPathFor,
  writeFileAtomic,
  type AtomicFs,
} from '../../../src/main/project/atomic-write';
import { tempDir } from './helpers';

describe('writeFileAtomic', () => {
  it('creates a new file and replaces an existing one, leaving nothing else in the folder', async () => {
    const dir = await tempDir();
    const target = join(dir, 'p.hjblab');
    await writeFileAtomic(target, 'first');
    expect(await readFile(target, 'utf8')).toBe('first');
    await writeFileAtomic(target, new TextEncoder().encode('second'));
    expect(await readFile(target, 'utf8')).toBe('second');
    expect(await readdir(dir)).toEqual(['p.hjblab']);
  });

  it.skipIf(process.platform === 'win32')('keeps the permissions of the file it replaces', async () => {
    const dir = await tempDir();
    const target = join(dir, 'p.hjblab');
    await writeFile(target, 'old');
    await chmod(target, 0o600);
    await writeFileAtomic(target, 'new');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
  });

  it('leaves the old file intact and removes the temporary file when the rename fails', async () => {
    const dir = await tempDir();
    const target = join(dir, 'p.hjblab');
    await writeFile(target, 'precious old content');
    const failing: AtomicFs = {
      ...nodeAtomicFs,
      rename: async () => {
        throw Object.assign(new Error('EXDEV: simulated'), { code: 'EXDEV' });
      },
    };
    await expect(writeFileAtomic(target, 'new content', failing)).rejects.toThrow('EXDEV');
    expect(await readFile(target, 'utf8')).toBe('precious old content');
    expect(await readdir(dir)).toEqual(['p.hjblab']);
  });

  it('leaves the old file intact when writing fails half way (disk full)', async () => {
    const dir = await tempDir();
    const target = join(dir, 'p.hjblab');
    await writeFile(target, 'old');
    const diskFull: AtomicFs = {
      ...nodeAtomicFs,
      open: async (path, flags, mode) => {
        const handle = await nodeAtomicFs.open(path, flags, mode);
        return {
          writeFile: async (data) => {
            await handle.writeFile(typeof data === 'string' ? data.slice(0, 3) : data.slice(0, 3));
            throw Object.assign(new Error('ENOSPC: simulated'), { code: 'ENOSPC' });
          },
          sync: () => handle.sync(),
          close: () => handle.close(),
        };
      },
    };
    await expect(writeFileAtomic(target, 'new content', diskFull)).rejects.toThrow('ENOSPC');
    expect(await readFile(target, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['p.hjblab']);
  });

  it('survives a crash between write and rename: old file intact, temp litter removed by the cleanup', async () => {
    const dir = await tempDir();
    const target = join(dir, 'p.hjblab');
    await writeFile(target, 'old and complete');
    // The process "dies" at the rename: the call never returns and no cleanup code runs.
    let reachedRename!: () => void;
    const atRename = new Promise<void>((r) => (reachedRename = r));
    const crashing: AtomicFs = {
      ...nodeAtomicFs,
      rename: () => {
        reachedRename();
        return new Promise<void>(() => undefined);
      },
    };
    void writeFileAtomic(target, 'new', crashing);
    await atRename;
    // What a restarted app finds on disk: the old file, plus the flushed temporary file.
    expect(await readFile(target, 'utf8')).toBe('old and complete');
    const litter = (await readdir(dir)).filter((n) => n !== 'p.hjblab');
    expect(litter).toHaveLength(1);
    expect(await readFile(join(dir, litter[0]), 'utf8')).toBe('new');
    // Cleanup on the next open removes it, and only it.
    await writeFile(join(dir, 'other.hjblab'), 'x');
    expect(await removeStaleTempFiles(target)).toBe(1);
    expect((await readdir(dir)).sort()).toEqual(['other.hjblab', 'p.hjblab']);
  });

  it('names temporary files uniquely, hidden, beside the target', () => {
    const a = tempPathFor('/x/y/p.hjblab');
    const b = tempPathFor('/x/y/p.hjblab');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^\/x\/y\/\.p\.hjblab\.[0-9a-f]{12}\.hjb-tmp$/);
  });

  it('cleanup leaves files that only look similar, and tolerates a missing folder', async () => {
    const dir = await tempDir();
    const target = join(dir, 'p.hjblab');
    await writeFile(join(dir, '.p.hjblab.notours.hjb-tmp'), 'x');
    await writeFile(join(dir, '.q.hjblab.0123456789ab.hjb-tmp'), 'x');
    expect(await removeStaleTempFiles(target)).toBe(0);
    expect(await removeStaleTempFiles(join(dir, 'missing', 'p.hjblab'))).toBe(0);
  });
});
