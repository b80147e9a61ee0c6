/**
 * A diffusion run: the exact reference (mixture data, linear forward SDE), the grid
 * solution (1-D, 2-D), the trained network, then the samplers (reverse SDE and probability
 * flow with every control there is) and the metrics against held-out data with the
 * data-vs-data floor, the score errors at the standard forward times, and the control gap.
 */
import type { DiffusionProblem } from '../../problem/types';
import { Random } from '../../sim/random';
import type { BatchField, RunHistory, SolverHooks } from '../solver';
import type { ControlGap } from './control-gap';
import { controlGap } from './control-gap';
import type { DataSource, PointSet } from './data';
import { dataLogDensity, dataSource, samplePrior } from './data';
import { exactReference, exactUnavailable } from './exact';
import { isCancelled, solveFokkerPlanck } from './fokker-planck';
import type { LabFrames } from './lab-frames';
import { fieldFrames, ParticleRecorder } from './lab-frames';
import type { FokkerPlanckSolution } from './fokker-planck';
import { forwardProcess } from './forward';
import { mmd2, scoreError, slicedW2 } from './metrics';
import type { DiffusionResult, ScoreKind, TrainedNet } from './result';
import { buildDisplay, fieldsOf } from './result';
import { sampleReverse } from './sampler';
import type { SamplerMethod } from './sampler';
import { scoreNetControl } from './score-net';
import { readSettings } from './settings';
import { ScoreTrainer } from './train';

export const SCORE_TIMES = [0.01, 0.05, 0.1, 0.25, 0.5, 1] as const;
/** Samples per time for the score errors (the peer uses 20 000 as well). */
const SCORE_SAMPLES = 20000;

export async function solveDiffusion(
  problem: DiffusionProblem,
  values: Record<string, number | string | boolean | number[]>,
  hooks: SolverHooks = {},
): Promise<DiffusionResult> {
  const settings = readSettings(problem, values);
  const start = performance.now();
  const elapsed = () => (performance.now() - start) / 1000;
  const forward = forwardProcess(problem);
  const T = problem.horizon;
  const exact = exactReference(problem, forward);
  const warnings: string[] = [];
  const noExact = exactUnavailable(problem, forward);
  if (noExact) warnings.push(`no exact reference: ${noExact}`);
  const history: RunHistory = { iteration: [], seconds: [], metrics: {} };
  // History rows are training steps (every series has one value per row); the grid and
  // sampling phases only report progress.
  const record = (
    iteration: number,
    metrics: Record<string, number>,
    phase: string,
    keep: boolean,
    fraction?: number,
  ) => {
    if (keep) {
      history.iteration.push(iteration);
      history.seconds.push(elapsed());
      for (const [k, v] of Object.entries(metrics)) (history.metrics[k] ??= []).push(v);
    }
    hooks.onProgress?.({
      iteration,
      elapsed: elapsed(),
      metrics,
      phase,
      ...(fraction !== undefined ? { fraction } : {}),
    });
  };
  let cancelled = false;
  const source: DataSource | null = problem.data.type === 'logDensity' ? null : dataSource(problem);

  // Grid solution.
  let grid: FokkerPlanckSolution | undefined;
  if (settings.grid) {
    grid = solveFokkerPlanck(forward, problem.bounds, dataLogDensity(problem, source), {
      cells: new Array<number>(problem.dim).fill(settings.cells),
      frames: settings.frames,
      signal: hooks.signal,
      // No metrics: the chart's series are the training's (a grid row would add series of its own).
      onFrame: (_k, s, steps) => record(0, {}, `grid: s = ${s.toFixed(3)} (${steps} steps)`, false),
    });
    if (problem.data.type === 'points' || problem.data.type === 'toy')
      warnings.push('the grid solution starts from a kernel density estimate of the data points');
    cancelled = grid.cancelled;
  }

  // Training.
  let trained: TrainedNet | undefined;
  let iteration = 0;
  if (settings.train && source && !cancelled) {
    const trainer = new ScoreTrainer(source, forward, {
      hidden: settings.hidden,
      frequencies: 4,
      fourier: settings.fourier,
      fourierScale: 2,
      steps: settings.trainSteps,
      batch: settings.batch,
      reference: settings.reference,
      lrMax: settings.lr,
      lrMin: settings.lr * 0.01,
      emaDecay: settings.ema,
      sMin: settings.sEnd,
      seed: settings.seed,
    });
    const t0 = performance.now();
    const every = Math.max(1, Math.floor(settings.trainSteps / 50));
    let lossSum = 0;
    for (let k = 0; k < settings.trainSteps; k++) {
      lossSum += trainer.step();
      iteration = k + 1;
      if (iteration % every === 0 || iteration === settings.trainSteps) {
        const metrics: Record<string, number> = { loss: lossSum / every };
        lossSum = 0;
        if (exact) {
          // A cheap live estimate (1000 points per time); the final errors use 20 000.
          const ctl = scoreNetControl(trainer.ema, forward.linear!, forward.sigma);
          for (const e of scoreError(exact, ctl, [0.1, 0.5], 1000, settings.seed + 17))
            metrics[`scoreError@${e.s}`] = e.error;
        }
        record(
          iteration,
          metrics,
          `training: step ${iteration} of ${settings.trainSteps}`,
          true,
          iteration / settings.trainSteps,
        );
        await hooks.checkpoint?.();
        if (isCancelled(hooks.signal)) {
          cancelled = true;
          break;
        }
      }
    }
    trained = { net: trainer.ema, steps: trainer.steps, seconds: (performance.now() - t0) / 1000 };
  }

  const partial: Pick<
    DiffusionResult,
    'solver' | 'iterations' | 'grid' | 'trained' | 'scoreErrors' | 'samplers'
  > = {
    solver: 'diffusion',
    iterations: iteration,
    grid,
    trained,
    scoreErrors: [],
    samplers: [],
  };
  const fields = fieldsOf(problem, partial);
  if (!fields.grid && !fields.exact)
    warnings.push('no value function: the trained ε-network gives the control only (V is shown as NaN)');
  const controls: [ScoreKind, BatchField][] = [];
  if (fields.exact) controls.push(['exact', fields.exact.control]);
  if (fields.grid) controls.push(['grid', fields.grid.control]);
  if (fields.trained) controls.push(['trained', fields.trained.control]);

  // Score errors.
  if (exact && !cancelled)
    for (const [kind, ctl] of controls) {
      if (kind === 'exact') continue;
      for (const e of scoreError(exact, ctl, SCORE_TIMES, SCORE_SAMPLES, settings.seed + 7)) {
        let row = partial.scoreErrors.find((r) => r.s === e.s);
        if (!row) partial.scoreErrors.push((row = { s: e.s }));
        row[kind] = e.error;
      }
    }

  // Samplers and metrics against held-out data, with the floor.
  const n = settings.samples;
  let floor: { sw2: number; mmd: number } | undefined;
  let samples: Record<string, PointSet> = {};
  const reference = source?.heldOut(n, settings.seed + 1001) ?? null;
  if (source && reference && !cancelled) {
    const other = source.heldOut(n, settings.seed + 2002);
    if (other) floor = { sw2: slicedW2(other, reference), mmd: mmd2(other, reference) };
    else warnings.push('too few points for a data-vs-data floor');
  } else if (source && !reference) warnings.push(`too few held-out points for metrics at ${n} samples`);
  const particles: LabFrames['particles'] = {};
  if (source && !cancelled) {
    const methods: SamplerMethod[] = ['sde', 'ode'];
    for (const [kind, ctl] of controls)
      for (const method of methods) {
        const rng = new Random(settings.seed * 7919 + 31 * methods.indexOf(method) + 3);
        const xs = Array.from({ length: problem.dim }, () => new Float64Array(n));
        samplePrior(forward, source, rng, xs, n, exact ? (r, x, m) => exact.sample(T, r, x, m) : null);
        // The lab animates each reverse SDE (the ODE's particles end in the same law).
        const recorder =
          method === 'sde' && problem.dim <= 2
            ? new ParticleRecorder(problem.dim, n, settings.samplerSteps, T - settings.sEnd * T)
            : null;
        recorder?.start(xs);
        const t0 = performance.now();
        sampleReverse(forward, ctl, xs, n, {
          method,
          steps: settings.samplerSteps,
          sEnd: settings.sEnd * T,
          rng,
          onStep: recorder?.onStep,
        });
        if (recorder) particles[kind] = recorder.frames;
        const seconds = (performance.now() - t0) / 1000;
        const set = { dim: problem.dim, n, xs };
        samples[`${kind}-${method}`] = set;
        partial.samplers.push({
          score: kind,
          method,
          seconds,
          ...(reference ? { sw2: slicedW2(set, reference), mmd: mmd2(set, reference) } : {}),
        });
        record(iteration, {}, `sampling: ${kind} ${method}`, false);
        await hooks.checkpoint?.();
        if (isCancelled(hooks.signal)) cancelled = true;
        if (cancelled) break;
      }
  }
  if (cancelled) samples = {};

  // The verification identity for every non-exact control.
  const gaps: Partial<Record<ScoreKind, ControlGap>> = {};
  if (exact && settings.gapPaths > 0 && !cancelled)
    for (const [kind, ctl] of controls)
      if (kind !== 'exact')
        gaps[kind] = controlGap(
          exact,
          ctl,
          settings.gapPaths,
          settings.samplerSteps,
          settings.seed + 99,
          settings.sEnd * T,
        );

  const display = buildDisplay(problem, partial, settings.sEnd * T);
  const result: DiffusionResult = {
    ...partial,
    status: cancelled ? 'cancelled' : 'done',
    warnings,
    seconds: elapsed(),
    history,
    dataFloor: floor,
    samples,
    controlGap: gaps,
    sEnd: settings.sEnd * T,
    horizon: T,
    display,
    summary: {},
  };
  if (problem.dim <= 2 && !cancelled)
    result.lab = { fields: fieldFrames(problem, display, fields), particles };
  result.summary = summarize(result);
  return result;
}

function summarize(r: DiffusionResult): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  if (r.trained) {
    out.trainSteps = r.trained.steps;
    out.trainSeconds = r.trained.seconds;
  }
  for (const row of r.scoreErrors)
    for (const k of ['grid', 'trained'] as const)
      if (row[k] !== undefined) out[`scoreError.${k}@${row.s}`] = row[k];
  if (r.dataFloor) {
    out['floor.sw2'] = r.dataFloor.sw2;
    out['floor.mmd'] = r.dataFloor.mmd;
  }
  for (const s of r.samplers) {
    if (s.sw2 !== undefined) out[`sw2.${s.score}.${s.method}`] = s.sw2;
    if (s.mmd !== undefined) out[`mmd.${s.score}.${s.method}`] = s.mmd;
  }
  for (const [k, g] of Object.entries(r.controlGap)) {
    out[`controlGap.${k}.cost`] = g.cost;
    out[`controlGap.${k}.gap`] = g.gap;
  }
  return out;
}
