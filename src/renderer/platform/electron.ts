import type { LabBridge } from '../../preload/api';
import type { Platform } from './types';

export function electronPlatform(lab: LabBridge): Platform {
  return {
    async info() {
      const i = await lab.getInfo();
      return { kind: 'electron', version: i.version, platform: i.platform };
    },
  };
}
