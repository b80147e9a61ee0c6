import { useEffect, useState } from 'react';
import { useLab } from '../state/store';
import { getPlatform } from '../platform';
import { readDroppedFile } from '../platform/web';
import { exportView } from '../view/export-view';
import {
  discardRecovery,
  newProject,
  openOutcome,
  openProject,
  restoreRecovery,
  saveProject,
  shareLink,
} from './actions';

/** New / Open / Save / Share in the top bar (the desktop app also has them in its menu). */
export function FileButtons() {
  return (
    <div className="file-buttons" role="group" aria-label="Project">
      <button
        data-testid="file-new"
        onClick={newProject}
        title="New project: blank or from an example (Ctrl+Alt+N)"
      >
        New
      </button>
      <button data-testid="file-open" onClick={() => void openProject()} title="Open a project (Ctrl+O)">
        Open…
      </button>
      <button data-testid="file-save" onClick={() => void saveProject(false)} title="Save (Ctrl+S)">
        Save
      </button>
      <button
        data-testid="file-save-as"
        onClick={() => void saveProject(true)}
        title="Save as (Ctrl+Shift+S)"
      >
        Save As…
      </button>
      <button
        data-testid="share-link"
        onClick={() => shareLink()}
        title="Copy a link that carries the problem and settings"
      >
        Share link
      </button>
    </div>
  );
}

export function useFileShortcuts(): void {
  useEffect(() => {
    if (!getPlatform().pageShortcuts) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const key = e.key.toLowerCase();
      if (key === 's') {
        e.preventDefault();
        void saveProject(e.shiftKey);
      } else if (key === 'o') {
        e.preventDefault();
        void openProject();
      } else if (key === 'n' && e.altKey) {
        e.preventDefault();
        newProject();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}

/** Messages (saved, opened, errors) and the recovery offer. */
export function Notices() {
  const notice = useLab((s) => s.notice);
  const recovery = useLab((s) => s.recovery);
  useEffect(() => {
    if (!notice || notice.kind === 'error') return;
    const t = setTimeout(() => useLab.setState({ notice: null }), 4000);
    return () => clearTimeout(t);
  }, [notice]);
  return (
    <div className="notices">
      {recovery && (
        <div className="notice recovery" data-testid="recovery-offer">
          Unsaved work from {new Date(recovery.savedAt).toLocaleString()} ({recovery.name}) can be recovered.
          <button data-testid="recovery-restore" onClick={() => void restoreRecovery()}>
            Recover
          </button>
          <button onClick={() => void discardRecovery()}>Discard</button>
        </div>
      )}
      {notice && (
        <div
          className={`notice ${notice.kind}`}
          data-testid="notice"
          role={notice.kind === 'error' ? 'alert' : 'status'}
        >
          {notice.text}
          <button className="icon" aria-label="Dismiss" onClick={() => useLab.setState({ notice: null })}>
            ✕
          </button>
        </div>
      )}
    </div>
  );
}

/** Drop a project file anywhere on the window to open it. */
export function DropZone() {
  const [over, setOver] = useState(false);
  useEffect(() => {
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setOver(true);
    };
    const onLeave = (e: DragEvent) => {
      if (e.relatedTarget === null) setOver(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setOver(false);
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      if (useLab.getState().dirty && !window.confirm('The project has unsaved changes. Discard them?'))
        return;
      void readDroppedFile(file).then(openOutcome);
    };
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, []);
  return over ? <div className="drop-zone">Drop a .hjblab project to open it</div> : null;
}

/** Documents and menu commands from outside the page (the desktop app's menu, the OS). */
export function useExternalCommands(): void {
  useEffect(
    () =>
      getPlatform().listen({
        opened: (outcome) => void openOutcome(outcome),
        command: (command) => {
          if (command === 'new') useLab.setState({ galleryOpen: true });
          else if (command === 'share-link') shareLink();
          else void exportView(command === 'export-png' ? 'png' : command === 'export-csv' ? 'csv' : 'json');
        },
      }),
    [],
  );
}
