/**
 * Pure conversions from solver and simulation results to uPlot's column data, kept apart from
 * the React wrappers so that they can be tested in Node.
 */
import type { AlignedData } from 'uplot';
import type { MetricSpec, RunHistory } from '../../core/solvers/solver';

/** A value for a log axis: non-positive or non-finite values have no place on it (a gap). */
const logValue = (v: number | undefined): number | null =>
  v !== undefined && v > 0 && Number.isFinite(v) ? v : null;

/** One plotted series: a named metric of the history and how it is drawn. */
export interface ConvergenceSeries extends MetricSpec {
  /** Index of the column in the chart data (column 0 is the iteration). */
  column: number;
}

/**
 * The series to draw: the solver's metrics in its order, those the history lacks left out,
 * then any metric the solver did not describe (by name, on the log axis).
 */
export function convergenceSeries(h: RunHistory, specs: readonly MetricSpec[]): ConvergenceSeries[] {
  const present = (name: string) => h.metrics[name] !== undefined;
  const known = specs.filter((m) => present(m.name));
  const extra = Object.keys(h.metrics)
    .filter((name) => !specs.some((m) => m.name === name))
    .map((name): MetricSpec => ({ name, label: name, scale: 'log' }));
  return [...known, ...extra].map((m, i) => ({ ...m, column: i + 1 }));
}

/**
 * Columns: iteration, then one per series. On the log axis a non-positive or non-finite
 * value (a residual of exactly 0, a metric not reported at that row) is a gap; on the
 * linear axis only non-finite values are.
 */
export function convergenceData(h: RunHistory, series: readonly ConvergenceSeries[]): AlignedData {
  const n = h.iteration.length;
  const cols: Array<Array<number | null>> = [h.iteration.slice(0, n)];
  for (const s of series) {
    const v = h.metrics[s.name] ?? [];
    const col = new Array<number | null>(n);
    for (let i = 0; i < n; i++)
      col[i] = s.scale === 'log' ? logValue(v[i]) : Number.isFinite(v[i]) ? v[i] : null;
    cols.push(col);
  }
  return cols as AlignedData;
}

export interface RewardColumns {
  data: AlignedData;
  /** Indices of the paths drawn (at most `maxPaths`, evenly spread over all of them). */
  shown: number[];
  /** The mean over all paths (not only the drawn ones), the last column of `data`. */
  mean: Float64Array;
}

/** Columns: time, one per drawn path, then the mean over every path. */
export function rewardData(
  times: Float64Array,
  reward: Float64Array,
  paths: number,
  steps: number,
  maxPaths = 50,
): RewardColumns {
  if (reward.length < paths * steps)
    throw new Error(`reward has ${reward.length} values, expected ${paths * steps}`);
  const k = Math.min(paths, Math.max(1, maxPaths));
  const shown: number[] = [];
  for (let i = 0; i < k; i++) shown.push(k === paths ? i : Math.floor((i * paths) / k));
  const cols: Array<Float64Array | number[]> = [Array.from(times.subarray(0, steps))];
  for (const p of shown) cols.push(reward.subarray(p * steps, (p + 1) * steps));
  const mean = new Float64Array(steps);
  for (let p = 0; p < paths; p++) for (let s = 0; s < steps; s++) mean[s] += reward[p * steps + s];
  for (let s = 0; s < steps; s++) mean[s] /= paths;
  cols.push(mean);
  return { data: cols as AlignedData, shown: paths === 0 ? [] : shown, mean };
}

/** Powers of ten inside [min, max], for a log axis' grid and labels. */
export function decades(min: number, max: number): number[] {
  if (!(min > 0) || !(max >= min)) return [];
  const out: number[] = [];
  const lo = Math.ceil(Math.log10(min) - 1e-9);
  const hi = Math.floor(Math.log10(max) + 1e-9);
  // Many decades: label every second or third so that the labels do not collide.
  const step = Math.max(1, Math.ceil((hi - lo + 1) / 6));
  for (let k = lo; k <= hi; k += step) {
    const v = Number(`1e${k}`);
    if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) out.push(v);
  }
  return out;
}
