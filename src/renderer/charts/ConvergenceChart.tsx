/**
 * Live convergence of a solve: the solver's named metrics — residuals, losses and errors on
 * a log axis, counts (such as policy changes) on a second linear axis. Progress messages
 * update it through setData.
 */
import { useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import type { MetricSpec, RunHistory } from '../../core/solvers/solver';
import { convergenceData, convergenceSeries, decades, type ConvergenceSeries } from './chart-data';
import { axis, CHART_COLORS, shortNumber } from './theme';
import { useUPlot } from './useUPlot';

export interface ConvergenceChartProps {
  history: RunHistory;
  /** The solver's metric descriptions (labels, which axis). */
  metrics: readonly MetricSpec[];
  className?: string;
  style?: React.CSSProperties;
}

const PALETTE = [
  CHART_COLORS.residualMax,
  CHART_COLORS.residualL2,
  CHART_COLORS.exactError,
  '#c678dd',
  '#d19a66',
];

/**
 * An axis title from its series' names, when they fit beside the chart's 100 px height (about
 * 18 characters; neural PI's five names were cut to "yObjective / residual / v"); otherwise
 * `many`, since the key under the chart names each line anyway.
 */
function axisLabel(names: readonly string[], many: string): string {
  const joined = names.filter((w, i, all) => all.indexOf(w) === i).join(' / ');
  return joined.length <= 18 ? joined : many;
}

function options(series: readonly ConvergenceSeries[]): Omit<uPlot.Options, 'width' | 'height'> {
  const log = series.filter((s) => s.scale === 'log');
  const linear = series.filter((s) => s.scale === 'linear');
  const plotted: uPlot.Series[] = [
    { label: 'iteration', value: (_u, v) => (v === null ? '–' : String(v)) },
    ...series.map((s): uPlot.Series => {
      const k = log.indexOf(s);
      return s.scale === 'log'
        ? {
            label: s.label,
            stroke: PALETTE[k % PALETTE.length],
            width: k === 0 ? 1.75 : 1.25,
            ...(k === 1 ? { dash: [4, 3], points: { show: false } } : {}),
            scale: 'log',
            value: (_u, v) => shortNumber(v),
          }
        : {
            label: s.label,
            stroke: CHART_COLORS.policyChanges,
            width: 1.25,
            scale: 'lin',
            points: { show: false },
            value: (_u, v) => (v === null ? '–' : String(v)),
          };
    }),
  ];
  return {
    series: plotted,
    scales: {
      x: { time: false },
      log: { distr: 3, log: 10 },
      // Counts start at 0: keep 0 on the axis and avoid a degenerate range.
      lin: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.05] },
    },
    axes: [
      axis({ label: 'iteration', size: 30 }),
      axis({
        scale: 'log',
        // Grid lines and labels at powers of ten only (uPlot's log axis also splits at 2…9 × 10^k).
        splits: (_u, _axis, min, max) => decades(min, max),
        label: axisLabel(
          log.map((s) => s.label.split(' ')[0]),
          'log scale',
        ),
        values: (_u, vals) => vals.map(shortNumber),
      }),
      ...(linear.length > 0
        ? [
            axis({
              scale: 'lin',
              side: 1,
              label: axisLabel(
                linear.map((s) => s.label),
                'see the key',
              ),
              grid: { show: false },
              values: (_u, vals) => vals.map(shortNumber),
            }),
          ]
        : []),
    ],
    // A static legend: live values would change its height while the container's stays fixed.
    legend: { live: false },
    cursor: { drag: { x: false, y: false }, points: { size: 5 } },
  };
}

export function ConvergenceChart({ history, metrics, className, style }: ConvergenceChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const series = useMemo(() => convergenceSeries(history, metrics), [history, metrics]);
  // Labels are in the key: comparing with another run renames its lines ("V vs run #3").
  const key = series.map((s) => `${s.name}:${s.scale}:${s.label}`).join(',');
  // Progress may append to the same arrays: depend on their length too.
  const n = history.iteration.length;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `n` tracks in-place appends
  const data = useMemo(() => convergenceData(history, series), [history, series, n]);
  useUPlot(container, key, () => options(series), data);
  return (
    <div
      ref={container}
      data-testid="chart-convergence"
      className={className}
      style={{ width: '100%', height: 180, minHeight: 120, overflow: 'hidden', ...style }}
    />
  );
}
