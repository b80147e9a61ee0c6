/** Picks the platform: window.lab exists only under Electron (set by the preload). */
import type { LabBridge } from '../../preload/api';
import { electronPlatform } from './electron';
import type { Platform } from './types';
import { webPlatform } from './web';

declare global {
  interface Window {
    lab?: LabBridge;
  }
}

let platform: Platform | null = null;

export function getPlatform(): Platform {
  platform ??= window.lab ? electronPlatform(window.lab) : webPlatform();
  return platform;
}

export type {
  MenuCommand,
  OpenOutcome,
  OpenedText,
  Platform,
  PlatformInfo,
  RecoveryInfo,
  SaveOutcome,
} from './types';
