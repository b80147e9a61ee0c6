import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { Group, Panel, Separator, useDefaultLayout } from 'react-resizable-panels';
import { Editor, type EditorHandle } from './editor/Editor';
import { examples } from './examples';
import { Inspector } from './inspector/Inspector';
import { literalEdit } from './inspector/parameters';
import { SolverPanel } from './panel/SolverPanel';
import { getPlatform, type PlatformInfo } from './platform';
import { initLab, loadExample, run, setSource } from './state/controller';
import { FileButtons, Notices, DropZone, useExternalCommands, useFileShortcuts } from './project/FileUi';
import { Gallery } from './project/Gallery';
import {
  checkRecovery,
  documentTitle,
  initDocumentTracking,
  listenForShareLinks,
  markSaved,
  openFromLocation,
} from './project/actions';
import { useLab } from './state/store';

// The view's page side is evaluated after the page's first paint; three.js and
// @react-three/fiber load in the view's worker, never on this thread (docs/architecture.md §7).
const LabView = lazy(async () => {
  const { LabView } = await import('./view/LabView');
  return { default: LabView };
});

const FIRST_EXAMPLE = 'lqr-1d';

export function App() {
  const [info, setInfo] = useState<PlatformInfo | null>(null);
  const editor = useRef<EditorHandle | null>(null);
  const exampleId = useLab((s) => s.exampleId);
  const source = useLab((s) => s.source);
  const compile = useLab((s) => s.compile);
  const compiling = useLab((s) => s.compiling);

  const docNonce = useLab((s) => s.docNonce);
  const docName = useLab((s) => s.docName);
  const dirty = useLab((s) => s.dirty);
  // Pane sizes the user drags are remembered across sessions (localStorage).
  const columns = useDefaultLayout({ id: 'hjb-lab-columns', storage: localStorage });
  const left = useDefaultLayout({ id: 'hjb-lab-left', storage: localStorage });
  // The first commit is the page's frame and its empty panes; the inspector, the 3-D view
  // and the solver panel render in the next task. The pane library measures its panels as they mount (a
  // forced layout of all that is on the page): with the panes' contents in the same commit
  // that task was 63–122 ms CPU (traced, load 2–5; docs/architecture.md §7).
  const filled = useNextTask();

  useEffect(() => {
    void getPlatform().info().then(setInfo);
    if (useLab.getState().source) return;
    let unsubscribe = () => {};
    void (async () => {
      if (await openFromLocation()) return;
      initLab(FIRST_EXAMPLE);
      void checkRecovery();
      // First launch: solve the first example right away so the lab opens on a result; the
      // untouched example with its first result is not an unsaved change.
      let autoRun: string | null = null;
      unsubscribe = useLab.subscribe((s) => {
        if (autoRun === null && s.compile?.ok && s.runs.length === 0) autoRun = run();
        if (autoRun === null) return;
        // Read the store afresh: run() has just changed it under this callback's snapshot.
        const r = useLab.getState().runs.find((x) => x.id === autoRun);
        if (r?.status === 'running') return;
        unsubscribe();
        // Only the untouched first run counts as saved; a recovered or opened document
        // that replaced it keeps its own state.
        if (r) markSaved();
      });
    })();
    const stopTracking = initDocumentTracking();
    const stopLinks = listenForShareLinks();
    return () => {
      unsubscribe();
      stopTracking();
      stopLinks();
    };
  }, []);

  // Opening a document or an example replaces the editor's text, in a task of its own:
  // Monaco's setValue re-tokenizes and lays the editor out (~130 ms under software
  // rendering), and the lab's re-render for the new problem already fills the current task.
  useEffect(() => {
    const t = setTimeout(() => {
      const e = editor.current;
      const text = useLab.getState().source;
      if (e && e.getValue() !== text) e.setValue(text);
    }, 0);
    return () => clearTimeout(t);
  }, [exampleId, docNonce]);

  useEffect(() => {
    document.title = documentTitle(docName, dirty);
  }, [docName, dirty]);

  useFileShortcuts();
  useExternalCommands();

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">HJB Lab</span>
        <FileButtons />
        <select
          data-testid="example-select"
          aria-label="Example"
          value={exampleId}
          onChange={(e) => loadExample(e.target.value)}
        >
          {exampleId === '' && <option value="">{docName}</option>}
          {examples.map((ex) => (
            <option key={ex.id} value={ex.id}>
              {ex.title}
            </option>
          ))}
        </select>
        <span className="doc-name" data-testid="doc-name">
          {dirty ? '• ' : ''}
          {docName}
        </span>
        <span className="spacer" />
        <span className="muted">{info ? `v${info.version} · ${info.kind}` : ''}</span>
      </header>
      <Notices />
      <Gallery />
      <DropZone />
      <Group
        className="columns"
        orientation="horizontal"
        defaultLayout={columns.defaultLayout}
        onLayoutChanged={columns.onLayoutChanged}
      >
        <Panel id="pane-left" defaultSize="33%" minSize={240}>
          <Group
            orientation="vertical"
            defaultLayout={left.defaultLayout}
            onLayoutChanged={left.onLayoutChanged}
          >
            <Panel id="pane-editor" defaultSize="58%" minSize={80}>
              <div className="editor-pane">
                {/* Always mounted: an empty document is a valid state (its diagnostic says what is
                    missing) and the user needs somewhere to type. */}
                <Editor
                  initialValue={source}
                  onChange={setSource}
                  diagnostics={compile?.diagnostics ?? []}
                  onReady={(h) => {
                    editor.current = h;
                    // The document may have loaded before Monaco was ready.
                    const text = useLab.getState().source;
                    if (h.getValue() !== text) h.setValue(text);
                  }}
                />
              </div>
            </Panel>
            <Separator className="split split-h" />
            <Panel id="pane-inspector" minSize={60}>
              <div className="inspector-pane">
                {filled && (
                  <Inspector
                    reply={compile}
                    compiling={compiling}
                    // The inspector tracks where its own edits moved the literal since the last compile.
                    onParameter={(name, value, range) => {
                      const ed = editor.current;
                      if (!ed) return;
                      // The range comes from the last compile and the inspector's edits since; a
                      // compile of an older text can arrive late and put it off by a few characters.
                      // literalEdit checks `name = <literal>` is there and otherwise finds it by name.
                      const edit = literalEdit(ed.getValue(), range, value, name);
                      if (edit) ed.replaceRange(edit, edit.text);
                    }}
                    onRevealLine={(line) => editor.current?.revealLine(line)}
                  />
                )}
              </div>
            </Panel>
          </Group>
        </Panel>
        <Separator className="split split-v" />
        <Panel id="pane-view" minSize={320}>
          <main className="center">
            <Suspense fallback={<div className="view-empty muted">Loading the 3-D view…</div>}>
              {filled && <LabView />}
            </Suspense>
          </main>
        </Panel>
        <Separator className="split split-v" />
        <Panel id="pane-panel" defaultSize={290} minSize={230} groupResizeBehavior="preserve-pixel-size">
          {filled && <SolverPanel />}
        </Panel>
      </Group>
    </div>
  );
}

/** False in the first render, true from a render in a later task. */
function useNextTask(): boolean {
  const [later, setLater] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setLater(true), 0);
    return () => clearTimeout(t);
  }, []);
  return later;
}
