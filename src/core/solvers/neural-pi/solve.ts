/**
 * Neural policy iteration (docs/numerics.md, "Neural policy iteration"): per outer
 * iteration, evaluate the actor by Monte-Carlo rollouts from stratified start states
 * (rollout.ts, through an executor), regress the critic on the estimates, ascend
 * E_x[Q(x, α(x))] with the critic's exact ∇V, ∇²V (improve.ts), and report the value-fit
 * loss, the policy objective, the policy-HJB residual and, when the problem has one, the
 * errors against its exact solution. Pausing and stepping go through hooks.checkpoint,
 * cancelling through hooks.signal, both between phases.
 */
import { Adam, choleskySolve, createMlp, fitMse, mseOf, setConstantOutput } from '../../nn';
import type { CompiledProblem } from '../../problem/types';
import { Random } from '../../sim/random';
import { SolverError } from '../problem';
import { relativeFromSums, relativeL2 } from '../relative-error';
import type { CancelSignal, RunHistory, RunStatus, SolverHooks, SolverResult } from '../solver';
import { displayFields } from './display';
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
import { fitActorToLinear, linearStart } from './linear-start';
import { fitQuadraticHead, holdOutFifth, windowWeights } from './quadratic-head';
import { levelLogHead, valueToTarget, type NeuralPiModel, type ValueHead, type ValueSample } from './model';
import { bootstrapEstimates, streamSeed } from './rollout';
import {
  centreWeightedStates,
  drawTowardsCentre,
  stratifiedStarts,
  testStates,
  uniformStates,
} from './sampling';
import type { NeuralPiConfig } from './settings';

export interface NeuralPiResult extends SolverResult {
  model: NeuralPiModel;
}

export interface NeuralPiOptions {
  /** Where rollouts run; in this thread by default. */
  executor?: RolloutExecutor;
}

/** Salts of the seeded streams, so that no two uses share numbers. */
const SALT = {
  actor: 1,
  critic: 2,
  starts: 3,
  fit: 4,
  collocation: 5,
  ascent: 6,
  rate: 7,
  start: 8,
  holdOut: 9,
} as const;

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

function seedFor(seed: number, iteration: number, salt: number): number {
  return streamSeed(seed ^ Math.imul(salt, 0x27d4eb2d), iteration, 0xffffffff);
}

function isCancelled(signal: CancelSignal | AbortSignal | undefined): boolean {
  if (!signal) return false;
  return 'aborted' in signal ? signal.aborted : signal.cancelled;
}

/**
 * The first returns decide the critic's head: 'log' when one-signed and their 5th and 95th
 * percentiles of |y| are more than two decades apart. Percentiles, not the extremes: one
 * noisy start near the value's smallest point decided before, and gave a coupled 4-D LQR
 * (true max/min of |V| 33) a log critic, whose Hessian V(∇²L + ∇L∇Lᵀ) at the centre
 * carries the relative error of V there (gains up to +15 %, docs/numerics.md).
 *
 * In 'log' mode the least-squares plane of log|y| over the scaled starts Xn (n×d) becomes
 * the head's shift and tilt, and the network fits only the rest, standardised. Values that
 * span decades do so mostly along a trend (Merton's log|V| is affine in log wealth), and
 * standardising the whole of log|V| made a small normalised fit error a large relative one:
 * Merton γ = 3 on z ∈ [−8, 8], seed 1, left V 17 % off in the middle (docs/numerics.md).
 */
export function chooseHead(
  y: Float64Array,
  Xn: Float64Array,
  d: number,
  choice: NeuralPiConfig['valueScale'],
): ValueHead {
  let pos = 0;
  let neg = 0;
  for (const v of y) {
    if (v > 0) pos++;
    else if (v < 0) neg++;
  }
  const sorted = Float64Array.from(y, Math.abs).sort();
  const min = sorted[0];
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const oneSigned = (pos === 0 || neg === 0) && min > 0;
  const mode = choice === 'auto' ? (oneSigned && at(0.95) > 100 * at(0.05) ? 'log' : 'linear') : choice;
  if (mode === 'log' && !oneSigned)
    throw new SolverError(
      "valueScale 'log' needs returns of one sign; the first evaluation gave both signs or zero",
    );
  const sign: 1 | -1 = neg > pos ? -1 : 1;
  const t = Float64Array.from(y, (v) => (mode === 'log' ? Math.log(Math.abs(v)) : v));
  const tilt = new Array<number>(d).fill(0);
  let mean = 0;
  if (mode === 'log') {
    const plane = leastSquaresPlane(t, Xn, d);
    mean = plane[0];
    for (let i = 0; i < d; i++) tilt[i] = plane[1 + i];
    for (let p = 0; p < t.length; p++) for (let i = 0; i < d; i++) t[p] -= tilt[i] * Xn[p * d + i];
  } else {
    for (const v of t) mean += v / t.length;
  }
  let varc = 0;
  for (const v of t) varc += (v - mean) ** 2 / t.length;
  const std = Math.sqrt(varc);
  return { mode, shift: mean, scale: std > 1e-12 * (1 + Math.abs(mean)) ? std : 1, sign, tilt };
}

/** Coefficients (c, b₁…b_d) of the least-squares plane t ≈ c + b·x over rows of X (n×d). */
function leastSquaresPlane(t: Float64Array, X: Float64Array, d: number): Float64Array {
  const k = d + 1;
  const A = new Float64Array(k * k);
  const B = new Float64Array(k);
  const row = new Float64Array(k);
  row[0] = 1;
  for (let p = 0; p < t.length; p++) {
    for (let i = 0; i < d; i++) row[1 + i] = X[p * d + i];
    for (let a = 0; a < k; a++) {
      B[a] += row[a] * t[p];
      for (let b = 0; b < k; b++) A[a * k + b] += row[a] * row[b];
    }
  }
  // A tiny ridge keeps a degenerate sample (all starts on one line) solvable.
  for (let a = 1; a < k; a++) A[a * k + a] += 1e-9 * t.length;
  if (choleskySolve(A, B, k, 1)) return B;
  const flat = new Float64Array(k);
  for (const v of t) flat[0] += v / t.length;
  return flat;
}

/**
 * Whether the critic has a quadratic part (quadratic-head.ts): 'auto' above d = 2 where the
 * problem has a local linear-quadratic model at the centre, whose V is a quadratic there.
 */
export function quadraticCritic(problem: CompiledProblem, cfg: NeuralPiConfig): boolean {
  if (cfg.criticQuadratic !== 'auto') return cfg.criticQuadratic === 'on';
  return problem.states.length > 2 && linearStart(problem) !== null;
}

export function initialModel(problem: CompiledProblem, cfg: NeuralPiConfig): NeuralPiModel {
  const d = problem.states.length;
  const m = problem.controls.length;
  const hidden = Array.from({ length: cfg.depth }, () => cfg.width);
  const actor = createMlp(
    { inputs: d, outputs: m, hidden, activation: 'tanh' },
    seedFor(cfg.seed, 0, SALT.actor),
  );
  // Output 0 before the squash: the first policy is the middle of the control box.
  setConstantOutput(actor, new Float64Array(m));
  const critic = createMlp(
    { inputs: d, outputs: 1, hidden, activation: cfg.criticActivation },
    seedFor(cfg.seed, 0, SALT.critic),
  );
  // With a quadratic head the network starts at 0: it holds only what the data confirm.
  if (quadraticCritic(problem, cfg)) setConstantOutput(critic, new Float64Array(1));
  return {
    actor,
    critic,
    head: { mode: 'linear', shift: 0, scale: 1, sign: 1, tilt: new Array<number>(d).fill(0) },
    centre: Float64Array.from(problem.states, (s) => 0.5 * (s.min + s.max)),
    half: Float64Array.from(problem.states, (s) => 0.5 * (s.max - s.min)),
    controlLo: Float64Array.from(problem.controls, (c) => c.min),
    controlHi: Float64Array.from(problem.controls, (c) => c.max),
  };
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
  const model = initialModel(problem, cfg);
  const t00 = performance.now();
  const start = cfg.firstPolicy === 'linear' ? linearStart(problem) : null;
  const withQuadratic = quadraticCritic(problem, cfg);
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
