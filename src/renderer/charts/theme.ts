/** Shared dark styling for the uPlot charts, matching styles.css. */
import type uPlot from 'uplot';

export const CHART_COLORS = {
  text: '#8b93a3',
  grid: '#262b35',
  residualMax: '#61afef',
  residualL2: '#56b6c2',
  policyChanges: '#e5c07b',
  exactError: '#e06c75',
  path: 'rgba(152, 195, 121, 0.28)',
  mean: '#98c379',
};

export const FONT = "11px system-ui, 'DejaVu Sans', sans-serif";

export function axis(extra: uPlot.Axis = {}): uPlot.Axis {
  return {
    stroke: CHART_COLORS.text,
    font: FONT,
    labelFont: FONT,
    grid: { stroke: CHART_COLORS.grid, width: 1 },
    ticks: { stroke: CHART_COLORS.grid, width: 1, size: 4 },
    size: 42,
    labelSize: 16,
    gap: 3,
    ...extra,
  };
}

/** Compact number text for axes: 1e-6 rather than 0.000001. */
export function shortNumber(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(0).replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

const CSS = `
.hjb-chart .uplot { font-family: system-ui, 'DejaVu Sans', sans-serif; color: #d8dee9; }
.hjb-chart .u-legend { font-size: 11px; line-height: 1.3; text-align: left; padding: 2px 0 0; }
.hjb-chart .u-legend .u-series { padding: 0 8px 0 0; }
.hjb-chart .u-legend .u-series > * { padding: 1px 0; }
.hjb-chart .u-legend th { font-weight: normal; color: #8b93a3; }
.hjb-chart .u-legend .u-label { margin-left: 3px; }
.hjb-chart .u-legend .u-marker { width: 9px; height: 9px; margin-right: 2px; }
.hjb-chart .u-legend .u-value { color: #d8dee9; font-variant-numeric: tabular-nums; }
.hjb-chart .u-legend .u-off > * { opacity: 0.35; }
`;

/** uPlot's stylesheet is light-themed and roomy: tighten its legend for the panel (once per document). */
export function ensureChartStyles(): void {
  if (typeof document === 'undefined' || document.getElementById('hjb-chart-styles')) return;
  const style = document.createElement('style');
  style.id = 'hjb-chart-styles';
  style.textContent = CSS;
  document.head.appendChild(style);
}
