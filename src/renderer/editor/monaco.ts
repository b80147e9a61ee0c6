/**
 * Monaco, bundled and offline: the slim editor entry plus TypeScript support, with the
 * editor and TypeScript workers built by Vite from node_modules (never a CDN). Loaded
 * lazily by monaco-load.ts, which adds the editor's features in groups.
 */
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/languages/definitions/typescript/register';
import * as monacoTs from 'monaco-editor/languages/features/typescript/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/language/typescript/ts.worker?worker';
import { EditorExtensionsRegistry } from 'monaco-editor/editor/browser/editorExtensions';
import { HJB_LAB_DTS, HJB_LAB_DTS_PATH } from '../../core/lang/hjb-lab-dts';

/** Monaco's phase for contributions made with the editor (EditorContributionInstantiation.Eager). */
const EAGER = 0;

/** The ids of the contributions Monaco creates after the editor, in its phase order (contributions.ts). */
export function laterContributionIds(): string[] {
  return EditorExtensionsRegistry.getEditorContributions()
    .filter((c) => c.instantiation !== EAGER)
    .sort((a, b) => a.instantiation - b.instantiation)
    .map((c) => c.id);
}

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

let configured = false;

export function setupMonaco(): typeof monaco {
  if (configured) return monaco;
  configured = true;
  self.MonacoEnvironment = {
    getWorker(_id: string, label: string): Worker {
      return label === 'typescript' || label === 'javascript' ? new TsWorker() : new EditorWorker();
    },
  };
  monacoTs.typescriptDefaults.setCompilerOptions({
    target: monacoTs.ScriptTarget.ES2020,
    module: monacoTs.ModuleKind.ESNext,
    moduleResolution: monacoTs.ModuleResolutionKind.NodeJs,
    strict: true,
    noEmit: true,
    // A problem is never run in a page: without the DOM's library the worker's first
    // request fell from 674 to 332 ms CPU (docs/architecture.md §7).
    lib: ['es2020'],
    allowNonTsExtensions: true,
  });
  // Type checking stays on: users see the TypeScript errors of their problem against the
  // bundled typings of "hjb-lab" (an ambient module declaration, so it resolves whatever
  // the module resolution) next to the problem language's own markers.
  monacoTs.typescriptDefaults.setDiagnosticsOptions({
    noSemanticValidation: false,
    noSyntaxValidation: false,
  });
  monacoTs.typescriptDefaults.addExtraLib(HJB_LAB_DTS, HJB_LAB_DTS_PATH);
  monaco.editor.defineTheme('hjb-dark', {
    base: 'vs-dark',
    inherit: true,
    rules: [],
    colors: { 'editor.background': '#14171d' },
  });
  return monaco;
}

export { monaco, monacoTs };
