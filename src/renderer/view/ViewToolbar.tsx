/**
 * The view's toolbar: colour overlay, colormap, value scale, layers, camera presets and
 * export. It keeps the same controls for every problem (disabled where they do not apply):
 * a control that came and went could re-wrap the toolbar and resize the canvas, which
 * costs a 0.1–0.4 s reallocation of its buffers with software GL.
 */
import { exportView } from './export-view';
import { setView, useLab } from '../state/store';
import type { Overlay } from '../state/types';
import type { ColormapName } from './colormap';
import type { ScaleChoice, ValueScale } from './value-scale';

export interface ViewToolbarProps {
  overlays: readonly { value: Overlay; label: string }[];
  /** The problem's state dimension (0 without a run). */
  d: number;
  /** Whether the surface is a slice of a larger state (the vector field then applies). */
  sliced: boolean;
  scaleChoice: ScaleChoice;
  scale: ValueScale;
  onScaleChoice(choice: ScaleChoice): void;
  /** Whether there is a picture (PNG) and a result (CSV, JSON) to export. */
  canExportPicture: boolean;
  canExportResult: boolean;
}

export function ViewToolbar({
  overlays,
  d,
  sliced,
  scaleChoice,
  scale,
  onScaleChoice,
  canExportPicture,
  canExportResult,
}: ViewToolbarProps) {
  const view = useLab((s) => s.view);
  return (
    <div className="view-toolbar" role="toolbar" aria-label="View">
      <select
        aria-label="Colour by"
        data-testid="overlay-select"
        value={view.overlay}
        disabled={d < 2}
        title={d < 2 ? 'Colour overlays need a 2-D or larger state' : 'Colour the surface by'}
        onChange={(e) => setView({ overlay: e.target.value as Overlay })}
      >
        {overlays.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <select
        aria-label="Colormap"
        data-testid="colormap-select"
        value={view.colormap}
        onChange={(e) => setView({ colormap: e.target.value as ColormapName })}
      >
        <option value="viridis">viridis</option>
        <option value="magma">magma</option>
        <option value="coolwarm">coolwarm</option>
      </select>
      <select
        aria-label="Value scale"
        data-testid="scale-select"
        value={scaleChoice}
        title="Height scale: symmetric log when the value spans decades"
        onChange={(e) => onScaleChoice(e.target.value as ScaleChoice)}
      >
        <option value="auto">{`auto (${scale.kind === 'symlog' ? 'symlog' : 'linear'})`}</option>
        <option value="linear">linear</option>
        <option value="symlog">symlog</option>
      </select>
      <label className="toggle">
        <input
          type="checkbox"
          checked={view.contours}
          onChange={(e) => setView({ contours: e.target.checked })}
        />
        contours
      </label>
      <label
        className={`toggle ${d === 2 || sliced ? '' : 'disabled'}`}
        title="The closed-loop drift (2-D state, or a slice's two states)"
      >
        <input
          type="checkbox"
          data-testid="vector-field"
          checked={view.vectorField && (d === 2 || sliced)}
          disabled={d !== 2 && !sliced}
          onChange={(e) => setView({ vectorField: e.target.checked })}
        />
        vector field
      </label>
      <span className="sep" />
      {(['iso', 'top', 'front'] as const).map((p) => (
        <button
          key={p}
          className={view.camera === p ? 'active' : ''}
          onClick={() => setView({ camera: p, cameraNonce: view.cameraNonce + 1 })}
          title={`Camera: ${p}`}
        >
          {p}
        </button>
      ))}
      <button
        onClick={() => setView({ camera: 'iso', cameraNonce: view.cameraNonce + 1 })}
        title="Reset the camera"
      >
        reset
      </button>
      <span className="sep" />
      <button
        data-testid="export-png"
        onClick={() => void exportView('png')}
        disabled={!canExportPicture}
        title="PNG at twice the screen resolution"
      >
        PNG
      </button>
      <button
        data-testid="export-csv"
        onClick={() => void exportView('csv')}
        disabled={!canExportResult}
        title="Value and policy on the grid"
      >
        CSV
      </button>
      <button
        data-testid="export-json"
        onClick={() => void exportView('json')}
        disabled={!canExportResult}
        title="The run's result"
      >
        JSON
      </button>
    </div>
  );
}
