/**
 * Cancellation tokens for jobs running in a worker. A job checks `token.cancelled`
 * between chunks of work (and yields to the event loop so that a `cancel` message can be
 * delivered); `cancel(id)` flips the flag. State is real here, hence a class.
 */
export interface CancelToken {
  readonly cancelled: boolean;
}

export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor() {
    super('cancelled');
  }
}

export class JobRegistry {
  private readonly flags = new Map<string, { cancelled: boolean }>();

  start(id: string): CancelToken {
    const flag = { cancelled: false };
    this.flags.set(id, flag);
    return flag;
  }

  cancel(id: string): boolean {
    const flag = this.flags.get(id);
    if (!flag) return false;
    flag.cancelled = true;
    return true;
  }

  finish(id: string): void {
    this.flags.delete(id);
  }

  get running(): string[] {
    return [...this.flags.keys()];
  }
}
