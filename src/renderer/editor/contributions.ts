/**
 * An editor's contributions (hover, folding, find, suggestions, code lenses, …) created one
 * per task. Monaco creates the eager ones with the editor and the rest in three idle
 * callbacks, each of which creates every contribution of its phase at once and ignores the
 * idle deadline: the later ones were tasks of about 30 ms CPU (traced, bench ui, load 10–13)
 * that landed in the first example switch or the first solve. `getContribution(id)`
 * creates one contribution on demand; when the idle callbacks come, nothing is left.
 */
import { EditorExtensionsRegistry } from 'monaco-editor/editor/browser/editorExtensions';
import { nextTask } from '../state/next-task';
import type { monaco } from './monaco';

/** Monaco's phase for contributions made with the editor (EditorContributionInstantiation.Eager). */
const EAGER = 0;

/** Create the editor's remaining contributions, one per task, in Monaco's phase order. */
export async function createContributionsInSteps(
  editor: monaco.editor.IStandaloneCodeEditor,
  stopped: () => boolean,
): Promise<void> {
  const later = EditorExtensionsRegistry.getEditorContributions()
    .filter((c) => c.instantiation !== EAGER)
    .sort((a, b) => a.instantiation - b.instantiation);
  for (const c of later) {
    await nextTask();
    if (stopped()) return;
    editor.getContribution(c.id);
  }
}
