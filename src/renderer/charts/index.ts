export {
  convergenceData,
  decades,
  rewardData,
  convergenceSeries,
  type ConvergenceSeries,
  type RewardColumns,
} from './chart-data';
export { ConvergenceChart, type ConvergenceChartProps } from './ConvergenceChart';
export { RewardChart, type RewardChartProps } from './RewardChart';
export { accumulatedQuantity } from './labels';
export { ScoreErrorChart, type ScoreErrorRow } from './ScoreErrorChart';
export { SweepChart, sweepColumns } from './SweepChart';
