/**
 * What the 3D view shows, in one small box over the canvas: the surface quantity, what colours
 * it (when an overlay does), the colormap, contour lines, the vector field and trajectories.
 */
import type { ColormapName } from './colormap';

export interface LegendProps {
  /** The quantity the surface's height shows, e.g. "V(θ, ω)". */
  surface: string;
  /** What the colours show when not the height, e.g. "policy u", "HJB residual", "error vs exact". */
  overlay?: string | null;
  colormap: ColormapName;
  contours?: boolean;
  vectorField?: boolean;
  /** Sample paths drawn (0 or absent: none). */
  trajectories?: number;
  /** Extra lines, e.g. "slice ω = 0.5" or "isosurface V = 2". */
  notes?: string[];
  position?: { top?: number; right?: number; bottom?: number; left?: number };
}

const row: React.CSSProperties = { display: 'flex', gap: 6, alignItems: 'baseline', whiteSpace: 'nowrap' };
const key: React.CSSProperties = { color: '#8b93a3', minWidth: 64 };

export function Legend({
  surface,
  overlay,
  colormap,
  contours = false,
  vectorField = false,
  trajectories = 0,
  notes = [],
  position = { bottom: 12, left: 12 },
}: LegendProps) {
  return (
    <div
      data-testid="legend"
      style={{
        position: 'absolute',
        ...position,
        padding: '6px 9px',
        background: 'rgba(15, 17, 21, 0.72)',
        border: '1px solid #262b35',
        borderRadius: 4,
        color: '#d8dee9',
        font: "11px system-ui, 'DejaVu Sans', sans-serif",
        lineHeight: 1.5,
        pointerEvents: 'none',
        userSelect: 'none',
      }}
    >
      <div style={row}>
        <span style={key}>surface</span>
        <span>{surface}</span>
      </div>
      <div style={row}>
        <span style={key}>colour</span>
        <span>
          {overlay ?? 'height'} · {colormap}
        </span>
      </div>
      <div style={row}>
        <span style={key}>contours</span>
        <span>{contours ? 'on' : 'off'}</span>
      </div>
      {vectorField && (
        <div style={row}>
          <span style={key}>floor</span>
          <span>closed-loop vector field</span>
        </div>
      )}
      <div style={row}>
        <span style={key}>paths</span>
        <span>
          {trajectories > 0 ? `${trajectories} sample paths · mean (red)` : 'none (click the surface)'}
        </span>
      </div>
      {notes.map((n) => (
        <div key={n} style={{ ...row, color: '#8b93a3' }}>
          {n}
        </div>
      ))}
    </div>
  );
}
