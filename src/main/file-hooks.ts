/**
 * Notifications the shell needs from the file service that the service does not emit:
 * the recent list changed (rebuild Open Recent), and the recovery found at launch is no
 * longer at stake (a file from the command line may open). They wrap methods on the given
 * instances, so every caller is seen — the menu as well as the renderer's IPC requests.
 */
import type { RecentFiles } from './project/recent-files';
import type { RecoveryAutosave } from './project/recovery';
import type { FileService } from './project/file-service';

type RecentLike = Pick<RecentFiles, 'add' | 'remove' | 'clear'>;

/** Call `listener` after every change to the recent list (add, remove, clear), even a failed one. */
export function onRecentChange(recent: RecentLike, listener: () => void): void {
  const after =
    <A extends unknown[]>(fn: (...args: A) => Promise<void>) =>
    async (...args: A): Promise<void> => {
      try {
        await fn(...args);
      } finally {
        listener();
      }
    };
  recent.add = after(recent.add.bind(recent));
  recent.remove = after(recent.remove.bind(recent));
  recent.clear = after(recent.clear.bind(recent));
}

type RecoveryService = Pick<FileService, 'restoreRecovery'> & { recovery: Pick<RecoveryAutosave, 'clear'> };

/**
 * Resolves once the recovery file has been dealt with: restored (it became the document)
 * or cleared (discarded, or replaced by New / Open / a save / a clean close).
 */
export function recoveryDecided(service: RecoveryService): Promise<void> {
  return new Promise((resolve) => {
    const restore = service.restoreRecovery.bind(service);
    service.restoreRecovery = async () => {
      try {
        return await restore();
      } finally {
        resolve();
      }
    };
    const clear = service.recovery.clear.bind(service.recovery);
    service.recovery.clear = async () => {
      try {
        await clear();
      } finally {
        resolve();
      }
    };
  });
}
