/**
 * The renderer's platform layer: one interface, two implementations — Electron (through
 * the preload's window.lab) and the web build (browser APIs). UI code only sees this.
 */
export interface PlatformInfo {
  kind: 'electron' | 'web';
  version: string;
  platform: string;
}

export interface Platform {
  info(): Promise<PlatformInfo>;
}
