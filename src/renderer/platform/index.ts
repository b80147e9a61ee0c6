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

export function detectPlatform(): Platform {
  return window.lab ? electronPlatform(window.lab) : webPlatform();
}

export type { Platform, PlatformInfo } from './types';
