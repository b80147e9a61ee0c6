import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parseProject } from '../../../src/core/project';
import type { UnsavedChoice } from '../../../src/main/project/document';
import { FileService, type FileDialogs } from '../../../src/main/project/file-service';
import { ManualScheduler, projectText, tempDir } from './helpers';

interface Harness {
  service: FileService;
  dialogs: { [K in keyof FileDialogs]: ReturnType<typeof vi.fn> } & FileDialogs;
  window: { setTitle: ReturnType<typeof vi.fn>; setDocumentEdited: ReturnType<typeof vi.fn> };
  scheduler: ManualScheduler;
  renderer: { text: string | null };
  userData: string;
  docs: string;
  osRecent: string[];
}

async function harness(userData?: string): Promise<Harness> {
  const root = await tempDir();
  const docs = join(root, 'docs');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(docs, { recursive: true });
  const dialogs = {
    chooseOpenPath: vi.fn(async (): Promise<string | null> => null),
    chooseSavePath: vi.fn(async (): Promise<string | null> => null),
    askUnsaved: vi.fn(async (): Promise<UnsavedChoice> => 'cancel'),
    showError: vi.fn(async () => undefined),
  };
  const window = { setTitle: vi.fn(), setDocumentEdited: vi.fn() };
  const renderer = { text: projectText('From the renderer') as string | null };
  const scheduler = new ManualScheduler();
  const osRecent: string[] = [];
  const dir = userData ?? join(root, 'user-data');
  const service = new FileService({
    dialogs,
    userDataDir: dir,
    window: () => window,
    requestText: async () => renderer.text,
    addRecentDocument: (p) => osRecent.push(p),
    scheduler,
    autosaveMs: 3000,
    now: () => new Date('2025-06-01T12:00:00Z'),
  });
  return { service, dialogs, window, scheduler, renderer, userData: dir, docs, osRecent };
}

describe('FileService', () => {
  it('Save As then Save: atomic writes, title and dirty marker, recent list', async () => {
    const h = await harness();
    const path = join(h.docs, 'pendulum');
    h.dialogs.chooseSavePath.mockResolvedValueOnce(path);
    h.service.noteEdited();
    expect(h.window.setTitle).toHaveBeenLastCalledWith('Untitled • — HJB Lab');
    const first = await h.service.save(projectText('Pendulum'));
    expect(first).toMatchObject({ status: 'saved', name: 'pendulum', path: path + '.hjblab' });
    expect(h.dialogs.chooseSavePath).toHaveBeenCalledWith('Pendulum.hjblab', 'project');
    expect(parseProject(await readFile(path + '.hjblab', 'utf8')).title).toBe('Pendulum');
    expect(h.window.setTitle).toHaveBeenLastCalledWith('pendulum — HJB Lab');
    expect(h.service.document.dirty).toBe(false);
    // Save again: no dialog, same file.
    h.service.noteEdited();
    expect(await h.service.save(projectText('Pendulum 2'))).toMatchObject({ status: 'saved' });
    expect(h.dialogs.chooseSavePath).toHaveBeenCalledTimes(1);
    expect(parseProject(await readFile(path + '.hjblab', 'utf8')).title).toBe('Pendulum 2');
    expect(await readdir(h.docs)).toEqual(['pendulum.hjblab']);
    expect((await h.service.recentList()).map((r) => r.name)).toEqual(['pendulum']);
    expect(h.osRecent).toEqual([path + '.hjblab', path + '.hjblab']);
  });

  it('Save from the menu asks the renderer for the text', async () => {
    const h = await harness();
    h.dialogs.chooseSavePath.mockResolvedValueOnce(join(h.docs, 'menu.hjblab'));
    expect(await h.service.save()).toMatchObject({ status: 'saved' });
    expect(parseProject(await readFile(join(h.docs, 'menu.hjblab'), 'utf8')).title).toBe('From the renderer');
  });

  it('refuses to write a project that would not read back, and keeps the old file', async () => {
    const h = await harness();
    const path = join(h.docs, 'keep.hjblab');
    h.dialogs.chooseSavePath.mockResolvedValueOnce(path);
    await h.service.save(projectText('Good'));
    h.service.noteEdited();
    const result = await h.service.save('{"format": "hjb-lab", "schemaVersion": 1}');
    expect(result.status).toBe('failed');
    expect(h.dialogs.showError).toHaveBeenCalledWith(
      'Could not save',
      expect.stringContaining('title: missing'),
    );
    expect(parseProject(await readFile(path, 'utf8')).title).toBe('Good');
    expect(h.service.document.dirty).toBe(true);
  });

  it('opens a file chosen in the dialog, and reports a broken one clearly', async () => {
    const h = await harness();
    const good = join(h.docs, 'lqr.hjblab');
    await writeFile(good, projectText('LQR'));
    h.dialogs.chooseOpenPath.mockResolvedValueOnce(good);
    const opened = await h.service.openDialog();
    expect(opened.status).toBe('opened');
    if (opened.status !== 'opened') return;
    expect(opened.document).toMatchObject({ name: 'lqr', path: good, recovered: false });
    expect(parseProject(opened.document.text).title).toBe('LQR');
    expect(h.window.setTitle).toHaveBeenLastCalledWith('lqr — HJB Lab');

    const bad = join(h.docs, 'newer.hjblab');
    await writeFile(bad, JSON.stringify({ format: 'hjb-lab', schemaVersion: 7 }));
    h.dialogs.chooseOpenPath.mockResolvedValueOnce(bad);
    const refused = await h.service.openDialog();
    expect(refused).toEqual({
      status: 'failed',
      message: 'newer.hjblab: made by a newer version of HJB Lab (schema 7; this app reads up to 1)',
    });
    expect(h.window.setTitle).toHaveBeenLastCalledWith('lqr — HJB Lab');
    h.dialogs.chooseOpenPath.mockResolvedValueOnce(join(h.docs, 'gone.hjblab'));
    expect(await h.service.openDialog()).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('does not exist'),
    });
  });

  it('refuses a file over the size limit before reading it', async () => {
    const root = await tempDir();
    const service = new FileService({
      dialogs: {
        chooseOpenPath: async () => null,
        chooseSavePath: async () => null,
        askUnsaved: async () => 'cancel',
        showError: async () => undefined,
      },
      userDataDir: join(root, 'ud'),
      window: () => null,
      requestText: async () => null,
      maxProjectBytes: 100,
    });
    const big = join(root, 'big.hjblab');
    await writeFile(big, 'x'.repeat(1000));
    expect(await service.openPath(big)).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('too large'),
    });
  });

  describe('unsaved changes before Open, New and Close', () => {
    async function dirtyDocument(): Promise<Harness & { path: string }> {
      const h = await harness();
      const path = join(h.docs, 'work.hjblab');
      await writeFile(path, projectText('Saved'));
      await h.service.openPath(path);
      h.service.noteEdited();
      h.renderer.text = projectText('Edited');
      return { ...h, path };
    }

    it('Cancel: nothing happens', async () => {
      const h = await dirtyDocument();
      h.dialogs.askUnsaved.mockResolvedValue('cancel');
      expect(await h.service.close()).toBe(false);
      expect(await h.service.newDocument()).toBe(false);
      expect(await h.service.openPath(h.path)).toEqual({ status: 'cancelled' });
      expect(h.dialogs.askUnsaved).toHaveBeenCalledWith('work');
      expect(h.dialogs.chooseOpenPath).not.toHaveBeenCalled();
      expect(h.service.document.dirty).toBe(true);
      expect(parseProject(await readFile(h.path, 'utf8')).title).toBe('Saved');
    });

    it("Don't Save: proceeds and the file keeps its saved content", async () => {
      const h = await dirtyDocument();
      h.dialogs.askUnsaved.mockResolvedValue('dont-save');
      expect(await h.service.close()).toBe(true);
      expect(parseProject(await readFile(h.path, 'utf8')).title).toBe('Saved');
    });

    it('Save: saves the edited project, then proceeds', async () => {
      const h = await dirtyDocument();
      h.dialogs.askUnsaved.mockResolvedValue('save');
      expect(await h.service.newDocument()).toBe(true);
      expect(parseProject(await readFile(h.path, 'utf8')).title).toBe('Edited');
      expect(h.window.setTitle).toHaveBeenLastCalledWith('Untitled — HJB Lab');
    });

    it('Save on an untitled document goes through Save As; cancelling that dialog cancels the close', async () => {
      const h = await harness();
      h.service.noteEdited();
      h.dialogs.askUnsaved.mockResolvedValue('save');
      h.dialogs.chooseSavePath.mockResolvedValueOnce(null);
      expect(await h.service.close()).toBe(false);
      h.dialogs.chooseSavePath.mockResolvedValueOnce(join(h.docs, 'named.hjblab'));
      expect(await h.service.close()).toBe(true);
      expect(await readdir(h.docs)).toEqual(['named.hjblab']);
    });
  });

  it('recovery: autosaved while dirty, offered after a simulated crash, restored as unsaved', async () => {
    const h = await harness();
    const path = join(h.docs, 'crashy.hjblab');
    await writeFile(path, projectText('On disk'));
    await h.service.openPath(path);
    h.service.noteEdited();
    h.renderer.text = projectText('Unsaved edits');
    h.scheduler.advance(3000);
    await h.service.recovery.idle();
    // The process dies: no close, no save. A new launch with the same user data folder:
    const next = await harness(h.userData);
    const offer = await next.service.findRecovery();
    expect(offer).toEqual({ savedAt: '2025-06-01T12:00:00.000Z', name: 'crashy' });
    const restored = await next.service.restoreRecovery();
    expect(restored.status).toBe('opened');
    if (restored.status !== 'opened') return;
    expect(restored.document).toMatchObject({ name: 'crashy', path, recovered: true });
    expect(parseProject(restored.document.text).title).toBe('Unsaved edits');
    expect(next.service.document.dirty).toBe(true);
    expect(next.window.setTitle).toHaveBeenLastCalledWith('crashy • — HJB Lab');
    // Saving writes it to its file and removes the recovery.
    next.renderer.text = restored.document.text;
    expect(await next.service.save()).toMatchObject({ status: 'saved', path });
    expect(await next.service.findRecovery()).toBeNull();
  });

  it('recovery is cleared by a save and by a clean close, and can be declined', async () => {
    const h = await harness();
    h.service.noteEdited();
    h.scheduler.advance(3000);
    await h.service.recovery.idle();
    expect(await h.service.findRecovery()).not.toBeNull();
    await h.service.discardRecovery();
    expect(await h.service.findRecovery()).toBeNull();
    h.service.noteEdited();
    h.scheduler.advance(3000);
    await h.service.recovery.idle();
    h.dialogs.chooseSavePath.mockResolvedValueOnce(join(h.docs, 's.hjblab'));
    await h.service.save();
    expect(await h.service.findRecovery()).toBeNull();
  });

  it('Open Recent accepts only tokens it handed out', async () => {
    const h = await harness();
    const path = join(h.docs, 'r.hjblab');
    await writeFile(path, projectText('Recent'));
    await h.service.openPath(path);
    const [entry] = await h.service.recentList();
    expect(entry).toMatchObject({ name: 'r', path });
    expect(await h.service.openRecent(entry.token)).toMatchObject({ status: 'opened' });
    expect(await h.service.openRecent('6f1c2a44-0d7e-4b3a-9d7f-2a2b3c4d5e6f')).toMatchObject({
      status: 'failed',
    });
  });

  it('Save with a path token only writes the document’s own file', async () => {
    const h = await harness();
    const a = join(h.docs, 'a.hjblab');
    const b = join(h.docs, 'b.hjblab');
    await writeFile(a, projectText('A'));
    await writeFile(b, projectText('B'));
    const openedA = await h.service.openPath(a);
    const openedB = await h.service.openPath(b);
    if (openedA.status !== 'opened' || openedB.status !== 'opened') throw new Error('open failed');
    expect(await h.service.save(projectText('B2'), openedA.document.token!)).toMatchObject({
      status: 'failed',
    });
    expect(parseProject(await readFile(a, 'utf8')).title).toBe('A');
    expect(await h.service.save(projectText('B2'), openedB.document.token!)).toMatchObject({
      status: 'saved',
    });
  });

  it('exports to the chosen file', async () => {
    const h = await harness();
    h.dialogs.chooseSavePath.mockResolvedValueOnce(join(h.docs, 'values.csv'));
    expect(await h.service.exportFile('csv', 'values', 'x,y\n1,2\n')).toMatchObject({ status: 'saved' });
    expect(h.dialogs.chooseSavePath).toHaveBeenCalledWith('values.csv', 'csv');
    expect(await readFile(join(h.docs, 'values.csv'), 'utf8')).toBe('x,y\n1,2\n');
  });

  it('opening cleans up temporary files a crashed save left beside the file', async () => {
    const h = await harness();
    const path = join(h.docs, 'p.hjblab');
    await writeFile(path, projectText());
    await writeFile(join(h.docs, '.p.hjblab.0123456789ab.hjb-tmp'), 'half');
    await h.service.openPath(path);
    expect(await readdir(h.docs)).toEqual(['p.hjblab']);
  });
});
