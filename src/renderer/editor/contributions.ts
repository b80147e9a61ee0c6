/**
 * An editor's contributions (hover, folding, find, suggestions, code lenses, …) created one
 * per task. Monaco creates the eager ones with the editor and the rest in three idle
 * callbacks, each of which creates every contribution of its phase at once and ignores the
 * idle deadline: 46 and 13 ms CPU in the first solve's stream (traced, bench ui, load
 * 8–13). `getContribution(id)` creates one contribution on demand; when the idle callbacks
 * come, nothing is left. The ids come from `laterContributionIds` in monaco.ts: this
 * module must not import Monaco's internals itself, or the lab's first chunk would import
 * (and evaluate) Monaco's whole core with it.
 */
import { nextTask } from '../state/next-task';
import type { monaco } from './monaco';

/** Create the editor's contributions `ids` (in order), one per task. */
export async function createContributionsInSteps(
  editor: monaco.editor.IStandaloneCodeEditor,
  ids: readonly string[],
  stopped: () => boolean,
): Promise<void> {
  for (const id of ids) {
    await nextTask();
    if (stopped()) return;
    editor.getContribution(id);
  }
}
