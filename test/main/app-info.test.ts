import { describe, expect, it } from 'vitest';
import { appInfo, senderIsApp } from '../../src/main/app-info';

describe('app info IPC', () => {
  it('reports version and platform', () => {
    expect(appInfo('0.1.0', 'linux', '45.4.1')).toEqual({
      version: '0.1.0',
      platform: 'linux',
      electron: '45.4.1',
    });
  });
  it('answers only the app frame', () => {
    expect(senderIsApp({ senderFrame: { url: 'app://lab/index.html' } } as never, 'app://lab')).toBe(true);
    expect(senderIsApp({ senderFrame: { url: 'https://evil.example' } } as never, 'app://lab')).toBe(false);
    expect(senderIsApp({ senderFrame: null } as never, 'app://lab')).toBe(false);
  });
});
