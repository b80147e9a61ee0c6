/**
 * The one API the preload script exposes to the renderer as `window.lab`. Nothing else of
 * Electron or Node reaches the renderer. Types only: shared by preload, main and renderer.
 */
export interface AppInfo {
  version: string;
  platform: string;
  electron: string;
}

export interface LabBridge {
  /** Application version, platform and Electron version. */
  getInfo(): Promise<AppInfo>;
}

/** IPC channel names, one place for main and preload. */
export const IPC = {
  appInfo: 'lab:app-info',
} as const;
