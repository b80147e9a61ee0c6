/**
 * A diffusion run's score error against the forward (noising) time s, on log–log axes:
 * sqrt(E|s_θ − s|² / E|s|²) of the grid and the trained score at the standard times
 * (docs/numerics.md, "Diffusion"). The error grows as s → 0, where the data's score
 * sharpens; the curve shows where a network or a grid stops resolving it.
 */
import { useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import { decades } from './chart-data';
import { axis, CHART_COLORS, shortNumber } from './theme';
import { useUPlot } from './useUPlot';

export interface ScoreErrorRow {
  s: number;
  grid?: number;
  trained?: number;
}

const SERIES = [
  { key: 'trained', label: 'trained', stroke: CHART_COLORS.residualMax },
  { key: 'grid', label: 'grid', stroke: CHART_COLORS.exactError },
] as const;

/** Powers of ten, or the ends and the geometric middle when the range spans less than a decade. */
function logSplits(min: number, max: number): number[] {
  const d = decades(min, max);
  return d.length >= 2 ? d : [min, Math.sqrt(min * max), max];
}

/** A relative error as a percentage with two significant digits at most (0.1 %, 2.5 %, 40 %). */
function percent(v: number): string {
  const p = 100 * v;
  return `${p >= 10 ? Math.round(p) : Number(p.toPrecision(2))} %`;
}

/** The data's range widened by a third of a decade each way (uPlot's own snaps to whole decades). */
function paddedRange(min: number | null, max: number | null): [number, number] {
  if (min === null || max === null || !(min > 0)) return [1e-3, 1];
  return [min / 2, max * 2];
}

export function ScoreErrorChart({ rows }: { rows: readonly ScoreErrorRow[] }) {
  const container = useRef<HTMLDivElement>(null);
  const shown = SERIES.filter((s) => rows.some((r) => r[s.key] !== undefined));
  const key = shown.map((s) => s.key).join(',');
  const data = useMemo(
    (): uPlot.AlignedData => [rows.map((r) => r.s), ...shown.map((s) => rows.map((r) => r[s.key] ?? null))],
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` names the shown series
    [rows, key],
  );
  useUPlot(
    container,
    key,
    () => ({
      series: [
        { label: 's', value: (_u, v) => shortNumber(v) },
        ...shown.map((s): uPlot.Series => ({
          label: s.label,
          stroke: s.stroke,
          width: 1.5,
          scale: 'err',
          points: { show: true, size: 5 },
          value: (_u, v) => (v === null ? '–' : percent(v)),
        })),
      ],
      scales: {
        x: { time: false, distr: 3, log: 10 },
        err: { distr: 3, log: 10, range: (_u, min, max) => paddedRange(min, max) },
      },
      axes: [
        axis({
          label: 'forward time s',
          size: 30,
          splits: (_u, _a, min, max) => logSplits(min, max),
          values: (_u, v) => v.map(shortNumber),
        }),
        axis({
          scale: 'err',
          label: 'relative score error',
          splits: (_u, _a, min, max) => logSplits(min, max),
          // Plain fractions as on the convergence chart (percent tick labels at alternate
          // decades drew as "0 %" in Chromium's canvas at 1280×800).
          values: (_u, v) => v.map(shortNumber),
        }),
      ],
      legend: { live: false },
      cursor: { drag: { x: false, y: false }, points: { size: 5 } },
    }),
    data,
  );
  return (
    <div
      ref={container}
      data-testid="chart-score-error"
      style={{ width: '100%', height: 150, minHeight: 110, overflow: 'hidden' }}
    />
  );
}
