/**
 * Resolves in a later task of the event loop, so the page can paint and answer input
 * before the next step of a long piece of start-up work (docs/architecture.md §7).
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Resolves in a task after the page's next frame, when style and layout are clean: work
 * that forces a layout (Monaco measures its font and host) then lays out only what it
 * changed, not the whole page. A hidden page draws no frames, so 100 ms is the longest wait.
 */
export function afterFrame(): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const go = () => {
      if (done) return;
      done = true;
      setTimeout(resolve, 0);
    };
    requestAnimationFrame(go);
    setTimeout(go, 100);
  });
}
