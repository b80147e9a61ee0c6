/**
 * Settings of neural policy iteration, described once (the panel's form, the CLI's
 * `--setting NAME=VALUE` and the checks below all read SETTINGS), with defaults that
 * depend only on the problem's dimension and discount. The defaults were chosen by
 * measurement (docs/numerics.md, "Neural policy iteration"):
 * - d ≤ 2: the actor is tabulated on a uniform grid for the rollouts (513 nodes in 1-D,
 *   129² in 2-D; lookup is ~50× cheaper than the network), which pays for 1024 starts × 8
 *   paths: with 256 starts Merton's critic wandered by ±4 % over the middle of the box.
 * - d ≤ 2: the run stops when V and the policy moved by less than 1 % two iterations in a
 *   row, within 40: from a first policy with an infinite value V needs about nine
 *   iterations to reach 1 % on Merton with γ = 3, and 13 to 20 to settle with γ = 5 (after
 *   which V moves by 0.2–2 % per iteration, Monte-Carlo noise). Above d = 2 the ten
 *   iterations the 6-D and 4-D figures were measured at, each costing minutes.
 * - d > 2: the network runs at every step, so one antithetic pair per start over 1024
 *   starts (the regression over many starts averages the noise), and 400 critic steps per
 *   sweep (800 above): on the 6-D LQR 512 × 4 paths and 150 steps left V 45 % off after the first
 *   iteration, 1024 × 2 and 400 steps 5 %. A SiLU critic with 800 steps per sweep, and
 *   three quarters of the starts and collocation points drawn towards the box centre,
 *   where a uniform sample of a 6-D box leaves the middle nearly empty: V 1.8 %, gains
 *   within 5.7 % (8.6 % and +22–29 % before).
 * - d > 2: the rollouts subtract the last critic's martingale (a control variate, mean 0):
 *   on a coupled 4-D LQR the mean gain error fell from +7.4 % to +2.6 %. Off in d ≤ 2, where
 *   8 paths per start already average the noise (1-D LQR: no gain).
 * - d > 2, where the problem has a local linear-quadratic model at the centre: the critic is
 *   a least-squares quadratic, weighted towards the box centre, plus the network on the rest
 *   with early stopping (quadratic-head.ts): on the coupled 4-D
 *   LQR the worst gain fell from +11 % to within 7 % (docs/numerics.md).
 * - Δt from the closed loop's fastest rate λ, 0.015/λ (the 1-D LQR: λ = 3.16, Δt = 0.0047,
 *   Euler–Maruyama bias on V ≈ 0.75 %).
 * - horizon T = 1/ρ (e^{−ρT} = e^{−1} per iteration for the bootstrap), within [2, 20].
 */
import type { CompiledProblem } from '../../problem/types';
import type { SettingSpec, SettingValues } from '../solver';
import { SolverError } from '../problem';
import type { ValueMode } from './model';
import type { Activation } from '../../nn';

export interface NeuralPiConfig {
  seed: number;
  iterations: number;
  tolerance: number;
  starts: number;
  paths: number;
  horizon: number;
  dt: number;
  width: number;
  depth: number;
  sweeps: number;
  criticMemory: number;
  criticSteps: number;
  policySteps: number;
  policyChange: number;
  batch: number;
  collocation: number;
  learningRate: number;
  valueScale: 'auto' | ValueMode;
  criticActivation: Activation;
  centreWeight: number;
  firstPolicy: 'linear' | 'middle';
  controlVariate: 'on' | 'off';
  criticQuadratic: 'auto' | 'on' | 'off';
  table: number;
  errorRegion: number;
}

export const SETTINGS: readonly SettingSpec[] = [
  {
    name: 'seed',
    label: 'Seed',
    kind: 'integer',
    min: 0,
    max: 2 ** 31 - 1,
    help: 'Seeds the networks, the start states and the noise: the same seed gives the same numbers, whatever the number of workers.',
  },
  {
    name: 'iterations',
    label: 'Outer iterations',
    kind: 'integer',
    min: 1,
    max: 1000,
    help: 'The most evaluation + improvement rounds; the run stops earlier when V and the policy have stopped moving (see tolerance).',
  },
  {
    name: 'tolerance',
    label: 'Stopping tolerance',
    kind: 'number',
    min: 0,
    max: 1,
    help: 'The run stops when, two iterations in a row, V and the policy each moved by less than this between iterations (relative, over the error test states); 0 runs all iterations.',
  },
  {
    name: 'starts',
    label: 'Start states',
    kind: 'integer',
    min: 8,
    max: 65536,
    help: 'Start states per evaluation, stratified over the box.',
  },
  {
    name: 'paths',
    label: 'Paths per start',
    kind: 'integer',
    min: 2,
    max: 4096,
    help: 'Monte-Carlo paths from each start, in antithetic pairs (even).',
  },
  {
    name: 'horizon',
    label: 'Rollout horizon T',
    kind: 'number',
    min: 1e-3,
    max: 1e4,
    help: 'Paths are truncated at T and bootstrapped with e^{−ρT}V(X_T).',
  },
  {
    name: 'dt',
    label: 'Time step Δt (0 = automatic)',
    kind: 'number',
    min: 0,
    max: 10,
    help: 'Euler–Maruyama step of the rollouts; 0 (the default) picks Δt = 0.015/λ each iteration from the closed loop’s fastest rate λ, which keeps the bias on V (about λΔt/2) near 0.75 %, with at least 100 steps per horizon. The step in use shows in the progress line (and as dt in the run’s summary).',
  },
  {
    name: 'width',
    label: 'Network width',
    kind: 'integer',
    min: 2,
    max: 1024,
    help: 'Units per hidden layer of both networks.',
  },
  {
    name: 'depth',
    label: 'Hidden layers',
    kind: 'integer',
    min: 1,
    max: 8,
    help: 'Hidden layers of both networks (tanh).',
  },
  {
    name: 'sweeps',
    label: 'Evaluation sweeps',
    kind: 'integer',
    min: 1,
    max: 100,
    help: 'Critic fits per iteration on the same paths, each bootstrapping with the last fit: the evaluation error shrinks by e^{−ρT} per sweep at no extra simulation.',
  },
  {
    name: 'criticMemory',
    label: 'Critic memory',
    kind: 'number',
    min: 0,
    max: 0.95,
    help: 'Weight β of the previous critic after each evaluation, θ ← (1 − β)θ_fit + βθ_previous: an average of the critics over iterations against the Monte-Carlo noise of each fit (0, the default: none).',
  },
  {
    name: 'criticSteps',
    label: 'Critic steps',
    kind: 'integer',
    min: 1,
    max: 100000,
    help: 'Adam steps of the value regression per iteration.',
  },
  {
    name: 'policySteps',
    label: 'Policy steps',
    kind: 'integer',
    min: 0,
    max: 100000,
    help: 'Adam ascent steps on E[Q(x, α(x))] per iteration.',
  },
  {
    name: 'policyChange',
    label: 'Policy trust region',
    kind: 'number',
    min: 1e-3,
    max: 1,
    help: 'Largest change of each control in one improvement, as a fraction of its range (1, the default: none). A smaller region damps policy iteration from a poor first critic, at the price of more iterations (1-D LQR, open-loop unstable: V error 0.8 % after 6 iterations without, 2.0 % with 0.25).',
  },
  {
    name: 'batch',
    label: 'Batch size',
    kind: 'integer',
    min: 1,
    max: 65536,
    help: 'Mini-batch of both fits.',
  },
  {
    name: 'collocation',
    label: 'Collocation points',
    kind: 'integer',
    min: 8,
    max: 65536,
    help: 'States where ∇V and ∇²V are computed for the policy ascent, resampled each iteration.',
  },
  {
    name: 'learningRate',
    label: 'Learning rate',
    kind: 'number',
    min: 1e-6,
    max: 1,
    help: 'Adam step size of both networks (the critic decays it by a cosine to 1/30 within each iteration).',
  },
  {
    name: 'valueScale',
    label: 'Value scale',
    kind: 'choice',
    choices: ['auto', 'linear', 'log'],
    help: "How the critic represents V: 'linear' standardises it; 'log' fits log|V| (relative error), for values of one sign that span decades; 'auto' picks log when the first returns span more than two decades.",
  },
  {
    name: 'criticActivation',
    label: 'Critic activation',
    kind: 'choice',
    choices: ['tanh', 'silu', 'softplus'],
    help: 'Activation of the value network. Defaults to tanh in d ≤ 2 and SiLU above, whose curvature at 0 suits the bowl of a value near an equilibrium (6-D LQR, fit to its exact V: 1.4 % against tanh’s 3.4 %).',
  },
  {
    name: 'centreWeight',
    label: 'Centre weight',
    kind: 'number',
    min: 0,
    max: 1,
    help: 'Fraction of the start states and collocation points drawn towards the box centre, each by a uniform factor in (0, 1). Defaults to 0 in d ≤ 2 and 0.75 above, where a uniform sample leaves the middle of the box nearly empty.',
  },
  {
    name: 'firstPolicy',
    label: 'First policy',
    kind: 'choice',
    choices: ['linear', 'middle'],
    help: "'linear' (the default): the Riccati feedback of the problem's linearisation at the box centre where it has one (an equilibrium with a positive-definite control cost), else the middle of the control box; 'middle': always the middle of the control box.",
  },
  {
    name: 'controlVariate',
    label: 'Control variate',
    kind: 'choice',
    choices: ['on', 'off'],
    help: "'on' (the default above d = 2): each rollout's return is less the martingale ∫e^{−ρt}∇V·Σ dW of the last critic, whose mean is zero; what is left of the noise is the critic's HJB residual along the path.",
  },
  {
    name: 'criticQuadratic',
    label: 'Quadratic part of the critic',
    kind: 'choice',
    choices: ['auto', 'on', 'off'],
    help: "'on': a 'linear' critic is a least-squares quadratic of the estimates (weighted towards the box centre) plus the network fitted to what held-out starts confirm, so its curvature at the centre, which sets the policy's gains there, rests on all the starts rather than on the noise of those near it. 'auto' (the default): on above d = 2 for problems with a local linear-quadratic model at the box centre (those the linear first policy applies to).",
  },
  {
    name: 'table',
    label: 'Policy table nodes',
    kind: 'integer',
    min: 0,
    max: 4097,
    help: 'Nodes per state of the tabulated actor used by the rollouts (0: the network at every step). Defaults to 513 in 1-D, 129 in 2-D, 0 above.',
  },
  {
    name: 'errorRegion',
    label: 'Error region',
    kind: 'number',
    min: 0.05,
    max: 1,
    help: 'Fraction of each state interval, centred, over which errors against the exact solution are measured (0.6: the middle 60 %, as for the grid solver).',
  },
];

export function defaultSettings(problem: CompiledProblem): SettingValues {
  const d = problem.states.length;
  const rho = problem.discount ?? 0;
  const low = d <= 2;
  return {
    seed: 0,
    iterations: low ? 40 : 10,
    tolerance: low ? 0.01 : 0,
    starts: 1024,
    paths: low ? 8 : 2,
    horizon: rho > 0 ? Math.min(20, Math.max(2, 1 / rho)) : 10,
    dt: 0,
    width: low ? 32 : 48,
    depth: 2,
    sweeps: 4,
    criticMemory: 0,
    criticSteps: low ? 150 : 800,
    policySteps: 200,
    policyChange: 1,
    batch: 256,
    collocation: low ? 1024 : 2048,
    learningRate: 3e-3,
    valueScale: 'auto',
    criticActivation: low ? 'tanh' : 'silu',
    centreWeight: low ? 0 : 0.75,
    firstPolicy: 'linear',
    controlVariate: low ? 'off' : 'on',
    criticQuadratic: 'auto',
    table: d === 1 ? 513 : d === 2 ? 129 : 0,
    errorRegion: 0.6,
  };
}

/** Defaults filled in and every field checked; throws SolverError naming the setting. */
export function parseSettings(problem: CompiledProblem, values: SettingValues): NeuralPiConfig {
  const merged: SettingValues = { ...defaultSettings(problem), ...values };
  for (const name of Object.keys(values))
    if (!SETTINGS.some((s) => s.name === name)) throw new SolverError(`neural-pi has no setting '${name}'`);
  const out: Record<string, number | string> = {};
  for (const spec of SETTINGS) {
    const v = merged[spec.name];
    if (spec.kind === 'choice') {
      if (typeof v !== 'string' || !spec.choices!.includes(v))
        throw new SolverError(
          `setting ${spec.name} must be one of ${spec.choices!.join(', ')}, not ${String(v)}`,
        );
      out[spec.name] = v;
      continue;
    }
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new SolverError(`setting ${spec.name} must be a number, not ${String(v)}`);
    if (spec.kind === 'integer' && !Number.isInteger(v))
      throw new SolverError(`setting ${spec.name} must be a whole number, not ${v}`);
    if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max))
      throw new SolverError(`setting ${spec.name} must lie in [${spec.min}, ${spec.max}], not ${v}`);
    out[spec.name] = v;
  }
  const cfg = out as unknown as NeuralPiConfig;
  if (cfg.paths % 2 !== 0)
    throw new SolverError(`setting paths must be even (antithetic pairs), not ${cfg.paths}`);
  if (cfg.table === 1) throw new SolverError('setting table must be 0 (no table) or at least 2 nodes');
  if (cfg.table > 0 && cfg.table ** problem.states.length > 4_000_000)
    throw new SolverError(
      `a policy table of ${cfg.table} nodes per state in ${problem.states.length}-D is too large; set table to 0`,
    );
  return cfg;
}
