import { beforeEach, describe, expect, it, vi } from 'vitest';

const exposed = new Map<string, unknown>();
const invoke = vi.fn(async (channel: string) =>
  channel === 'lab:app-info' ? { version: '0.1.0', platform: 'linux', electron: '45' } : null,
);

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: { invoke },
}));

describe('preload', () => {
  beforeEach(() => exposed.clear());

  it('exposes exactly one typed API, window.lab, whose calls go through invoke', async () => {
    await import('../../src/preload/index');
    expect([...exposed.keys()]).toEqual(['lab']);
    const lab = exposed.get('lab') as { getInfo: () => Promise<{ version: string }> };
    expect(Object.keys(lab)).toEqual(['getInfo']);
    await expect(lab.getInfo()).resolves.toMatchObject({ version: '0.1.0' });
    expect(invoke).toHaveBeenCalledWith('lab:app-info');
  });
});
