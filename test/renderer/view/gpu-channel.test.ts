import { afterEach, describe, expect, it, vi } from 'vitest';

/** A stand-in for the browser's Worker: answers, fails, or stays silent as told. */
function fakeWorker(behaviour: 'answers' | 'fails' | 'silent') {
  const made: { terminated: boolean; name: string | undefined }[] = [];
  class FakeWorker {
    onmessage: ((e: MessageEvent) => void) | null = null;
    onerror: ((e: Event) => void) | null = null;
    onmessageerror: ((e: MessageEvent) => void) | null = null;
    private readonly record: { terminated: boolean; name: string | undefined };
    constructor(_url: URL, options?: WorkerOptions) {
      this.record = { terminated: false, name: options?.name };
      made.push(this.record);
      if (behaviour === 'answers')
        setTimeout(() => this.onmessage?.(new MessageEvent('message', { data: true })), 30);
      if (behaviour === 'fails') setTimeout(() => this.onerror?.(new Event('error')), 30);
    }
    terminate() {
      this.record.terminated = true;
    }
  }
  vi.stubGlobal('Worker', FakeWorker);
  return made;
}

/** The module keeps its one promise: each test loads it afresh. */
async function load() {
  vi.resetModules();
  return import('../../../src/renderer/view/gpu-channel');
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('openGpuChannel', () => {
  it('resolves at once where there are no workers, and starts nothing twice', async () => {
    vi.stubGlobal('Worker', undefined);
    const { openGpuChannel } = await load();
    const first = openGpuChannel();
    expect(openGpuChannel()).toBe(first);
    await expect(first).resolves.toBeUndefined();
  });

  it('resolves when the worker answers, and ends the worker', async () => {
    vi.useFakeTimers();
    const made = fakeWorker('answers');
    const { openGpuChannel } = await load();
    let done = false;
    void openGpuChannel().then(() => (done = true));
    openGpuChannel();
    expect(made).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(10);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(30);
    expect(done).toBe(true);
    expect(made[0].terminated).toBe(true);
  });

  it('resolves when the worker fails to start', async () => {
    vi.useFakeTimers();
    const made = fakeWorker('fails');
    const { openGpuChannel } = await load();
    const p = openGpuChannel();
    await vi.advanceTimersByTimeAsync(40);
    await expect(p).resolves.toBeUndefined();
    expect(made[0].terminated).toBe(true);
  });

  it('never keeps the view waiting on a silent worker for more than a few seconds', async () => {
    vi.useFakeTimers();
    const made = fakeWorker('silent');
    const { openGpuChannel } = await load();
    let done = false;
    void openGpuChannel().then(() => (done = true));
    await vi.advanceTimersByTimeAsync(4000);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1001);
    expect(done).toBe(true);
    expect(made[0].terminated).toBe(true);
  });
});
