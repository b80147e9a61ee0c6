/**
 * Collects items that arrive faster than the screen draws (a solve's progress messages) and
 * hands them over once per animation frame, in arrival order, so the store, React and the
 * surface update once per frame instead of once per message. The hand-over runs in a task
 * of its own right after the frame, not inside it: inside, the React commit and the charts'
 * redraw it causes shared one task with the frame's paint and the 3-D view's draw (12–26 ms
 * CPU per streaming frame at 201², traced; docs/architecture.md §7). A timer backs the
 * frame up: a hidden window draws no frames, and its queue must not grow for the whole solve.
 */
const BACKUP_MS = 250;

export interface FrameBatch<T> {
  push(item: T): void;
  /** Hand over what is queued now (before a result that must follow every progress). */
  flush(): void;
}

export function frameBatch<T>(apply: (items: T[]) => void): FrameBatch<T> {
  let queue: T[] = [];
  let frame: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let afterFrame: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (frame !== null) cancelAnimationFrame(frame);
    if (timer !== null) clearTimeout(timer);
    if (afterFrame !== null) clearTimeout(afterFrame);
    frame = timer = afterFrame = null;
    if (queue.length === 0) return;
    const items = queue;
    queue = [];
    apply(items);
  };
  return {
    push(item) {
      queue.push(item);
      if (timer !== null) return;
      frame = requestAnimationFrame(() => {
        frame = null;
        afterFrame = setTimeout(flush, 0);
      });
      timer = setTimeout(flush, BACKUP_MS);
    },
    flush,
  };
}
