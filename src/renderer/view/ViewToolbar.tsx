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
import { ToolbarSelect, ToolbarToggle, type SelectOption } from './ToolbarControls';
import type { ScaleChoice, ValueScale } from './value-scale';

const COLORMAPS: readonly SelectOption<ColormapName>[] = [
  { value: 'viridis', label: 'viridis' },
  { value: 'magma', label: 'magma' },
  { value: 'coolwarm', label: 'coolwarm' },
];

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
      <ToolbarSelect
        label="Colour by"
        testId="overlay-select"
        value={view.overlay}
        options={overlays}
        disabled={d < 2}
        title={d < 2 ? 'Colour overlays need a 2-D or larger state' : 'Colour the surface by'}
        onChange={(overlay) => setView({ overlay })}
      />
      <ToolbarSelect
        label="Colormap"
        testId="colormap-select"
        value={view.colormap}
        options={COLORMAPS}
        onChange={(colormap) => setView({ colormap })}
      />
      <ToolbarSelect
        label="Value scale"
        testId="scale-select"
        value={scaleChoice}
        options={[
          { value: 'auto', label: `auto (${scale.kind === 'symlog' ? 'symlog' : 'linear'})` },
          { value: 'linear', label: 'linear' },
          { value: 'symlog', label: 'symlog' },
        ]}
        title="Height scale: symmetric log when the value spans decades"
        onChange={onScaleChoice}
      />
      <ToolbarToggle checked={view.contours} onChange={(contours) => setView({ contours })}>
        contours
      </ToolbarToggle>
      <ToolbarToggle
        testId="vector-field"
        checked={view.vectorField && (d === 2 || sliced)}
        disabled={d !== 2 && !sliced}
        title="The closed-loop drift (2-D state, or a slice's two states)"
        onChange={(vectorField) => setView({ vectorField })}
      >
        vector field
      </ToolbarToggle>
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
