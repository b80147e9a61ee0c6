import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { DocumentState, installCloseGuard, type DocumentWindow } from '../../../src/main/project/document';
import { projectPathFromArgv } from '../../../src/main/project/argv';

function fakeWindow() {
  const win = { setTitle: vi.fn(), setDocumentEdited: vi.fn(), setRepresentedFilename: vi.fn() };
  return win satisfies DocumentWindow;
}

describe('DocumentState', () => {
  it('tracks dirtiness and shows it in the window title and the macOS edited state', () => {
    const win = fakeWindow();
    const doc = new DocumentState(() => win);
    doc.reset(null);
    expect(doc.dirty).toBe(false);
    expect(win.setTitle).toHaveBeenLastCalledWith('Untitled — HJB Lab');
    doc.markEdited();
    expect(doc.dirty).toBe(true);
    expect(win.setTitle).toHaveBeenLastCalledWith('Untitled • — HJB Lab');
    expect(win.setDocumentEdited).toHaveBeenLastCalledWith(true);
    doc.markSaved('/docs/pendulum.hjblab', doc.currentRevision);
    expect(doc.dirty).toBe(false);
    expect(win.setTitle).toHaveBeenLastCalledWith('pendulum — HJB Lab');
    expect(win.setDocumentEdited).toHaveBeenLastCalledWith(false);
    expect(win.setRepresentedFilename).toHaveBeenLastCalledWith('/docs/pendulum.hjblab');
  });

  it('stays dirty when an edit arrives while a save is running', () => {
    const doc = new DocumentState(() => null);
    doc.markEdited();
    const savingRevision = doc.currentRevision;
    doc.markEdited(); // typed during the save
    doc.markSaved('/p.hjblab', savingRevision);
    expect(doc.dirty).toBe(true);
  });

  it('keeps a foreign extension in the name and restores a recovered document as dirty', () => {
    const doc = new DocumentState(() => null);
    doc.reset('/x/notes.json');
    expect(doc.displayName).toBe('notes.json');
    doc.reset('/x/LQR.HJBLAB', true);
    expect(doc.displayName).toBe('LQR');
    expect(doc.dirty).toBe(true);
    expect(doc.windowTitle).toBe('LQR • — HJB Lab');
  });

  describe('confirmDiscard (Save / Don’t Save / Cancel)', () => {
    it('does not ask when there is nothing to lose', async () => {
      const doc = new DocumentState(() => null);
      const prompt = vi.fn();
      expect(await doc.confirmDiscard(prompt, vi.fn())).toBe(true);
      expect(prompt).not.toHaveBeenCalled();
    });

    it('Save: saves, and proceeds only if the save succeeded', async () => {
      const doc = new DocumentState(() => null);
      doc.reset('/p.hjblab');
      doc.markEdited();
      const prompt = vi.fn(async () => 'save' as const);
      const save = vi.fn(async () => true);
      expect(await doc.confirmDiscard(prompt, save)).toBe(true);
      expect(prompt).toHaveBeenCalledWith('p');
      expect(save).toHaveBeenCalledOnce();
      expect(await doc.confirmDiscard(prompt, async () => false)).toBe(false);
    });

    it("Don't Save: proceeds without saving", async () => {
      const doc = new DocumentState(() => null);
      doc.markEdited();
      const save = vi.fn(async () => true);
      expect(await doc.confirmDiscard(async () => 'dont-save', save)).toBe(true);
      expect(save).not.toHaveBeenCalled();
    });

    it('Cancel: aborts without saving', async () => {
      const doc = new DocumentState(() => null);
      doc.markEdited();
      const save = vi.fn(async () => true);
      expect(await doc.confirmDiscard(async () => 'cancel', save)).toBe(false);
      expect(save).not.toHaveBeenCalled();
    });
  });
});

describe('installCloseGuard', () => {
  class FakeWindow extends EventEmitter {
    closed = false;
    close(): void {
      const event = { defaultPrevented: false, preventDefault: () => void (event.defaultPrevented = true) };
      this.emit('close', event);
      if (!event.defaultPrevented) this.closed = true;
    }
  }

  it('holds the close until the prompt agrees, then closes for real', async () => {
    const win = new FakeWindow();
    let answer!: (ok: boolean) => void;
    const confirm = vi.fn(() => new Promise<boolean>((r) => (answer = r)));
    installCloseGuard(win, confirm);
    win.close();
    win.close(); // a second click while the prompt is open does not prompt again
    expect(win.closed).toBe(false);
    expect(confirm).toHaveBeenCalledOnce();
    answer(true);
    await new Promise((r) => setImmediate(r));
    expect(win.closed).toBe(true);
  });

  it('keeps the window open when the prompt is cancelled, and asks again next time', async () => {
    const win = new FakeWindow();
    const confirm = vi.fn(async () => false);
    installCloseGuard(win, confirm);
    win.close();
    await new Promise((r) => setImmediate(r));
    expect(win.closed).toBe(false);
    win.close();
    await new Promise((r) => setImmediate(r));
    expect(confirm).toHaveBeenCalledTimes(2);
  });
});

describe('projectPathFromArgv', () => {
  it('finds the project among Electron arguments, relative to the working folder', () => {
    expect(projectPathFromArgv(['/app/electron', '.', '--inspect', 'work/lqr.hjblab'], '/home/u')).toBe(
      '/home/u/work/lqr.hjblab',
    );
    expect(projectPathFromArgv(['electron', '/abs/P.HJBLAB'], '/x')).toBe('/abs/P.HJBLAB');
    expect(projectPathFromArgv(['electron', '.', '--flag=a.hjblab'], '/x')).toBeNull();
  });
});
