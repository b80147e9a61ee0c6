import { useEffect, useRef, useState } from 'react';
import type { Diagnostic } from '../../core/problem/types';
import { MARKER_OWNER, toMarkers } from './markers';
import { afterFrame, nextTask } from '../state/next-task';
import { createContributionsInSteps } from './contributions';
import { loadMonaco, type Monaco } from './monaco-load';
import type { monaco } from './monaco';
import './editor.css';

/** Imperative access to the editor for the rest of the lab. */
export interface EditorHandle {
  getValue(): string;
  /** Replace the whole document (a new document: the undo history starts afresh). */
  setValue(text: string): void;
  /**
   * Replace source[start, end) by text as one undoable edit (Ctrl+Z in the editor restores
   * the old text). Consecutive replacements at the same place with nothing in between, as
   * while a slider is dragged, form one undo step until the editor gets focus or 0.7 s pass.
   */
  replaceRange(range: { start: number; end: number }, text: string): void;
  /** Scroll a 1-based line into view and put the cursor on its first character. */
  revealLine(line: number): void;
  focus(): void;
}

export interface EditorProps {
  initialValue: string;
  onChange(source: string): void;
  /** Problem-language diagnostics of the current source, shown as markers. */
  diagnostics: readonly Diagnostic[];
  onReady?(handle: EditorHandle): void;
}

/** How long consecutive replaceRange calls at one place merge into one undo step. */
const SERIES_MS = 700;

/**
 * The problem editor: a Monaco instance holding a TypeScript model of the problem. Monaco
 * loads after the first paint (monaco-load.ts); the model and the editor are then created
 * in tasks of their own, and onReady hands the lab the editor once it exists.
 */
export function Editor({ initialValue, onChange, diagnostics, onReady }: EditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const api = useRef<Monaco | null>(null);
  const model = useRef<monaco.editor.ITextModel | null>(null);
  const onChangeRef = useRef(onChange);
  const onReadyRef = useRef(onReady);
  const initial = useRef(initialValue);
  // Bumped when the editor exists, so that the markers of the current diagnostics are set.
  const [mounted, setMounted] = useState(0);

  useEffect(() => {
    onChangeRef.current = onChange;
    onReadyRef.current = onReady;
  });

  useEffect(() => {
    let unmounted = false;
    let dispose = () => {};
    void (async () => {
      const monaco = await loadMonaco();
      // The editor's creation (services, DOM, font measurement) and its first render of
      // the text (view model, tokens, lines) were 0.2–0.4 s each under tracing: each gets
      // a task to itself. The editor is created without a model, which renders nothing.
      // Its font measurement forces a layout: after a frame that layout is the editor's
      // own, not the whole page's (91–138 ms CPU with the page's layout in it, traced).
      await afterFrame();
      if (unmounted || !host.current) return;
      const editor = createEditor(monaco, host.current);
      dispose = () => editor.dispose();
      await nextTask();
      if (unmounted) return;
      const mounted = attachModel(monaco, editor, initial.current, {
        onChange: (text) => onChangeRef.current(text),
        onReady: (handle) => onReadyRef.current?.(handle),
      });
      dispose = mounted.dispose;
      api.current = monaco;
      model.current = mounted.model;
      setMounted((n) => n + 1);
      // After the text's first render, the features Monaco would create in a few long idle
      // callbacks, one per task (contributions.ts).
      await afterFrame();
      // Already loaded with Monaco: this import resolves without fetching anything.
      const { laterContributionIds } = await import('./monaco');
      await createContributionsInSteps(editor, laterContributionIds(), () => unmounted);
    })();
    return () => {
      unmounted = true;
      dispose();
      model.current = null;
    };
  }, []);

  useEffect(() => {
    const m = model.current;
    const monaco = api.current;
    if (!m || !monaco || m.isDisposed()) return;
    monaco.editor.setModelMarkers(m, MARKER_OWNER, toMarkers(diagnostics, monaco.MarkerSeverity, m));
  }, [diagnostics, mounted]);

  return <div className="editor-host hjb-editor" data-testid="editor" ref={host} />;
}

/** The problem editor in `hostElement`, still without a model. */
function createEditor(monaco: Monaco, hostElement: HTMLElement): monaco.editor.IStandaloneCodeEditor {
  return monaco.editor.create(hostElement, {
    model: null,
    theme: 'hjb-dark',
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 13,
    scrollBeyondLastLine: false,
    tabSize: 2,
    fixedOverflowWidgets: true,
    // No wrapping: a wrapped line reads as two lines of the problem (and the language
    // tests read lines off the view); the editor pane is resizable and remembers its width.
    wordWrap: 'off',
  });
}

/** Give the editor the problem's model; `dispose` removes both. */
function attachModel(
  monaco: Monaco,
  editor: monaco.editor.IStandaloneCodeEditor,
  text: string,
  on: { onChange(text: string): void; onReady(handle: EditorHandle): void },
): { model: monaco.editor.ITextModel; dispose(): void } {
  const uri = monaco.Uri.parse('file:///problem.ts');
  const m = monaco.editor.getModel(uri) ?? monaco.editor.createModel(text, 'typescript', uri);
  editor.setModel(m);

  // An open series of replaceRange edits that still merge into one undo step.
  let series: { version: number; start: number; timer: ReturnType<typeof setTimeout> } | null = null;
  const closeSeries = () => {
    if (!series) return;
    clearTimeout(series.timer);
    series = null;
    editor.pushUndoStop();
  };

  const handle: EditorHandle = {
    getValue: () => m.getValue(),
    setValue(text) {
      closeSeries();
      m.setValue(text);
    },
    replaceRange(range, text) {
      const length = m.getValueLength();
      const start = Math.max(0, Math.min(range.start, length));
      const end = Math.max(start, Math.min(range.end, length));
      const continuing =
        series !== null && series.start === start && series.version === m.getAlternativeVersionId();
      if (!continuing) {
        closeSeries();
        editor.pushUndoStop();
      }
      const a = m.getPositionAt(start);
      const b = m.getPositionAt(end);
      editor.executeEdits(MARKER_OWNER, [
        {
          range: new monaco.Range(a.lineNumber, a.column, b.lineNumber, b.column),
          text,
          forceMoveMarkers: true,
        },
      ]);
      if (series) clearTimeout(series.timer);
      if (editor.hasTextFocus()) {
        series = null;
        editor.pushUndoStop();
        return;
      }
      series = { version: m.getAlternativeVersionId(), start, timer: setTimeout(closeSeries, SERIES_MS) };
    },
    revealLine(line) {
      const n = Math.max(1, Math.min(Math.round(line) || 1, m.getLineCount()));
      const column = m.getLineFirstNonWhitespaceColumn(n) || 1;
      editor.setPosition({ lineNumber: n, column });
      editor.revealLineInCenterIfOutsideViewport(n);
    },
    focus: () => editor.focus(),
  };

  const subs = [
    m.onDidChangeContent(() => on.onChange(m.getValue())),
    // The user is back in the editor: whatever they do next is its own undo step.
    editor.onDidFocusEditorText(closeSeries),
  ];
  on.onReady(handle);
  return {
    model: m,
    dispose() {
      if (series) clearTimeout(series.timer);
      subs.forEach((s) => s.dispose());
      editor.dispose();
      m.dispose();
    },
  };
}
