export {
  convergenceData,
  decades,
  rewardData,
  convergenceSeries,
  type ConvergenceSeries,
  type RewardColumns,
} from './chart-data';
export { ConvergenceChart, type ConvergenceChartProps } from './ConvergenceChart';
export { LearningCurveChart } from './LearningCurveChart';
export { learningCurve, type LearningCurve } from './learning-curve-data';
export { RewardChart, type RewardChartProps } from './RewardChart';
export { accumulatedQuantity } from './labels';
export { ScoreErrorChart, type ScoreErrorRow } from './ScoreErrorChart';
export { SweepChart, sweepColumns } from './SweepChart';
