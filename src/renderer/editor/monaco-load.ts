/**
 * Monaco arrives after the lab's first paint, in several tasks rather than one. The whole
 * lab in one script, most of it Monaco, took 0.65 s of module evaluation in one task (a
 * profiler attached, load ~7; docs/architecture.md §7). Here the core's layers come first,
 * each a chunk of its own (electron.vite.config.ts), then the editor's API, then each
 * group of features, every step in a task of its own, so the page paints and answers
 * input in between.
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

/**
 * Monaco's core in the order its layers import each other: importing any module of a layer
 * evaluates that layer's chunk, whose own imports the earlier steps have already evaluated. As one chunk the core
 * was one task of 95–152 ms CPU (traced, load 2–3); the editor's common layer alone, as one
 * chunk, was 82–125 ms CPU (traced, load 8–13), and is now two (electron.vite.config.ts).
 */
const CORE_LAYERS: readonly (() => Promise<unknown>)[] = [
  () => import('monaco-editor/base/common/lifecycle'),
  () => import('monaco-editor/base/browser/dom'),
  () => import('monaco-editor/editor/common/core/range'),
  () => import('monaco-editor/editor/common/model/textModel'),
  () => import('monaco-editor/editor/browser/widget/codeEditor/codeEditorWidget'),
];

let loading: Promise<Monaco> | null = null;

/** Monaco with every feature registered, configured for the lab (loaded once). */
export function loadMonaco(): Promise<Monaco> {
  loading ??= (async () => {
    for (const layer of CORE_LAYERS) {
      await layer();
      await nextTask();
    }
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
