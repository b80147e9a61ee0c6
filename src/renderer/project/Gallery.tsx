import { findSolver } from '../../core/solvers/registry';
import { useEffect } from 'react';
import { examples, type Example } from '../examples';
import { getPlatform } from '../platform';
import { useLab } from '../state/store';
import { loadProject, markSaved, newBlank, newFromExample } from './actions';
import { viewFromProject } from './codec';

/** Thumbnails of the examples (resources/examples/<id>.png), bundled. */
const thumbnails = import.meta.glob('../../../resources/examples/*.png', {
  query: '?url',
  import: 'default',
  eager: true,
}) as Record<string, string>;

function thumbnailOf(id: string): string | undefined {
  return Object.entries(thumbnails).find(([path]) => path.endsWith(`/${id}.png`))?.[1];
}

/**
 * A new, untitled document from an example: its project file (resources/examples/<id>.hjblab)
 * with the settings and view it stores, or its source when it has no project file.
 */
function openExample(ex: Example): void {
  const project = ex.project;
  if (project && project.runs.length > 0) {
    // Stored results come back through the project loader (no solving).
    void loadProject(project, 'Untitled').then(() => {
      getPlatform().detach();
      useLab.setState({ exampleId: ex.id });
    });
    return;
  }
  newFromExample(ex.id);
  if (!project) return;
  const known = findSolver(project.settings.solver) !== undefined;
  const values = known ? project.settings.values : {};
  useLab.setState((s) => ({
    view: viewFromProject(project, s.view),
    ...(Object.keys(values).length > 0 ? { solver: project.settings.solver, settings: { ...values } } : {}),
  }));
  markSaved();
}

const close = () => useLab.setState({ galleryOpen: false });

/** The gallery of "New": a blank problem, then the examples. Esc or a click outside closes it. */
export function Gallery() {
  const open = useLab((s) => s.galleryOpen);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      // Only the dialog handles this Esc (the solver panel's Esc cancels a run).
      e.preventDefault();
      e.stopImmediatePropagation();
      close();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [open]);
  if (!open) return null;
  return (
    <div className="gallery-backdrop" onClick={close}>
      <div
        className="gallery"
        data-testid="gallery"
        role="dialog"
        aria-label="New project"
        onClick={(e) => e.stopPropagation()}
      >
        <header>
          <h2>New project</h2>
          <button className="icon" aria-label="Close" data-testid="gallery-close" onClick={close}>
            ✕
          </button>
        </header>
        <ul>
          <li>
            <button data-testid="gallery-blank" onClick={newBlank}>
              <div className="thumb-missing thumb-blank">+</div>
              <span>Blank problem</span>
            </button>
          </li>
          {examples.map((ex) => {
            const thumb = thumbnailOf(ex.id);
            return (
              <li key={ex.id}>
                <button data-testid={`gallery-${ex.id}`} onClick={() => openExample(ex)}>
                  {thumb ? <img src={thumb} alt="" /> : <div className="thumb-missing">{ex.title}</div>}
                  <span>{ex.title}</span>
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
