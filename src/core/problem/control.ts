/**
 * From a `problem({...})` spec value to a CompiledProblem (docs/architecture.md §4): domain,
 * symbolic model, derivatives and batch kernels. Every mistake becomes a diagnostic.
 */
import type { CompiledProblem, ParameterSpec, ProblemExprs } from './types';
import type { Expr } from '../lang/ir';
import { ZERO, mul, num } from '../lang/ir';
import { freeSymbols } from '../lang/ir-graph';
import type { Loc } from '../lang/diagnostics';
import type { Interpreter } from '../lang/interpreter';
import type { SpecValue } from '../lang/values';
import type { SpecReader } from './validate';
import { problemLatex } from './latex';
import { readDomain, symbolicArguments } from './control-domain';
import { readDrift, readExact, readNoise, readScalarFunction } from './control-fields';
import { MAX_MODEL_NODES, compileModelKernels } from './control-kernels';

export const PROBLEM_KEYS = [
  'title',
  'states',
  'controls',
  'maximize',
  'minimize',
  'discount',
  'horizon',
  'terminal',
  'target',
  'exit',
  'drift',
  'noise',
  'exact',
] as const;

export function compileControl(
  value: SpecValue,
  interp: Interpreter,
  parameters: ParameterSpec[],
  reader: SpecReader,
): CompiledProblem | null {
  const spec = value.spec;
  const at = (key: string): Loc => reader.locOf(spec, key);
  reader.checkKeys(spec, PROBLEM_KEYS, 'problem');

  const title = spec.has('title')
    ? (reader.string(spec.get('title'), 'title', at('title')) ?? '')
    : 'Untitled problem';
  const domain = readDomain(spec, reader);
  if (!domain) return null;
  const { states, controls, groups } = domain;
  const args = symbolicArguments(domain);
  const stateNames = states.map((s) => s.name);
  const controlNames = controls.map((c) => c.name);

  // Objective: exactly one of maximize / minimize.
  const hasMax = spec.has('maximize');
  const hasMin = spec.has('minimize');
  if (hasMax && hasMin)
    reader.error('give either maximize (a reward) or minimize (a cost), not both', at('minimize'));
  if (!hasMax && !hasMin)
    reader.error('the problem needs an objective: maximize: reward or minimize: cost', value.loc);
  const objectiveKey = hasMax ? 'maximize' : 'minimize';
  const sense: 1 | -1 = hasMax || !hasMin ? 1 : -1;
  const userReward =
    hasMax || hasMin ? readScalarFunction(spec, objectiveKey, args, interp, reader, at) : ZERO;

  // Time structure: discount (infinite horizon), horizon (finite), or a target (exit problem).
  let discount: number | null = null;
  let horizon: number | null = null;
  if (spec.has('discount')) {
    discount = reader.number(spec.get('discount'), 'discount', at('discount'));
    if (discount !== null && !(discount > 0)) {
      reader.error(`discount must be positive (ρ > 0), not ${discount}`, at('discount'));
      discount = null;
    }
  }
  if (spec.has('horizon')) {
    horizon = reader.number(spec.get('horizon'), 'horizon', at('horizon'));
    if (horizon !== null && !(horizon > 0)) {
      reader.error(`horizon must be positive (T > 0), not ${horizon}`, at('horizon'));
      horizon = null;
    }
  }
  if (spec.has('discount') && spec.has('horizon'))
    reader.error(
      'give either discount (infinite horizon) or horizon (finite horizon), not both',
      at('horizon'),
    );
  const hasExitFaces = states.some((s) => s.boundary === 'exit');
  if (!spec.has('discount') && !spec.has('horizon') && !spec.has('target') && !hasExitFaces)
    reader.error(
      'the problem needs a time structure: discount: ρ (infinite horizon), horizon: T (finite horizon), or a target (exit problem)',
      value.loc,
    );
  if (spec.has('terminal') && !spec.has('horizon'))
    reader.error('terminal is the reward at the horizon: it needs horizon: T', at('terminal'));

  const drift = readDrift(spec, domain, args, interp, reader, at);
  const noise = readNoise(spec, domain, args, interp, reader, at);

  const terminal = spec.has('terminal')
    ? readScalarFunction(spec, 'terminal', args, interp, reader, at, controlNames)
    : undefined;
  const exitReward = spec.has('exit')
    ? readScalarFunction(spec, 'exit', args, interp, reader, at, controlNames)
    : undefined;
  const target = spec.has('target')
    ? readScalarFunction(spec, 'target', args, interp, reader, at, controlNames)
    : undefined;
  if (spec.has('exit') && !spec.has('target') && !hasExitFaces)
    reader.warn(
      'exit is only collected on a target or at exit boundaries; this problem has neither',
      at('exit'),
    );
  const exact = spec.has('exact') ? readExact(spec, domain, args, interp, reader, at) : null;

  if (reader.failed || !drift || !noise || !userReward) return null;

  const reward = sense === 1 ? userReward : mul(num(-1), userReward);
  const internal = (e: Expr | null | undefined): Expr | undefined =>
    e ? (sense === 1 ? e : mul(num(-1), e)) : undefined;
  const exprs: ProblemExprs = {
    drift,
    noise: noise.matrix,
    reward,
    terminal: spec.has('terminal') ? internal(terminal) : horizon !== null ? ZERO : undefined,
    exit: spec.has('exit') ? internal(exitReward) : spec.has('target') || hasExitFaces ? ZERO : undefined,
    target: target ?? undefined,
    exactValue: exact?.value,
    exactPolicy: exact?.policy,
  };

  const compiled = compileModelKernels(exprs, noise.k, stateNames, controlNames);
  if ('tooLarge' in compiled) {
    reader.error(
      `the model is too large to compile (${compiled.tooLarge} operations; the limit is ${MAX_MODEL_NODES})`,
      value.loc,
    );
    return null;
  }
  const { kernels } = compiled;
  const flatNoise = noise.matrix.flat();
  const k = noise.k;

  const allModel = [
    ...drift,
    ...flatNoise,
    reward,
    ...(exprs.terminal ? [exprs.terminal] : []),
    ...(exprs.exit ? [exprs.exit] : []),
  ];
  const problem: CompiledProblem = {
    kind: 'control',
    title,
    states,
    controls,
    parameters,
    objective: hasMin ? 'minimize' : 'maximize',
    sense,
    discount: spec.has('discount') ? discount : null,
    horizon: spec.has('horizon') ? horizon : null,
    noiseDim: k,
    noiseDiagonal: noise.diagonal,
    noiseControlFree: !freeSymbolsAny(flatNoise, controlNames),
    timeDependent: freeSymbols(allModel).has('t'),
    exprs,
    kernels,
    latex: {},
  };
  problem.latex = problemLatex(problem, userReward, groups);
  return problem;
}

function freeSymbolsAny(exprs: readonly Expr[], names: readonly string[]): boolean {
  const free = freeSymbols(exprs);
  return names.some((n) => free.has(n));
}
