import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecoveryAutosave, type RecoverySnapshot } from '../../../src/main/project/recovery';
import { ManualScheduler, projectText, settle, tempDir } from './helpers';

function setup(dir: string, initial: RecoverySnapshot | null = null) {
  const scheduler = new ManualScheduler();
  const state = { snapshot: initial, calls: 0 };
  const errors: unknown[] = [];
  const autosave = new RecoveryAutosave({
    dir,
    intervalMs: 5000,
    scheduler,
    now: () => new Date('2025-06-01T10:00:00Z'),
    snapshot: async () => {
      state.calls++;
      return state.snapshot;
    },
    onError: (e) => errors.push(e),
  });
  return { scheduler, state, autosave, errors };
}

describe('RecoveryAutosave', () => {
  it('writes the unsaved project a few seconds after an edit, not before', async () => {
    const dir = await tempDir();
    const text = projectText('Unsaved work');
    const { scheduler, autosave } = setup(dir, { text, documentPath: '/docs/p.hjblab' });
    autosave.start();
    autosave.start(); // repeated edits share one timer
    expect(scheduler.pending).toBe(1);
    scheduler.advance(4999);
    await settle();
    expect(await readdir(dir)).toEqual([]);
    scheduler.advance(1);
    await autosave.idle();
    const record = JSON.parse(await readFile(autosave.file, 'utf8'));
    expect(record).toEqual({
      version: 1,
      savedAt: '2025-06-01T10:00:00.000Z',
      documentPath: '/docs/p.hjblab',
      text,
    });
  });

  it('is found by the next launch after a simulated crash', async () => {
    const dir = await tempDir();
    const text = projectText('Before the crash');
    const first = setup(dir, { text, documentPath: null });
    first.autosave.start();
    first.scheduler.advance(5000);
    await first.autosave.idle();
    // The app dies here: nothing is cleared. A new launch with a new instance looks for it.
    const next = setup(dir);
    expect(await next.autosave.find()).toEqual({
      savedAt: '2025-06-01T10:00:00.000Z',
      documentPath: null,
      text,
    });
  });

  it('is cleared on save or close, and finds nothing afterwards', async () => {
    const dir = await tempDir();
    const { scheduler, autosave } = setup(dir, { text: projectText(), documentPath: null });
    autosave.start();
    scheduler.advance(5000);
    await autosave.idle();
    expect(await autosave.find()).not.toBeNull();
    autosave.start();
    await autosave.clear();
    expect(scheduler.pending).toBe(0);
    expect(await readdir(dir)).toEqual([]);
    expect(await autosave.find()).toBeNull();
  });

  it('does not write after a clear that happened while the snapshot was being taken', async () => {
    const dir = await tempDir();
    let release!: (s: RecoverySnapshot) => void;
    const scheduler = new ManualScheduler();
    const autosave = new RecoveryAutosave({
      dir,
      scheduler,
      snapshot: () => new Promise((r) => (release = r)),
    });
    autosave.start();
    scheduler.advance(5000);
    await settle();
    const clearing = autosave.clear();
    release({ text: projectText(), documentPath: null });
    await clearing;
    await settle();
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes nothing for a clean document', async () => {
    const dir = await tempDir();
    const { scheduler, autosave, state } = setup(dir, null);
    autosave.start();
    scheduler.advance(5000);
    await autosave.idle();
    expect(state.calls).toBe(1);
    expect(await readdir(dir)).toEqual([]);
  });

  it('ignores a corrupt recovery file or one whose project does not parse', async () => {
    const dir = await tempDir();
    const { autosave } = setup(dir);
    await writeFile(autosave.file, '{"version": 1, "savedAt": "x", "documentPath": null');
    expect(await autosave.find()).toBeNull();
    await writeFile(
      autosave.file,
      JSON.stringify({ version: 1, savedAt: 'x', documentPath: null, text: '{}' }),
    );
    expect(await autosave.find()).toBeNull();
    await writeFile(
      autosave.file,
      JSON.stringify({ version: 9, savedAt: 'x', documentPath: null, text: projectText() }),
    );
    expect(await autosave.find()).toBeNull();
  });

  it('reports a failed autosave and keeps working', async () => {
    const dir = await tempDir();
    const { scheduler, autosave, errors, state } = setup(join(dir, 'file-not-folder'), {
      text: projectText(),
      documentPath: null,
    });
    await writeFile(join(dir, 'file-not-folder'), 'x'); // the "folder" is a file: writes fail
    autosave.start();
    scheduler.advance(5000);
    await autosave.idle();
    expect(errors).toHaveLength(1);
    state.snapshot = null;
    autosave.start();
    scheduler.advance(5000);
    await autosave.idle();
    expect(errors).toHaveLength(1);
  });
});
