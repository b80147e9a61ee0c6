/**
 * The result of a diffusion run, its fields at any (x, t) and what the view draws (its
 * project-file form is stored.ts).
 */
import type { GridGeometry } from '../../grid/tensor';
import { gridCoordinates, gridSize } from '../../grid/tensor';
import type { DiffusionProblem } from '../../problem/types';
import type { BatchField, DisplayFields, SolverResult } from '../solver';
import type { ControlGap } from './control-gap';
import type { PointSet } from './data';
import { exactReference } from './exact';
import type { FokkerPlanckSolution } from './fokker-planck';
import { forwardProcess } from './forward';
import { gridFields } from './grid-field';
import type { LabFrames } from './lab-frames';
import type { SamplerMethod } from './sampler';
import type { ScoreNet } from './score-net';
import { scoreNetControl } from './score-net';

export type ScoreKind = 'exact' | 'grid' | 'trained';

export interface TrainedNet {
  net: ScoreNet;
  steps: number;
  seconds: number;
}

export interface SamplerReport {
  score: ScoreKind;
  method: SamplerMethod;
  seconds: number;
  sw2?: number;
  mmd?: number;
}

export interface DiffusionResult extends SolverResult {
  grid?: FokkerPlanckSolution;
  trained?: TrainedNet;
  /** Relative L2 score errors per forward time s. */
  scoreErrors: { s: number; grid?: number; trained?: number }[];
  dataFloor?: { sw2: number; mmd: number };
  samplers: SamplerReport[];
  /** Final particles per `${score}-${method}`. */
  samples: Record<string, PointSet>;
  controlGap: Partial<Record<ScoreKind, ControlGap>>;
  /** The forward time where sampling (and the display's last time) stops. */
  sEnd: number;
  horizon: number;
  /** What the lab animates (d ≤ 2); absent in files written before it existed. */
  lab?: LabFrames;
}

export interface Fields {
  value: BatchField;
  control: BatchField;
}

/** V and u of each solution the run has (the trained ε-network gives the control only). */
export function fieldsOf(
  problem: DiffusionProblem,
  r: Pick<DiffusionResult, 'grid' | 'trained'>,
): { exact?: Fields; grid?: Fields; trained?: { control: BatchField } } {
  const forward = forwardProcess(problem);
  const exact = exactReference(problem, forward);
  const out: { exact?: Fields; grid?: Fields; trained?: { control: BatchField } } = {};
  if (exact) out.exact = { value: exact.value, control: exact.control };
  if (r.grid) {
    const g = gridFields(r.grid, forward);
    out.grid = { value: g.value, control: g.control };
  }
  if (r.trained && forward.linear)
    out.trained = { control: scoreNetControl(r.trained.net, forward.linear, forward.sigma) };
  return out;
}

/** The run's control: trained, else grid, else exact. */
export function runControl(
  problem: DiffusionProblem,
  r: Pick<DiffusionResult, 'grid' | 'trained'>,
): BatchField {
  const f = fieldsOf(problem, r);
  const c = f.trained?.control ?? f.grid?.control ?? f.exact?.control;
  return c ?? nanField;
}

/** The run's value: grid, else exact (NaN when the run has neither). */
export function runValue(
  problem: DiffusionProblem,
  r: Pick<DiffusionResult, 'grid' | 'trained'>,
): BatchField {
  const f = fieldsOf(problem, r);
  return f.grid?.value ?? f.exact?.value ?? nanField;
}

const nanField: BatchField = (_xs, _t, out, n) => {
  for (const o of out) o.fill(NaN, 0, n);
};

const DISPLAY_TIMES = 21;

function displayGrid(
  problem: DiffusionProblem,
  mean: number[],
): { grid: GridGeometry; slice?: DisplayFields['slice'] } {
  const d = problem.dim;
  const shown = Math.min(d, d > 3 ? 2 : d);
  const nodes = d === 1 ? 201 : d === 2 ? 61 : d === 3 ? 25 : 61;
  const axes = Array.from({ length: shown }, (_, k) =>
    Float64Array.from(
      { length: nodes },
      (_, i) => problem.bounds.min[k] + ((problem.bounds.max[k] - problem.bounds.min[k]) * i) / (nodes - 1),
    ),
  );
  const grid: GridGeometry = {
    shape: axes.map((a) => a.length),
    axes,
    bounds: axes.map((_, k): [number, number] => [problem.bounds.min[k], problem.bounds.max[k]]),
    periodic: axes.map(() => false),
  };
  return d > 3 ? { grid, slice: { axes: [0, 1], at: mean } } : { grid };
}

/** V and u of the run at DISPLAY_TIMES control times in [0, T − sEnd] on the display grid. */
export function buildDisplay(
  problem: DiffusionProblem,
  r: Pick<DiffusionResult, 'grid' | 'trained'>,
  sEnd: number,
): DisplayFields {
  const d = problem.dim;
  const mean = problem.bounds.min.map((m, k) => 0.5 * (m + problem.bounds.max[k]));
  const { grid, slice } = displayGrid(problem, mean);
  const N = gridSize(grid.shape);
  const shownCoords = gridCoordinates(grid);
  const xs = Array.from({ length: d }, (_, k) =>
    k < shownCoords.length ? shownCoords[k] : new Float64Array(N).fill(mean[k]),
  );
  const T = problem.horizon;
  const times = Float64Array.from(
    { length: DISPLAY_TIMES },
    (_, k) => ((T - sEnd) * k) / (DISPLAY_TIMES - 1),
  );
  const value = runValue(problem, r);
  const control = runControl(problem, r);
  const values = new Float64Array(DISPLAY_TIMES * N);
  const policies = Array.from({ length: d }, () => new Float64Array(DISPLAY_TIMES * N));
  const v = [new Float64Array(N)];
  const u = Array.from({ length: d }, () => new Float64Array(N));
  for (let k = 0; k < DISPLAY_TIMES; k++) {
    value(xs, times[k], v, N);
    control(xs, times[k], u, N);
    values.set(v[0], k * N);
    for (let i = 0; i < d; i++) policies[i].set(u[i], k * N);
  }
  const out: DisplayFields = {
    grid,
    value: values.slice(0, N),
    policy: policies.map((p) => p.slice(0, N)),
    times,
    values,
    policies,
  };
  if (slice) out.slice = slice;
  const f = fieldsOf(problem, r);
  if (f.exact) {
    const ev = [new Float64Array(N)];
    const eu = Array.from({ length: d }, () => new Float64Array(N));
    f.exact.value(xs, 0, ev, N);
    f.exact.control(xs, 0, eu, N);
    out.exact = { value: ev[0], policy: eu };
  }
  return out;
}
