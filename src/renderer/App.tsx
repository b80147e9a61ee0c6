import { useEffect, useRef, useState } from 'react';
import { Editor, type EditorHandle } from './editor/Editor';
import { examples } from './examples';
import { Inspector } from './inspector/Inspector';
import { formatLiteral } from './inspector/parameters';
import { SolverPanel } from './panel/SolverPanel';
import { detectPlatform, type PlatformInfo } from './platform';
import { initLab, loadExample, run, setSource } from './state/controller';
import { useLab } from './state/store';
import { LabView } from './view/LabView';

const FIRST_EXAMPLE = 'lqr-1d';

export function App() {
  const [info, setInfo] = useState<PlatformInfo | null>(null);
  const editor = useRef<EditorHandle | null>(null);
  const exampleId = useLab((s) => s.exampleId);
  const source = useLab((s) => s.source);
  const compile = useLab((s) => s.compile);
  const compiling = useLab((s) => s.compiling);

  useEffect(() => {
    void detectPlatform().info().then(setInfo);
    if (useLab.getState().source) return;
    initLab(FIRST_EXAMPLE);
    // First launch: solve the first example right away so the lab opens on a result.
    const unsubscribe = useLab.subscribe((s) => {
      if (s.compile?.ok) {
        unsubscribe();
        run();
      }
    });
    return unsubscribe;
  }, []);

  // A new example replaces the editor's document.
  useEffect(() => {
    const e = editor.current;
    if (e && e.getValue() !== useLab.getState().source) e.setValue(useLab.getState().source);
  }, [exampleId]);

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">HJB Lab</span>
        <select
          data-testid="example-select"
          aria-label="Example"
          value={exampleId}
          onChange={(e) => {
            loadExample(e.target.value);
            editor.current?.setValue(useLab.getState().source);
          }}
        >
          {examples.map((ex) => (
            <option key={ex.id} value={ex.id}>
              {ex.title}
            </option>
          ))}
        </select>
        <span className="spacer" />
        <span className="muted">{info ? `v${info.version} · ${info.kind}` : ''}</span>
      </header>
      <section className="left">
        <div className="editor-pane">
          {source !== '' && (
            <Editor
              initialValue={source}
              onChange={setSource}
              diagnostics={compile?.diagnostics ?? []}
              onReady={(h) => (editor.current = h)}
            />
          )}
        </div>
        <div className="inspector-pane">
          <Inspector
            reply={compile}
            compiling={compiling}
            onParameter={(_name, value, range) => editor.current?.replaceRange(range, formatLiteral(value))}
            onRevealLine={(line) => editor.current?.revealLine(line)}
          />
        </div>
      </section>
      <main className="center">
        <LabView />
      </main>
      <SolverPanel />
    </div>
  );
}
