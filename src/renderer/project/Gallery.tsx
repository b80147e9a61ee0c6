import { examples } from '../examples';
import { useLab } from '../state/store';
import { newFromExample } from './actions';

/** Thumbnails of the examples (resources/examples/<id>.png), bundled. */
const thumbnails = import.meta.glob('../../../resources/examples/*.png', {
  query: '?url',
  import: 'default',
  eager: true,
}) as Record<string, string>;

function thumbnailOf(id: string): string | undefined {
  return Object.entries(thumbnails).find(([path]) => path.endsWith(`/${id}.png`))?.[1];
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
                <button data-testid={`gallery-${ex.id}`} onClick={() => newFromExample(ex.id)}>
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
