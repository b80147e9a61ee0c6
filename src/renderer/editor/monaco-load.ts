/**
 * Monaco arrives after the lab's first paint, in several tasks rather than one. The whole
 * lab in one script, most of it Monaco, took 0.65 s of module evaluation in one task (a
 * profiler attached, load ~7; docs/architecture.md §7). Here the core comes first, then
 * each group of features in a task of its own, so the page paints and answers input in
 * between.
 */
import { nextTask } from '../state/next-task';
import type { monaco as MonacoApi } from './monaco';

export type Monaco = typeof MonacoApi;

/** The features a user of the lab meets, in groups of similar size (register.all minus the diff editor, GPU rendering, the iPad keyboard and developer tools). */
const FEATURE_GROUPS: readonly (() => Promise<unknown>)[] = [
  () => import('./features/editing'),
  () => import('./features/navigation'),
  () => import('./features/completion'),
  () => import('./features/refactoring'),
];

let loading: Promise<Monaco> | null = null;

/** Monaco with every feature registered, configured for the lab (loaded once). */
export function loadMonaco(): Promise<Monaco> {
  loading ??= (async () => {
    const { setupMonaco } = await import('./monaco');
    for (const group of FEATURE_GROUPS) {
      await nextTask();
      await group();
    }
    await nextTask();
    return setupMonaco();
  })();
  return loading;
}
