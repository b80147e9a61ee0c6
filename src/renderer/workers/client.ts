/**
 * The renderer's handle on the lab worker. The worker is bundled (no CDN) and spoken to
 * through comlink. A job that does not acknowledge a cancel within a grace period is
 * stopped the hard way: the worker is terminated and a fresh one is started, so no input
 * can leave the app waiting on a stuck worker.
 */
import * as Comlink from 'comlink';
import type { LabApi } from '../../workers/lab-api';

export type LabRemote = Comlink.Remote<LabApi>;

export class LabWorkerClient {
  private worker: Worker;
  private remoteApi: LabRemote;
  private nextId = 1;

  /** `warm`: run the worker's warm-up solve as soon as it starts (the solve worker). */
  constructor(private readonly warm = false) {
    [this.worker, this.remoteApi] = this.spawn();
  }

  private spawn(): [Worker, LabRemote] {
    const worker = new Worker(new URL('../../workers/lab.worker.ts', import.meta.url), {
      type: 'module',
      name: 'hjb-lab-worker',
    });
    const api = Comlink.wrap<LabApi>(worker);
    // Queued before any job, so the first solve waits for it (≈0.15 s) and then runs on
    // optimized code (several times faster on a 2-D grid than on a cold worker).
    if (this.warm) void api.warmUp().catch(() => undefined);
    return [worker, api];
  }

  get api(): LabRemote {
    return this.remoteApi;
  }

  newJobId(prefix: string): string {
    return `${prefix}-${this.nextId++}`;
  }

  /** Ask the job to stop; if it does not settle within `graceMs`, restart the worker. */
  async cancel(
    jobId: string,
    settled: Promise<unknown>,
    graceMs = 1500,
  ): Promise<'cooperative' | 'terminated'> {
    void this.remoteApi.cancel(jobId);
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs));
    const outcome = await Promise.race([
      settled.then(
        () => 'settled' as const,
        () => 'settled' as const,
      ),
      timeout,
    ]);
    if (outcome === 'settled') return 'cooperative';
    this.restart();
    return 'terminated';
  }

  restart(): void {
    this.remoteApi[Comlink.releaseProxy]();
    this.worker.terminate();
    [this.worker, this.remoteApi] = this.spawn();
  }
}

const shared = new Map<string, LabWorkerClient>();

/**
 * The app's lab workers by role, created on first use: compiling runs on its own worker so
 * that typing stays responsive while a synchronous solve occupies the solve worker.
 */
export function labWorker(role: 'compile' | 'solve' | 'sim' | 'sweep' = 'solve'): LabWorkerClient {
  let client = shared.get(role);
  if (!client) {
    client = new LabWorkerClient(role === 'solve');
    shared.set(role, client);
  }
  return client;
}
