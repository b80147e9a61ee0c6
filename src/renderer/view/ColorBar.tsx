/**
 * A vertical colour bar over the canvas: the colormap's gradient, ticks with numbers between
 * min and max, and a title. Plain HTML/CSS so that it is crisp at any resolution and costs the
 * WebGL scene nothing (it does not appear in the PNG export, which shows the 3D view only).
 */
import { ticks } from 'd3-array';
import { colormapCss, type ColormapName } from './colormap';

export interface ColorBarProps {
  colormap: ColormapName;
  min: number;
  max: number;
  title: string;
  /** Approximate tick count (d3's nice ticks). */
  count?: number;
  /** Ticks given by the caller (a non-linear scale): position in [min, max] and text. */
  ticks?: readonly { at: number; text: string }[];
  /** Corner of the viewport (default top right). */
  position?: { top?: number; right?: number; bottom?: number; left?: number };
}

export function formatTick(v: number, span: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(1).replace('e+', 'e');
  // Enough digits to tell neighbouring ticks apart.
  const digits = Math.max(0, Math.min(6, -Math.floor(Math.log10(span / 10))));
  return Number(v.toFixed(digits)).toString();
}

const BAR_HEIGHT = 160;

export function ColorBar({
  colormap,
  min,
  max,
  title,
  count = 5,
  ticks: given,
  position = { top: 12, right: 12 },
}: ColorBarProps) {
  const valid = Number.isFinite(min) && Number.isFinite(max) && max > min;
  const span = valid ? max - min : 1;
  const tickMarks = !valid
    ? []
    : (given ?? ticks(min, max, count).map((v) => ({ at: v, text: formatTick(v, span) })));
  return (
    <div
      data-testid="colorbar"
      style={{
        position: 'absolute',
        ...position,
        padding: '6px 8px 8px',
        background: 'rgba(15, 17, 21, 0.72)',
        border: '1px solid #262b35',
        borderRadius: 4,
        color: '#d8dee9',
        font: "11px system-ui, 'DejaVu Sans', sans-serif",
        pointerEvents: 'none',
        userSelect: 'none',
      }}
    >
      <div
        style={{
          marginBottom: 6,
          maxWidth: 120,
          whiteSpace: 'nowrap',
          overflow: 'hidden',
          textOverflow: 'ellipsis',
        }}
      >
        {title}
      </div>
      <div style={{ display: 'flex', alignItems: 'stretch', height: BAR_HEIGHT }}>
        <div style={{ width: 14, background: colormapCss(colormap), border: '1px solid #3a404c' }} />
        <div style={{ position: 'relative', width: 56, marginLeft: 4 }}>
          {valid ? (
            tickMarks.map(({ at, text }) => {
              const frac = (at - min) / span;
              return (
                <div
                  key={at}
                  style={{
                    position: 'absolute',
                    left: 0,
                    bottom: `${frac * 100}%`,
                    transform: 'translateY(50%)',
                    display: 'flex',
                    alignItems: 'center',
                    whiteSpace: 'nowrap',
                  }}
                >
                  <span
                    style={{
                      display: 'inline-block',
                      width: 4,
                      height: 1,
                      background: '#8b93a3',
                      marginRight: 3,
                    }}
                  />
                  {text}
                </div>
              );
            })
          ) : (
            <div style={{ color: '#8b93a3' }}>no range</div>
          )}
        </div>
      </div>
      {valid && !given && (
        <div style={{ marginTop: 4, color: '#8b93a3' }}>
          {formatTick(min, span)} … {formatTick(max, span)}
        </div>
      )}
    </div>
  );
}
