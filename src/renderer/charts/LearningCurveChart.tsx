/**
 * Learning curve of a Q-learning run, drawn from its history: the mean discounted return of
 * the episodes of each block (left, linear) and the mean TD loss of its gradient steps
 * (right, log), against the episode count.
 */
import { useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import type { RunHistory } from '../../core/solvers/solver';
import { decades } from './chart-data';
import { learningCurve } from './learning-curve-data';
import { axis, CHART_COLORS, shortNumber } from './theme';
import { useUPlot } from './useUPlot';

function options(): Omit<uPlot.Options, 'width' | 'height'> {
  return {
    series: [
      { label: 'episode', value: (_u, v) => (v === null ? '–' : String(v)) },
      {
        label: 'episode return',
        stroke: CHART_COLORS.mean,
        width: 1.75,
        scale: 'ret',
        value: (_u, v) => shortNumber(v),
      },
      {
        label: 'TD loss',
        stroke: CHART_COLORS.residualMax,
        width: 1.25,
        dash: [4, 3],
        scale: 'loss',
        value: (_u, v) => shortNumber(v),
      },
    ],
    scales: { x: { time: false }, ret: {}, loss: { distr: 3, log: 10 } },
    axes: [
      axis({ label: 'episode', size: 30 }),
      axis({ scale: 'ret', label: 'episode return', values: (_u, vals) => vals.map(shortNumber) }),
      axis({
        scale: 'loss',
        side: 1,
        label: 'TD loss',
        grid: { show: false },
        splits: (_u, _a, min, max) => decades(min, max),
        values: (_u, vals) => vals.map(shortNumber),
      }),
    ],
    // A static legend: live values would change its height while the container's stays fixed.
    legend: { live: false },
    cursor: { drag: { x: false, y: false }, points: { size: 5 } },
  };
}

export function LearningCurveChart({ history }: { history: RunHistory }) {
  const container = useRef<HTMLDivElement>(null);
  // Progress appends to the same arrays: depend on their length too.
  const n = history.iteration.length;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `n` tracks in-place appends
  const curve = useMemo(() => learningCurve(history), [history, n]);
  useUPlot(container, 'learning-curve', options, curve?.data ?? [[], [], []]);
  return (
    <div
      ref={container}
      data-testid="chart-learning-curve"
      title="Mean discounted return per episode and TD loss, per block of episodes"
      style={{ width: '100%', height: 180, minHeight: 120, overflow: 'hidden' }}
    />
  );
}
