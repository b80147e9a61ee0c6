/**
 * The Δt sweep as one chart: the learned policy's relative L2 error against the time step,
 * both on log scales, one line per critic (continuous-time V + Δt·A, discrete-time Q).
 */
import { useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import type { SweepRun } from '../../core/solvers/q-learning';
import { axis, CHART_COLORS, shortNumber } from './theme';
import { useUPlot } from './useUPlot';

const CRITICS = [
  { critic: 'continuous', label: 'continuous-time critic', stroke: CHART_COLORS.mean },
  { critic: 'discrete', label: 'discrete-time critic', stroke: CHART_COLORS.exactError },
] as const;

/** Columns for uPlot: Δt ascending, then each critic's error (null where not run yet). */
export function sweepColumns(runs: readonly SweepRun[]): uPlot.AlignedData {
  const dts = [...new Set(runs.map((r) => r.dt))].sort((a, b) => a - b);
  const col = (critic: string) =>
    dts.map((dt) => {
      const r = runs.find((x) => x.dt === dt && x.critic === critic);
      return r && Number.isFinite(r.policyError) ? r.policyError : null;
    });
  return [dts, ...CRITICS.map((c) => col(c.critic))];
}

function options(): Omit<uPlot.Options, 'width' | 'height'> {
  return {
    series: [
      { label: 'Δt', value: (_u, v) => shortNumber(v) },
      ...CRITICS.map((c) => ({
        label: c.label,
        stroke: c.stroke,
        width: 2,
        points: { show: true, size: 6 },
        spanGaps: true,
        value: (_u: uPlot, v: number | null) => shortNumber(v),
      })),
    ],
    scales: { x: { time: false, distr: 3 }, y: { distr: 3 } },
    axes: [
      axis({ label: 'time step Δt', size: 30, values: (_u, vals) => vals.map(shortNumber) }),
      axis({ label: 'policy error (rel. L2)', values: (_u, vals) => vals.map(shortNumber) }),
    ],
    // Two series: their names are the legend; values are in the table beside the chart.
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
  };
}

export function SweepChart({ runs }: { runs: readonly SweepRun[] }) {
  const container = useRef<HTMLDivElement>(null);
  const data = useMemo(() => sweepColumns(runs), [runs]);
  useUPlot(container, 'sweep', options, data);
  return <div ref={container} className="chart" data-testid="sweep-chart" style={{ height: 220 }} />;
}
