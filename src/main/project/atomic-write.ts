/**
 * Atomic file replacement: the new content goes to a temporary file in the same folder
 * (same file system, so the rename is atomic), is flushed to disk, and only then renamed
 * over the target. A crash at any moment leaves either the old file or the new one, never
 * a mixture; a temporary file orphaned by a crash is removed by `removeStaleTempFiles`.
 */
import * as fsp from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** The file-system operations used, injectable so tests can fail or "crash" at any step. */
export interface AtomicFs {
  open(path: string, flags: string, mode?: number): Promise<WritableHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  stat(path: string): Promise<{ mode: number }>;
  readdir(path: string): Promise<string[]>;
  /** fsync of the folder, so the rename itself is durable. Best effort: not possible on Windows. */
  syncDir(path: string): Promise<void>;
}

export interface WritableHandle {
  writeFile(data: string | Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export const nodeAtomicFs: AtomicFs = {
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  stat: (path) => fsp.stat(path),
  readdir: (path) => fsp.readdir(path),
  async syncDir(path) {
    let handle: fsp.FileHandle | undefined;
    try {
      handle = await fsp.open(path, 'r');
      await handle.sync();
    } catch {
      // Windows cannot open or fsync a directory; the rename is still atomic there.
    } finally {
      await handle?.close().catch(() => undefined);
    }
  },
};

const TEMP_SUFFIX = '.hjb-tmp';

/** `.name.<random>.hjb-tmp` beside `target`: hidden, unique, recognisable for cleanup. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
}

function isTempOf(target: string, name: string): boolean {
  const prefix = `.${basename(target)}.`;
  return (
    name.startsWith(prefix) &&
    name.endsWith(TEMP_SUFFIX) &&
    /^[0-9a-f]{12}$/.test(name.slice(prefix.length, -TEMP_SUFFIX.length))
  );
}

/**
 * Replace `target` with `data` atomically. On failure the temporary file is removed, the
 * old `target` is untouched, and the error is rethrown. The file keeps its permissions.
 */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  fs: AtomicFs = nodeAtomicFs,
): Promise<void> {
  const mode = await fs.stat(target).then(
    (s) => s.mode & 0o777,
    () => 0o666,
  );
  const temp = tempPathFor(target);
  let handle: WritableHandle | undefined;
  try {
    // 'wx': never follow or reuse an existing file at the temporary name.
    handle = await fs.open(temp, 'wx', mode);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, target);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fs.unlink(temp).catch(() => undefined);
    throw err;
  }
  await fs.syncDir(dirname(target));
}

/** Remove temporary files a crash left beside `target`. Returns how many were removed. */
export async function removeStaleTempFiles(target: string, fs: AtomicFs = nodeAtomicFs): Promise<number> {
  let names: string[];
  try {
    names = await fs.readdir(dirname(target));
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names.filter((n) => isTempOf(target, n))) {
    try {
      await fs.unlink(join(dirname(target), name));
      removed++;
    } catch {
      // Already gone, or not ours to remove: leave it.
    }
  }
  return removed;
}
