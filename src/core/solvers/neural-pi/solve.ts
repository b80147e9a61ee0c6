/**
 * Neural policy iteration (docs/numerics.md, "Neural policy iteration"): per outer
 * iteration, evaluate the actor by Monte-Carlo rollouts from stratified start states
 * (rollout.ts, through an executor), regress the critic on the estimates, ascend
 * E_x[Q(x, α(x))] with the critic's exact ∇V, ∇²V (improve.ts), and report the value-fit
 * loss, the policy objective, the policy-HJB residual and, when the problem has one, the
 * errors against its exact solution. Pausing and stepping go through hooks.checkpoint,
 * cancelling through hooks.signal, both between phases.
 */
import { Adam, fitMse, mseOf } from '../../nn';
import type { CompiledProblem } from '../../problem/types';
import { Random } from '../../sim/random';
import { relativeFromSums, relativeL2 } from '../relative-error';
import type { CancelSignal, RunHistory, RunStatus, SolverHooks, SolverResult } from '../solver';
import { displayFields } from './display';
import { chooseHead } from './head-choice';
import {
  closedLoopRate,
  exactFields,
  evaluateModel,
  movement,
  relativeResidual,
  type ModelFields,
} from './evaluate';
import { inProcessExecutor, type RolloutExecutor } from './executor';
import { criticField, improvePolicy, meanHamiltonian } from './improve';
import { initialModel, quadraticCritic } from './initial-model';
import { fitActorToLinear, linearStart } from './linear-start';
import { fitQuadraticHead, holdOutFifth, windowWeights } from './quadratic-head';
import { levelLogHead, valueToTarget, type NeuralPiModel, type ValueSample } from './model';
import { bootstrapEstimates } from './rollout';
import {
  centreWeightedStates,
  drawTowardsCentre,
  stratifiedStarts,
  testStates,
  uniformStates,
} from './sampling';
import type { NeuralPiConfig } from './settings';
import { SALT, seedFor } from './streams';

export interface NeuralPiResult extends SolverResult {
  model: NeuralPiModel;
}

export interface NeuralPiOptions {
  /** Where rollouts run; in this thread by default. */
  executor?: RolloutExecutor;
}

/**
 * Iterations in a row that must stay below the tolerance before the run stops: one quiet
 * iteration can be Monte-Carlo luck.
 */
const STILL_ITERATIONS = 2;

/**
 * The policy's relative change below which its returns are trusted to re-level a 'log'
 * critic: before that, the mean of y/V over the starts is ruled by a few paths of a policy
 * whose value is far off (Merton γ = 5, seed 1: re-levelling from the start sent V e¹⁰⁰ off).
 */
const SETTLED = 0.01;

/** At most this many settled iterations' estimates set the level. */
const LEVEL_WINDOW = 4;

function variance(y: Float64Array): number {
  let mean = 0;
  for (const v of y) mean += v / y.length;
  let s = 0;
  for (const v of y) s += (v - mean) ** 2 / y.length;
  return s > 0 ? s : 1;
}

function isCancelled(signal: CancelSignal | AbortSignal | undefined): boolean {
  if (!signal) return false;
  return 'aborted' in signal ? signal.aborted : signal.cancelled;
}

/** Δt = 0.015/λ for the closed loop's rate λ, between T/100 and T/4000 (see settings.ts). */
function autoStep(problem: CompiledProblem, model: NeuralPiModel, cfg: NeuralPiConfig, it: number): number {
  const xs = uniformStates(problem, 512, new Random(seedFor(cfg.seed, it, SALT.rate)));
  const rate = closedLoopRate(problem, model, xs, 512);
  return Math.min(cfg.horizon / 100, Math.max(cfg.horizon / 4000, 0.015 / rate));
}

export async function solveNeuralPi(
  problem: CompiledProblem,
  cfg: NeuralPiConfig,
  hooks: SolverHooks,
  options: NeuralPiOptions = {},
): Promise<NeuralPiResult> {
  const d = problem.states.length;
  const m = problem.controls.length;
  const rho = problem.discount ?? 0;
  const executor = options.executor ?? inProcessExecutor(problem);
  const withQuadratic = quadraticCritic(problem, cfg);
  const model = initialModel(problem, cfg, withQuadratic);
  const t00 = performance.now();
  const start = cfg.firstPolicy === 'linear' ? linearStart(problem) : null;
  if (start) fitActorToLinear(problem, model, start, cfg.collocation, seedFor(cfg.seed, 0, SALT.start));
  const actorAdam = new Adam(model.actor.params.length);
  const test = testStates(problem, cfg.errorRegion);
  const exact = exactFields(problem, test.xs, test.n);
  const history: RunHistory = { iteration: [], seconds: [], metrics: {} };
  const warnings: string[] = [];
  // A series that starts late (the changes, from the second iteration) is NaN before.
  const push = (name: string, v: number) =>
    (history.metrics[name] ??= new Array<number>(history.iteration.length - 1).fill(Number.NaN)).push(v);
  // Seconds of training (the linear start included), pauses and diagnostics excluded.
  let trained = (performance.now() - t00) / 1000;
  let status: RunStatus = 'done';
  const started = performance.now();
  const snapshotEvery = hooks.snapshotEvery ?? 1;
  let last: Record<string, number> = {};
  let previous: ModelFields | null = null;
  // Consecutive iterations in which V and the policy both moved less than the tolerance.
  let still = 0;
  // Whether the policy moved by less than SETTLED in the last iteration (see levelLogHead).
  let settled = false;
  // The estimates of the last iterations since the policy settled: the level of a 'log'
  // critic is set from all of them, not from one iteration's noise.
  const levelSet: ValueSample[] = [];
  let it = 0;
  for (; it < cfg.iterations; it++) {
    await hooks.checkpoint?.();
    if (isCancelled(hooks.signal)) {
      status = 'cancelled';
      break;
    }
    const t0 = performance.now();
    const startRng = new Random(seedFor(cfg.seed, it, SALT.starts));
    const starts = stratifiedStarts(problem, cfg.starts, startRng);
    if (cfg.centreWeight > 0) drawTowardsCentre(problem, starts, cfg.starts, cfg.centreWeight, startRng);
    const dt = cfg.dt > 0 ? cfg.dt : autoStep(problem, model, cfg, it);
    const paths = await executor.run({
      model,
      seed: cfg.seed,
      iteration: it,
      starts,
      paths: cfg.paths,
      horizon: cfg.horizon,
      dt,
      table: cfg.table,
      // The first evaluation has no fitted critic to build the control variate from, and a
      // 'log' critic needs returns of one sign, which the correction does not keep (Merton,
      // γ = 3: a critic decades off early on flipped signs, and the log-fit broke).
      controlVariate: cfg.controlVariate === 'on' && it > 0 && model.head.mode === 'linear',
    });
    if (isCancelled(hooks.signal)) {
      status = 'cancelled';
      break;
    }
    const Xn = new Float64Array(cfg.starts * d);
    for (let p = 0; p < cfg.starts; p++)
      for (let i = 0; i < d; i++) Xn[p * d + i] = (starts[p * d + i] - model.centre[i]) / model.half[i];
    // Evaluation of the current actor: fixed-point sweeps V ← returns + e^{−ρT}E[V(X_T)]
    // over the same paths (the first sweep of the run has no critic to bootstrap with).
    let valueLoss = Number.NaN;
    let lastY = paths.returns;
    const before = cfg.criticMemory > 0 && it > 0 ? model.critic.params.slice() : null;
    for (let sweep = 0; sweep < cfg.sweeps; sweep++) {
      const first = it === 0 && sweep === 0;
      const y = first ? paths.returns : bootstrapEstimates(model, paths, cfg.paths);
      if (first) model.head = chooseHead(y, Xn, d, cfg.valueScale);
      const quadratic = withQuadratic && model.head.mode === 'linear';
      if (quadratic) fitQuadraticHead(model.head, Xn, y, cfg.starts, d);
      const targets = Float64Array.from(y, (v, p) => valueToTarget(model.head, v, Xn, p));
      const fit = {
        steps: cfg.criticSteps,
        batchSize: cfg.batch,
        lrMax: cfg.learningRate,
        lrMin: cfg.learningRate / 30,
        seed: seedFor(cfg.seed, it * 1000 + sweep, SALT.fit),
        solveOutputEvery: d <= 2 ? 50 : 0,
      };
      if (quadratic) {
        // The network adds to the quadratic only what held-out starts confirm, both weighted
        // by the quadratic's window (quadratic-head.ts, docs/numerics.md).
        const w = windowWeights(Xn, cfg.starts, d);
        const split = holdOutFifth(
          Xn,
          targets,
          w,
          cfg.starts,
          d,
          new Random(seedFor(cfg.seed, it * 1000 + sweep, SALT.holdOut)),
        );
        fitMse(model.critic, split.fit.X, split.fit.Y, split.fit.n, {
          ...fit,
          weights: split.fit.w,
          validation: {
            X: split.held.X,
            Y: split.held.Y,
            n: split.held.n,
            weights: split.held.w,
            every: 25,
            patience: 10,
          },
        });
        // In units of the estimates' variance, as the standardised loss without the quadratic
        // (the targets here are standardised by what the quadratic leaves, about 1).
        valueLoss = (mseOf(model.critic, Xn, targets, cfg.starts) * model.head.scale ** 2) / variance(y);
      } else valueLoss = fitMse(model.critic, Xn, targets, cfg.starts, fit);
      if (settled) levelLogHead(model, [...levelSet, { Xn, y }]);
      lastY = y;
    }
    // θ ← (1 − β)θ_fit + βθ_before: an average of the critics over iterations, whose
    // Monte-Carlo noise is independent while the policy hardly moves (docs/numerics.md).
    if (before) {
      const b = cfg.criticMemory;
      const th = model.critic.params;
      for (let q = 0; q < th.length; q++) th[q] = (1 - b) * th[q] + b * before[q];
    }
    if (settled) {
      levelSet.push({ Xn, y: lastY });
      if (levelSet.length > LEVEL_WINDOW) levelSet.shift();
    } else levelSet.length = 0;
    if (isCancelled(hooks.signal)) {
      status = 'cancelled';
      break;
    }
    const colloc = centreWeightedStates(
      problem,
      cfg.collocation,
      new Random(seedFor(cfg.seed, it, SALT.collocation)),
      cfg.centreWeight,
    );
    const field = criticField(model, colloc, cfg.collocation);
    improvePolicy(problem, model, field, actorAdam, {
      steps: cfg.policySteps,
      batch: cfg.batch,
      learningRate: cfg.learningRate,
      seed: seedFor(cfg.seed, it, SALT.ascent),
      maxChange: cfg.policyChange,
    });
    const objective = meanHamiltonian(problem, model, field);
    trained += (performance.now() - t0) / 1000;

    const ev = evaluateModel(problem, model, test.xs, test.n);
    const metrics: Record<string, number> = {
      valueLoss,
      policyObjective: problem.sense * (rho > 0 ? objective / rho : objective),
      residual: relativeResidual(ev, test.n),
    };
    if (previous) {
      const moved = movement(ev, previous, test.n, model.head.mode === 'log');
      metrics.valueChange = moved.value;
      metrics.policyChange = moved.policy;
      still = Math.max(moved.value, moved.policy) < cfg.tolerance ? still + 1 : 0;
      settled = moved.policy < SETTLED;
    }
    previous = ev;
    if (exact) {
      metrics.valueError = relativeL2([ev.value], [exact[0]], test.n);
      if (exact.length > m) {
        let num = 0;
        let den = 0;
        for (let j = 0; j < m; j++) {
          const c = problem.controls[j];
          for (let p = 0; p < test.n; p++) {
            const a = Math.min(c.max, Math.max(c.min, exact[1 + j][p]));
            num += (ev.policy[j][p] - a) ** 2;
            den += a * a;
          }
        }
        metrics.policyError = relativeFromSums(num, den, test.n);
      }
    }
    history.iteration.push(it + 1);
    history.seconds.push(trained);
    for (const [name, v] of Object.entries(metrics)) push(name, v);
    // Δt is a choice, not a measure of progress: in the progress line and the summary only.
    metrics.dt = dt;
    last = metrics;
    if (!Number.isFinite(valueLoss) || !Number.isFinite(metrics.residual)) {
      status = 'diverged';
      warnings.push(
        `the fit diverged at iteration ${it + 1} (value loss ${valueLoss}); try a smaller learning rate`,
      );
      it++;
      break;
    }
    hooks.onProgress?.({
      iteration: it + 1,
      elapsed: (performance.now() - started) / 1000,
      metrics,
      // The step in use, where the lab shows it: the setting reads 0 when it is automatic.
      phase: `iteration ${it + 1} of at most ${cfg.iterations}, Δt ${dt.toPrecision(2)}${cfg.dt > 0 ? '' : ' (auto)'}`,
      snapshot:
        snapshotEvery > 0 && (it + 1) % snapshotEvery === 0
          ? (() => {
              const f = displayFields(problem, model, false);
              return { grid: f.grid, value: f.value, policy: f.policy };
            })()
          : undefined,
    });
    if (still >= STILL_ITERATIONS) {
      it++;
      break;
    }
  }
  const summary: Record<string, number | string | boolean | number[]> = {
    iterations: history.iteration.length,
    valueScale: model.head.mode,
    seed: cfg.seed,
  };
  for (const [name, v] of Object.entries(last)) summary[name] = v;
  return {
    solver: 'neural-pi',
    status,
    warnings,
    seconds: trained,
    iterations: history.iteration.length,
    history,
    display: displayFields(problem, model, true),
    summary,
    model,
  };
}
