import { EventEmitter } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  holdForRecovery,
  LaunchFiles,
  routeFileRequests,
  type FileRequestSource,
} from '../../src/main/launch-files';
import { FileService, type OpenResult } from '../../src/main/project/file-service';
import { projectText, settle, tempDir } from './project/helpers';

function harness() {
  const opened: string[] = [];
  const delivered: OpenResult[] = [];
  const launch = new LaunchFiles({
    openPath: async (path) => {
      opened.push(path);
      return { status: 'cancelled' };
    },
    deliver: (r) => delivered.push(r),
  });
  return { launch, opened, delivered };
}

describe('LaunchFiles', () => {
  it('finds the project in argv (relative to cwd), skipping flags and the executable', async () => {
    const h = harness();
    const path = h.launch.requestFromArgv(
      ['/opt/hjb-lab/hjb-lab', '--no-sandbox', 'work/pend.hjblab'],
      '/home/u',
    );
    expect(path).toBe(resolve('/home/u', 'work/pend.hjblab'));
    expect(h.launch.requestFromArgv(['/opt/hjb-lab/hjb-lab', '.'], '/home/u')).toBeNull();
    await h.launch.idle();
    expect(h.opened).toEqual([resolve('/home/u', 'work/pend.hjblab')]);
    expect(h.delivered).toEqual([{ status: 'cancelled' }]);
  });

  it('waits while held; the latest request wins; releasing twice does nothing', async () => {
    const h = harness();
    const releaseA = h.launch.hold();
    const releaseB = h.launch.hold();
    h.launch.request('/a.hjblab');
    h.launch.request('/b.hjblab');
    releaseA();
    releaseA();
    await h.launch.idle();
    expect(h.opened).toEqual([]);
    releaseB();
    await h.launch.idle();
    expect(h.opened).toEqual(['/b.hjblab']);
    expect(h.launch.held).toBe(false);
  });

  it('one failing open does not stop the next', async () => {
    const errors: unknown[] = [];
    let n = 0;
    const launch = new LaunchFiles({
      openPath: async () => {
        if (n++ === 0) throw new Error('boom');
        return { status: 'cancelled' };
      },
      deliver: vi.fn(),
      onError: (e) => errors.push(e),
    });
    launch.request('/a.hjblab');
    await launch.idle();
    launch.request('/b.hjblab');
    await launch.idle();
    expect(errors).toHaveLength(1);
    expect(n).toBe(2);
  });
});

describe('routeFileRequests', () => {
  it('a second instance: window forward, its argv through projectPathFromArgv and openPath', async () => {
    const h = harness();
    const app = new EventEmitter();
    const showWindow = vi.fn();
    routeFileRequests(app as unknown as FileRequestSource, h.launch, showWindow);
    app.emit('second-instance', {}, ['C:\\HJB Lab\\HJB Lab.exe', '--flag', 'merton.hjblab'], '/home/me/docs');
    await h.launch.idle();
    expect(showWindow).toHaveBeenCalledOnce();
    expect(h.opened).toEqual([resolve('/home/me/docs', 'merton.hjblab')]);
    // A second instance without a file only brings the window forward.
    app.emit('second-instance', {}, ['HJB Lab.exe'], '/home/me');
    await h.launch.idle();
    expect(showWindow).toHaveBeenCalledTimes(2);
    expect(h.opened).toHaveLength(1);
  });

  it('macOS open-file before the app is ready is taken (preventDefault) and queued', async () => {
    const h = harness();
    const app = new EventEmitter();
    const notReady = h.launch.hold();
    routeFileRequests(app as unknown as FileRequestSource, h.launch, vi.fn());
    const event = { preventDefault: vi.fn() };
    app.emit('open-file', event, '/Users/u/dubins.hjblab');
    expect(event.preventDefault).toHaveBeenCalled();
    await h.launch.idle();
    expect(h.opened).toEqual([]);
    notReady();
    await h.launch.idle();
    expect(h.opened).toEqual(['/Users/u/dubins.hjblab']);
  });
});

describe('holdForRecovery (real file service, temporary files)', () => {
  function service(userDataDir: string): FileService {
    return new FileService({
      dialogs: {
        chooseOpenPath: async () => null,
        chooseSavePath: async () => null,
        askUnsaved: async () => 'cancel',
        showError: async () => undefined,
      },
      userDataDir,
      window: () => null,
      requestText: async () => null,
    });
  }

  /** What an autosave leaves behind when the app dies with an untitled, edited project. */
  async function crashedRun(userDataDir: string): Promise<void> {
    await mkdir(userDataDir, { recursive: true });
    const record = {
      version: 1,
      savedAt: '2025-06-01T12:00:00.000Z',
      documentPath: null,
      text: projectText('Lost'),
    };
    await writeFile(service(userDataDir).recovery.file, JSON.stringify(record));
  }

  async function launchWithFile(root: string) {
    const ud = join(root, 'ud');
    await crashedRun(ud);
    const svc = service(ud);
    const project = join(root, 'other.hjblab');
    await writeFile(project, projectText('Other'));
    const delivered: OpenResult[] = [];
    const launch = new LaunchFiles({ openPath: (p) => svc.openPath(p), deliver: (r) => delivered.push(r) });
    await holdForRecovery(launch, svc);
    launch.request(project);
    await launch.idle();
    return { svc, launch, delivered };
  }

  it('no recovery: files open at once', async () => {
    const root = await tempDir();
    const svc = service(join(root, 'ud'));
    const launch = new LaunchFiles({ openPath: (p) => svc.openPath(p), deliver: vi.fn() });
    await holdForRecovery(launch, svc);
    expect(launch.held).toBe(false);
  });

  it('a file from the command line does not delete a crash recovery: it waits for the decision', async () => {
    const { svc, launch, delivered } = await launchWithFile(await tempDir());
    expect(delivered).toEqual([]);
    expect(launch.held).toBe(true);
    // The renderer offers the recovery and the user declines it: now the file opens.
    expect(await svc.findRecovery()).toMatchObject({ name: 'Untitled' });
    await svc.discardRecovery();
    await settle();
    await launch.idle();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ status: 'opened', document: { name: 'other' } });
  });

  it('restoring the recovery lets the file proceed too; its open asks about the recovered changes', async () => {
    const { svc, launch, delivered } = await launchWithFile(await tempDir());
    expect(await svc.restoreRecovery()).toMatchObject({ status: 'opened', document: { recovered: true } });
    await settle();
    await launch.idle();
    // The prompt answered Cancel: the recovered document stays, and so does its recovery file.
    expect(delivered).toEqual([{ status: 'cancelled' }]);
    expect(await svc.recovery.find()).not.toBeNull();
  });
});
