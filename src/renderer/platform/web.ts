import { APP_VERSION } from '../../core/version';
import type { Platform } from './types';

export function webPlatform(): Platform {
  return {
    async info() {
      return { kind: 'web', version: APP_VERSION, platform: navigator.platform || 'web' };
    },
  };
}
