/**
 * The Open Recent list: most recent first, no duplicates, at most `max` entries, persisted
 * as JSON in the user data folder. Files that no longer exist are dropped when the list is
 * read; a missing or corrupt store is an empty list, never an error.
 */
import * as fsp from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-write';

export const MAX_RECENT_FILES = 10;

const storeSchema = z.object({ version: z.literal(1), files: z.array(z.string()) });

export interface RecentFilesOptions {
  /** The JSON file that holds the list, e.g. `<userData>/recent-files.json`. */
  storePath: string;
  max?: number;
  /** Whether a file still exists (injectable for tests). */
  exists?: (path: string) => Promise<boolean>;
  /** Windows and macOS file systems usually ignore case: compare paths accordingly. */
  caseInsensitive?: boolean;
}

async function fileExists(path: string): Promise<boolean> {
  try {
    return (await fsp.stat(path)).isFile();
  } catch {
    return false;
  }
}

export class RecentFiles {
  private readonly storePath: string;
  private readonly max: number;
  private readonly exists: (path: string) => Promise<boolean>;
  private readonly caseInsensitive: boolean;
  /** Writes are chained so two quick updates cannot interleave. */
  private pending: Promise<unknown> = Promise.resolve();

  constructor(options: RecentFilesOptions) {
    this.storePath = options.storePath;
    this.max = options.max ?? MAX_RECENT_FILES;
    this.exists = options.exists ?? fileExists;
    this.caseInsensitive = options.caseInsensitive ?? process.platform === 'win32';
  }

  /** The list, pruned of files that have disappeared (the pruned list is saved). */
  list(): Promise<string[]> {
    return this.serial(async () => {
      const files = await this.read();
      const present: string[] = [];
      for (const file of files) if (await this.exists(file)) present.push(file);
      if (present.length !== files.length) await this.write(present);
      return present;
    });
  }

  /** Put `path` at the top (moving it there if already listed). */
  add(path: string): Promise<void> {
    return this.serial(async () => {
      const full = resolve(path);
      const files = (await this.read()).filter((f) => !this.same(f, full));
      await this.write([full, ...files].slice(0, this.max));
    });
  }

  remove(path: string): Promise<void> {
    return this.serial(async () => {
      const full = resolve(path);
      await this.write((await this.read()).filter((f) => !this.same(f, full)));
    });
  }

  clear(): Promise<void> {
    return this.serial(() => this.write([]));
  }

  private same(a: string, b: string): boolean {
    return this.caseInsensitive ? a.toLowerCase() === b.toLowerCase() : a === b;
  }

  private async read(): Promise<string[]> {
    let text: string;
    try {
      text = await fsp.readFile(this.storePath, 'utf8');
    } catch {
      return [];
    }
    try {
      const parsed = storeSchema.safeParse(JSON.parse(text));
      if (!parsed.success) return [];
      // Deduplicate and cap again: the store may have been edited by hand.
      const out: string[] = [];
      for (const f of parsed.data.files) if (f.length > 0 && !out.some((o) => this.same(o, f))) out.push(f);
      return out.slice(0, this.max);
    } catch {
      return [];
    }
  }

  private async write(files: string[]): Promise<void> {
    await fsp.mkdir(dirname(this.storePath), { recursive: true });
    await writeFileAtomic(this.storePath, JSON.stringify({ version: 1, files }, null, 2) + '\n');
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.pending.then(fn, fn);
    this.pending = next.catch(() => undefined);
    return next;
  }
}
