/**
 * Project files that main is asked to open — on the command line, by a second instance,
 * by the OS (macOS open-file, which can come before the app is ready) — opened one at a
 * time through `openPath` (the unsaved-changes prompt included) and delivered to the
 * renderer. Opening waits while any hold is in place: the window has not finished loading,
 * or a recovery from a crash has not been offered yet (opening a file would delete it).
 */
import { recoveryDecided } from './file-hooks';
import { projectPathFromArgv } from './project/argv';
import type { OpenResult } from './project/file-service';
import type { RecoveryAutosave } from './project/recovery';

export interface LaunchFilesDeps {
  openPath(path: string): Promise<OpenResult>;
  deliver(result: OpenResult): void;
  onError?(err: unknown): void;
}

export class LaunchFiles {
  /** One window holds one document: of several waiting requests the latest wins. */
  private pending: string | null = null;
  private readonly holds = new Set<symbol>();
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly deps: LaunchFilesDeps) {}

  /** Open `path` (from a trusted main-process source only) as soon as nothing holds. */
  request(path: string): void {
    this.pending = path;
    this.flush();
  }

  /** The project file named in `argv` (relative to `cwd`), if any; returns the path requested. */
  requestFromArgv(argv: readonly string[], cwd: string): string | null {
    const path = projectPathFromArgv(argv, cwd);
    if (path !== null) this.request(path);
    return path;
  }

  /** Hold opening until the returned function is called (calling it again does nothing). */
  hold(): () => void {
    const key = Symbol('hold');
    this.holds.add(key);
    return () => {
      if (this.holds.delete(key)) this.flush();
    };
  }

  get held(): boolean {
    return this.holds.size > 0;
  }

  /** Resolves when the opens started so far have finished (for tests and shutdown). */
  idle(): Promise<void> {
    return this.running;
  }

  private flush(): void {
    if (this.holds.size > 0 || this.pending === null) return;
    const path = this.pending;
    this.pending = null;
    this.running = this.running
      .then(async () => this.deps.deliver(await this.deps.openPath(path)))
      .catch((err: unknown) => this.deps.onError?.(err));
  }
}

/** The part of Electron's `app` that reports files to open. */
export interface FileRequestSource {
  on(
    event: 'second-instance',
    listener: (event: unknown, argv: string[], workingDirectory: string) => void,
  ): unknown;
  on(event: 'open-file', listener: (event: { preventDefault(): void }, path: string) => void): unknown;
}

/**
 * Route a second instance's command line and the OS's open-file requests to `launch`.
 * `showWindow` brings the window forward (creating it if needed, once the app is ready).
 * Register before the app is ready: macOS sends open-file for the file that launched it.
 */
export function routeFileRequests(app: FileRequestSource, launch: LaunchFiles, showWindow: () => void): void {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    showWindow();
    launch.requestFromArgv(argv, workingDirectory);
  });
  app.on('open-file', (event, path) => {
    event.preventDefault();
    showWindow();
    launch.request(path);
  });
}

/**
 * Hold `launch` while a recovery from a crash waits to be offered: opening a file would
 * clear it. Released at once when there is none, else when it is restored or cleared.
 * Call before anything can clear the recovery (before the window loads). The promise
 * resolves once the recovery has been looked for (not when it is decided).
 */
export function holdForRecovery(
  launch: Pick<LaunchFiles, 'hold'>,
  service: Parameters<typeof recoveryDecided>[0] & { recovery: Pick<RecoveryAutosave, 'find'> },
): Promise<void> {
  const release = launch.hold();
  const decided = recoveryDecided(service);
  return service.recovery.find().then(
    (record) => {
      if (record === null) release();
      else void decided.then(release);
    },
    () => release(),
  );
}
