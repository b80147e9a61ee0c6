/**
 * One module of each layer of Monaco's core, which monaco-load.ts imports to evaluate the
 * layer's chunk in a task of its own. The lab uses none of their exports; Monaco ships no
 * typings for its internal modules.
 */
declare module 'monaco-editor/base/common/lifecycle' {
  export const DisposableStore: unknown;
}
declare module 'monaco-editor/base/browser/dom' {
  export const $: unknown;
}
declare module 'monaco-editor/editor/common/core/range' {
  export const Range: unknown;
}
declare module 'monaco-editor/editor/common/model/textModel' {
  export const TextModel: unknown;
}
declare module 'monaco-editor/editor/browser/widget/codeEditor/codeEditorWidget' {
  export const CodeEditorWidget: unknown;
}
declare module 'monaco-editor/editor/browser/editorExtensions' {
  /** The editor's contributions (its features), with the phase Monaco creates each in. */
  export const EditorExtensionsRegistry: {
    getEditorContributions(): { id: string; instantiation: number }[];
  };
}
