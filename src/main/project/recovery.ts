/**
 * Crash recovery: while the document has unsaved changes, its text is written every few
 * seconds to a recovery file in the user data folder. Saving, closing or discarding the
 * document deletes it; if the app dies instead, the next launch finds it and offers it.
 */
import * as fsp from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { parseProject, ProjectError } from '../../core/project';
import { writeFileAtomic } from './atomic-write';
import { realScheduler, type Scheduler } from './scheduler';

export const RECOVERY_FILE_NAME = 'recovery.json';
export const DEFAULT_AUTOSAVE_MS = 5000;

/** What the document looks like right now; null when there is nothing unsaved to keep. */
export interface RecoverySnapshot {
  text: string;
  /** The file the document belongs to, or null when it was never saved. */
  documentPath: string | null;
}

export interface RecoveryRecord extends RecoverySnapshot {
  /** ISO time of the autosave. */
  savedAt: string;
}

const recordSchema = z.strictObject({
  version: z.literal(1),
  savedAt: z.string(),
  documentPath: z.string().nullable(),
  text: z.string(),
});

export interface RecoveryOptions {
  /** Folder of the recovery file (the user data folder). */
  dir: string;
  /** Current unsaved state, or null when the document is clean. */
  snapshot: () => Promise<RecoverySnapshot | null>;
  intervalMs?: number;
  scheduler?: Scheduler;
  now?: () => Date;
  /** Called when an autosave fails (disk full…); autosave keeps trying. */
  onError?: (err: unknown) => void;
}

export class RecoveryAutosave {
  readonly file: string;
  private readonly snapshot: () => Promise<RecoverySnapshot | null>;
  private readonly intervalMs: number;
  private readonly scheduler: Scheduler;
  private readonly now: () => Date;
  private readonly onError: (err: unknown) => void;
  private timer: unknown = null;
  /** The autosave in progress, so `clear` can wait for it instead of racing it. */
  private inflight: Promise<void> = Promise.resolve();
  /** Bumped by `clear`: an autosave that started before must not write afterwards. */
  private generation = 0;

  constructor(options: RecoveryOptions) {
    this.file = join(options.dir, RECOVERY_FILE_NAME);
    this.snapshot = options.snapshot;
    this.intervalMs = options.intervalMs ?? DEFAULT_AUTOSAVE_MS;
    this.scheduler = options.scheduler ?? realScheduler;
    this.now = options.now ?? (() => new Date());
    this.onError = options.onError ?? (() => undefined);
  }

  /** The document changed: autosave it within one interval (repeated calls share one timer). */
  start(): void {
    if (this.timer !== null) return;
    this.timer = this.scheduler.setTimeout(() => {
      this.timer = null;
      this.inflight = this.inflight.then(() => this.autosave());
    }, this.intervalMs);
  }

  /** Resolves when no autosave is running (tests, and the app before it quits). */
  idle(): Promise<void> {
    return this.inflight;
  }

  /** Write the recovery file now if there is something unsaved. */
  flush(): Promise<void> {
    this.inflight = this.inflight.then(() => this.autosave());
    return this.inflight;
  }

  /** The document was saved, closed or discarded: stop autosaving and delete the recovery file. */
  async clear(): Promise<void> {
    this.generation++;
    if (this.timer !== null) {
      this.scheduler.clearTimeout(this.timer);
      this.timer = null;
    }
    await this.inflight;
    await fsp.rm(this.file, { force: true });
  }

  /** Stop the timer without deleting anything (the app is quitting after a save prompt). */
  stop(): void {
    if (this.timer !== null) this.scheduler.clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * The recovery left by a previous run that did not end cleanly, or null. A record whose
   * project no longer parses is useless and ignored.
   */
  async find(): Promise<RecoveryRecord | null> {
    let text: string;
    try {
      text = await fsp.readFile(this.file, 'utf8');
    } catch {
      return null;
    }
    try {
      const record = recordSchema.parse(JSON.parse(text));
      parseProject(record.text);
      return { savedAt: record.savedAt, documentPath: record.documentPath, text: record.text };
    } catch (err) {
      if (err instanceof ProjectError || err instanceof SyntaxError || err instanceof z.ZodError) return null;
      throw err;
    }
  }

  /**
   * One autosave. The timer is not re-armed here: every edit calls `start`, so a document
   * that has not changed since its last autosave is not written again.
   */
  private async autosave(): Promise<void> {
    const generation = this.generation;
    try {
      const snapshot = await this.snapshot();
      if (snapshot === null || generation !== this.generation) return;
      const record = { version: 1, savedAt: this.now().toISOString(), ...snapshot };
      await fsp.mkdir(dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, JSON.stringify(record));
    } catch (err) {
      this.onError(err);
    }
  }
}
