/**
 * Cumulative (discounted) reward or cost along simulated paths: a thin line per path (at most 50
 * drawn, evenly chosen) and their mean over all paths, thick.
 */
import { useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import { rewardData } from './chart-data';
import { axis, CHART_COLORS, shortNumber } from './theme';
import { useUPlot } from './useUPlot';

export interface RewardChartProps {
  times: Float64Array;
  /** paths × steps, row-major. */
  reward: Float64Array;
  paths: number;
  steps: number;
  /** The y-axis label: what is accumulated (see accumulatedQuantity). */
  quantity?: string;
  className?: string;
  style?: React.CSSProperties;
}

const MAX_PATHS = 50;

function options(drawn: number, quantity: string): Omit<uPlot.Options, 'width' | 'height'> {
  const series: uPlot.Series[] = [{ label: 't' }];
  for (let i = 0; i < drawn; i++) {
    series.push({ label: `path ${i + 1}`, stroke: CHART_COLORS.path, width: 1, points: { show: false } });
  }
  series.push({
    label: 'mean',
    stroke: CHART_COLORS.mean,
    width: 3,
    points: { show: false },
    value: (_u, v) => shortNumber(v),
  });
  return {
    series,
    scales: { x: { time: false } },
    axes: [
      axis({ label: 't', size: 30 }),
      axis({ label: quantity, values: (_u, vals) => vals.map(shortNumber) }),
    ],
    // A legend row per path is noise: the chart is titled by its container; hovering shows nothing per path.
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { show: false } },
  };
}

export function RewardChart({
  times,
  reward,
  paths,
  steps,
  quantity = 'discounted reward',
  className,
  style,
}: RewardChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const columns = useMemo(
    () => rewardData(times, reward, paths, steps, MAX_PATHS),
    [times, reward, paths, steps],
  );
  const drawn = columns.shown.length;
  useUPlot(container, `paths-${drawn}-${quantity}`, () => options(drawn, quantity), columns.data);
  return (
    <div
      ref={container}
      data-testid="chart-reward"
      className={className}
      style={{ width: '100%', height: 160, minHeight: 100, overflow: 'hidden', ...style }}
    />
  );
}
