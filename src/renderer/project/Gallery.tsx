import { findSolver } from '../../core/solvers/registry';
import { examples, type Example } from '../examples';
import { getPlatform } from '../platform';
import { useLab } from '../state/store';
import { loadProject, markSaved, newFromExample } from './actions';
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

/** The example gallery: "New" starts a project from one of these. */
export function Gallery() {
  const open = useLab((s) => s.galleryOpen);
  if (!open) return null;
  return (
    <div className="gallery-backdrop" onClick={() => useLab.setState({ galleryOpen: false })}>
      <div
        className="gallery"
        data-testid="gallery"
        role="dialog"
        aria-label="New project"
        onClick={(e) => e.stopPropagation()}
      >
        <header>
          <h2>New project</h2>
          <button className="icon" aria-label="Close" onClick={() => useLab.setState({ galleryOpen: false })}>
            ✕
          </button>
        </header>
        <ul>
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
