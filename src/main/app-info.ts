/** The app-info IPC handler: answers only the app's own frames. */
import type { IpcMainInvokeEvent } from 'electron';
import type { AppInfo } from '../preload/api';
import { isAppUrl } from './security';

export function appInfo(version: string, platform: string, electron: string): AppInfo {
  return { version, platform, electron };
}

/** Reject IPC from frames that are not the app (defence in depth: navigation is blocked too). */
export function senderIsApp(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, appOrigin: string): boolean {
  const url = event.senderFrame?.url;
  return typeof url === 'string' && isAppUrl(url, appOrigin);
}
