/** What the diffusion view shows, in one small box over the canvas (rows only for what is drawn). */
export interface DiffusionLegendProps {
  rows: readonly (readonly [string, string])[];
}

const row: React.CSSProperties = { display: 'flex', gap: 6, alignItems: 'baseline' };
const key: React.CSSProperties = { color: '#8b93a3', minWidth: 58, flex: 'none' };

export function DiffusionLegend({ rows }: DiffusionLegendProps) {
  return (
    <div
      data-testid="legend"
      style={{
        position: 'absolute',
        bottom: 8,
        left: 8,
        maxWidth: 'calc(100% - 16px)',
        padding: '4px 8px',
        background: 'rgba(15, 17, 21, 0.72)',
        border: '1px solid #262b35',
        borderRadius: 4,
        color: '#d8dee9',
        font: "11px system-ui, 'DejaVu Sans', sans-serif",
        lineHeight: 1.45,
        pointerEvents: 'none',
        userSelect: 'none',
      }}
    >
      {rows.map(([k, v]) => (
        <div key={k} style={row}>
          <span style={key}>{k}</span>
          <span>{v}</span>
        </div>
      ))}
    </div>
  );
}
