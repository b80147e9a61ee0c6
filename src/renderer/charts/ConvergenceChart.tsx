/**
 * Live convergence of a solve: HJB residual (max and L2) on a log axis, the number of nodes
 * whose policy changed on a second linear axis, and the error against the exact solution when
 * the problem has one. Progress messages update it through setData.
 */
import { useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import { convergenceData, decades, type ConvergenceHistory } from './chart-data';
import { axis, CHART_COLORS, shortNumber } from './theme';
import { useUPlot } from './useUPlot';

export interface ConvergenceChartProps {
  history: ConvergenceHistory;
  className?: string;
  style?: React.CSSProperties;
}

function options(withExact: boolean): Omit<uPlot.Options, 'width' | 'height'> {
  const series: uPlot.Series[] = [
    { label: 'iteration', value: (_u, v) => (v === null ? '–' : String(v)) },
    {
      label: 'residual max',
      stroke: CHART_COLORS.residualMax,
      width: 1.75,
      scale: 'res',
      value: (_u, v) => shortNumber(v),
    },
    {
      label: 'residual L2',
      stroke: CHART_COLORS.residualL2,
      width: 1.25,
      dash: [4, 3],
      scale: 'res',
      points: { show: false },
      value: (_u, v) => shortNumber(v),
    },
    {
      label: 'policy changes',
      stroke: CHART_COLORS.policyChanges,
      width: 1.25,
      scale: 'pc',
      points: { show: false },
      value: (_u, v) => (v === null ? '–' : String(v)),
    },
  ];
  if (withExact) {
    series.push({
      label: 'error vs exact',
      stroke: CHART_COLORS.exactError,
      width: 1.75,
      scale: 'res',
      value: (_u, v) => shortNumber(v),
    });
  }
  return {
    series,
    scales: {
      x: { time: false },
      res: { distr: 3, log: 10 },
      // Policy changes start at 0: keep 0 on the axis and avoid a degenerate range.
      pc: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.05] },
    },
    axes: [
      axis({ label: 'iteration', size: 30 }),
      axis({
        scale: 'res',
        // Grid lines and labels at powers of ten only (uPlot's log axis also splits at 2…9 × 10^k).
        splits: (_u, _axis, min, max) => decades(min, max),
        label: withExact ? 'residual / error' : 'residual',
        values: (_u, vals) => vals.map(shortNumber),
      }),
      axis({
        scale: 'pc',
        side: 1,
        label: 'policy changes',
        grid: { show: false },
        values: (_u, vals) => vals.map(shortNumber),
      }),
    ],
    // A static legend: live values would change its height while the container's stays fixed.
    legend: { live: false },
    cursor: { drag: { x: false, y: false }, points: { size: 5 } },
  };
}

export function ConvergenceChart({ history, className, style }: ConvergenceChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const withExact = history.exactError !== undefined;
  // Progress may append to the same arrays: depend on their length too.
  const n = history.iteration.length;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `n` tracks in-place appends
  const data = useMemo(() => convergenceData(history), [history, n]);
  useUPlot(container, withExact ? 'exact' : 'plain', () => options(withExact), data);
  return (
    <div
      ref={container}
      data-testid="chart-convergence"
      className={className}
      style={{ width: '100%', height: 180, minHeight: 120, overflow: 'hidden', ...style }}
    />
  );
}
