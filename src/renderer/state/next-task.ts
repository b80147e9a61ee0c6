/**
 * Resolves in a later task of the event loop, so the page can paint and answer input
 * before the next step of a long piece of start-up work (docs/architecture.md §7).
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
