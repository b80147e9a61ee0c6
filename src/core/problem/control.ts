/**
 * From a `problem({...})` spec value to a CompiledProblem (docs/architecture.md §4): domain,
 * symbolic model, derivatives and batch kernels. Every mistake becomes a diagnostic.
 */
import type { Boundary, CompiledProblem, ControlSpec, ParameterSpec, ProblemExprs, StateSpec } from './types';
import type { Expr } from '../lang/ir';
import { ZERO, dagSize, freeSymbols, isConst, mul, num, sym } from '../lang/ir';
import { diffMany } from '../lang/diff';
import { compileKernel } from '../lang/kernel';
import type { Loc } from '../lang/diagnostics';
import { LangError } from '../lang/diagnostics';
import type { Interpreter } from '../lang/interpreter';
import { didYouMean } from '../lang/suggest';
import type { Value } from '../lang/values';
import { ArrayValue, ObjectValue, SpecValue, describe, isFunction, isNumeric, toExpr } from '../lang/values';
import { SpecReader, shape } from './validate';
import { problemLatex } from './latex';

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

const STATE_KEYS = ['min', 'max', 'periodic', 'boundary', 'spacing', 'label', 'dim'] as const;
const CONTROL_KEYS = ['min', 'max', 'label'] as const;
const BOUNDARIES = ['reflect', 'exit', 'constraint', 'periodic'] as const;

/** Largest model (distinct IR nodes over all outputs and derivatives) we compile. */
export const MAX_MODEL_NODES = 200_000;
/** Largest vector state. */
export const MAX_DIM = 64;

/** A scalar state, or a vector state expanded into scalar states. */
interface StateGroup {
  name: string;
  dim: number | null;
  first: number;
}

interface Domain {
  states: StateSpec[];
  groups: StateGroup[];
  controls: ControlSpec[];
}

/** The symbolic arguments passed to every user function: (states, controls, t). */
interface Arguments {
  states: ObjectValue;
  controls: ObjectValue;
  t: Expr;
}

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

  const inputs = [...stateNames, ...controlNames, 't'];
  const k = noise.k;
  const flatNoise = noise.matrix.flat();
  const dynOut = [...drift, ...flatNoise, reward];
  const derivatives = controlNames.map((c) => diffMany(dynOut, c));
  const everything = [...dynOut, ...derivatives.flat()];
  const size = dagSize(everything);
  if (size > MAX_MODEL_NODES) {
    reader.error(
      `the model is too large to compile (${size} operations; the limit is ${MAX_MODEL_NODES})`,
      value.loc,
    );
    return null;
  }
  const dynNames = [
    ...stateNames.map((s) => `f[${s}]`),
    ...stateNames.flatMap((s) => Array.from({ length: k }, (_, l) => `sigma[${s},${l}]`)),
    'r',
  ];
  const kernels: CompiledProblem['kernels'] = {
    dynamics: compileKernel(dynOut, inputs, dynNames),
    dynamicsDa: compileKernel(
      derivatives.flat(),
      inputs,
      controlNames.flatMap((c) => dynNames.map((n) => `d${n}/d${c}`)),
    ),
  };
  if (exprs.terminal) kernels.terminal = compileKernel([exprs.terminal], inputs, ['g']);
  if (exprs.exit) kernels.exit = compileKernel([exprs.exit], inputs, ['exit']);
  if (exprs.target) kernels.target = compileKernel([exprs.target], inputs, ['target']);
  if (exact) {
    kernels.exact = compileKernel([exact.value, ...(exact.policy ?? [])], inputs, [
      'V',
      ...(exact.policy ? controlNames.map((c) => `${c}*`) : []),
    ]);
  }

  const allModel = [
    ...dynOut,
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

// ------------------------------------------------------------------ domain

function readDomain(spec: ObjectValue, reader: SpecReader): Domain | null {
  const at = (key: string): Loc => reader.locOf(spec, key);
  const statesV = spec.get('states');
  const controlsV = spec.get('controls');
  if (!(statesV instanceof ObjectValue)) {
    reader.error(
      statesV === undefined
        ? 'the problem needs states, e.g. states: { x: [-1, 1] }'
        : `states must be an object such as { x: [-1, 1] }, not ${describe(statesV)}`,
      statesV === undefined ? spec.loc : at('states'),
    );
    return null;
  }
  if (controlsV !== undefined && !(controlsV instanceof ObjectValue)) {
    reader.error(
      `controls must be an object such as { u: [-1, 1] }, not ${describe(controlsV)}`,
      at('controls'),
    );
    return null;
  }
  const states: StateSpec[] = [];
  const groups: StateGroup[] = [];
  for (const [name, decl] of statesV.props) {
    const loc = reader.locOf(statesV, name);
    if (name === 't') {
      reader.error("the name 't' is reserved for time; choose another state name", loc);
      continue;
    }
    const parsed = readState(name, decl, loc, reader);
    if (!parsed) continue;
    groups.push({
      name,
      dim: parsed.length > 1 || parsed[0].group ? parsed.length : null,
      first: states.length,
    });
    states.push(...parsed);
  }
  if (statesV.props.size === 0) reader.error('the problem needs at least one state', at('states'));
  const controls: ControlSpec[] = [];
  if (controlsV instanceof ObjectValue) {
    for (const [name, decl] of controlsV.props) {
      const loc = reader.locOf(controlsV, name);
      if (name === 't') {
        reader.error("the name 't' is reserved for time; choose another control name", loc);
        continue;
      }
      if (statesV.props.has(name)) {
        reader.error(`'${name}' is both a state and a control; names must be distinct`, loc);
        continue;
      }
      let label = name;
      if (decl instanceof ObjectValue) {
        reader.checkKeys(decl, CONTROL_KEYS, `control '${name}'`);
        if (decl.has('label'))
          label = reader.string(decl.get('label'), `label of control '${name}'`, loc) ?? name;
      }
      const iv = reader.interval(decl, `control '${name}'`, loc);
      if (!iv) continue;
      if (iv[0] > iv[1]) {
        reader.error(`control '${name}' has min ${iv[0]} greater than max ${iv[1]}`, loc);
        continue;
      }
      controls.push({ name, label, min: iv[0], max: iv[1] });
    }
  }
  if (reader.failed) return null;
  return { states, groups, controls };
}

function readState(name: string, decl: Value, loc: Loc, reader: SpecReader): StateSpec[] | null {
  let periodic = false;
  let boundary: Boundary = 'reflect';
  let spacing: 'uniform' | 'geometric' = 'uniform';
  let label = name;
  let dim: number | null = null;
  let minV: Value;
  let maxV: Value;
  if (decl instanceof ArrayValue) {
    if (decl.items.length !== 2) {
      reader.error(
        `state '${name}' must be [min, max], but the array has ${decl.items.length} element(s)`,
        loc,
      );
      return null;
    }
    [minV, maxV] = decl.items;
  } else if (decl instanceof ObjectValue) {
    reader.checkKeys(decl, STATE_KEYS, `state '${name}'`);
    minV = decl.get('min');
    maxV = decl.get('max');
    if (minV === undefined || maxV === undefined) {
      reader.error(`state '${name}' needs both min and max`, loc);
      return null;
    }
    if (decl.has('periodic'))
      periodic = reader.boolean(decl.get('periodic'), `periodic of state '${name}'`, loc) ?? false;
    if (decl.has('boundary')) {
      const b = reader.choice(decl.get('boundary'), BOUNDARIES, `the boundary of state '${name}'`, loc);
      if (b) boundary = b;
      if (b === 'periodic') periodic = true;
      else if (b && periodic)
        reader.error(`state '${name}' is periodic, so it cannot also have boundary '${b}'`, loc);
    }
    if (periodic) boundary = 'periodic';
    if (decl.has('spacing'))
      spacing =
        reader.choice(
          decl.get('spacing'),
          ['uniform', 'geometric'] as const,
          `spacing of state '${name}'`,
          loc,
        ) ?? 'uniform';
    if (decl.has('label')) label = reader.string(decl.get('label'), `label of state '${name}'`, loc) ?? name;
    if (decl.has('dim')) {
      const d = reader.number(decl.get('dim'), `dim of state '${name}'`, loc);
      if (d === null) return null;
      if (!Number.isInteger(d) || d < 1 || d > MAX_DIM) {
        reader.error(`dim of state '${name}' must be a whole number from 1 to ${MAX_DIM}, not ${d}`, loc);
        return null;
      }
      dim = d;
    }
  } else {
    reader.error(`state '${name}' must be [min, max] or { min, max, … }, not ${describe(decl)}`, loc);
    return null;
  }
  const n = dim ?? 1;
  const bound = (v: Value, which: string): number[] | null => {
    if (v instanceof ArrayValue) {
      if (dim === null || v.items.length !== n) {
        reader.error(
          dim === null
            ? `${which} of state '${name}' must be a number`
            : `${which} of state '${name}' must be a number or an array of ${n} numbers`,
          loc,
        );
        return null;
      }
      const xs = v.items.map((x) => reader.number(x, `${which} of state '${name}'`, loc));
      return xs.some((x) => x === null) ? null : (xs as number[]);
    }
    const x = reader.number(v, `${which} of state '${name}'`, loc);
    return x === null ? null : new Array<number>(n).fill(x);
  };
  const mins = bound(minV, 'min');
  const maxs = bound(maxV, 'max');
  if (!mins || !maxs) return null;
  const out: StateSpec[] = [];
  for (let i = 0; i < n; i++) {
    const sname = dim === null ? name : `${name}[${i}]`;
    if (!(mins[i] < maxs[i])) {
      reader.error(`state '${sname}' needs min < max, but min is ${mins[i]} and max is ${maxs[i]}`, loc);
      return null;
    }
    if (spacing === 'geometric' && !(mins[i] > 0)) {
      reader.error(`geometric spacing of state '${sname}' needs min > 0, but min is ${mins[i]}`, loc);
      return null;
    }
    const s: StateSpec = {
      name: sname,
      label: dim === null ? label : `${label}[${i}]`,
      min: mins[i],
      max: maxs[i],
      periodic,
      boundary,
      spacing,
    };
    if (dim !== null) s.group = { name, index: i, dim };
    out.push(s);
  }
  return out;
}

function symbolicArguments(domain: Domain): Arguments {
  const states = new ObjectValue([], 'states');
  for (const g of domain.groups) {
    if (g.dim === null) states.props.set(g.name, sym(domain.states[g.first].name));
    else
      states.props.set(
        g.name,
        new ArrayValue(domain.states.slice(g.first, g.first + g.dim).map((s) => sym(s.name))),
      );
  }
  const controls = new ObjectValue(
    domain.controls.map((c) => [c.name, sym(c.name)] as [string, Value]),
    'controls',
  );
  return { states, controls, t: sym('t') };
}

// ------------------------------------------------------------------ functions of the model

/** Evaluate a spec field that is a function of (states, controls, t) or a constant. */
function callField(
  spec: ObjectValue,
  key: string,
  args: Arguments,
  interp: Interpreter,
  at: (k: string) => Loc,
): Value {
  const v = spec.get(key);
  if (isFunction(v)) return interp.call(v, [args.states, args.controls, args.t], { loc: at(key) });
  return v;
}

function readScalarFunction(
  spec: ObjectValue,
  key: string,
  args: Arguments,
  interp: Interpreter,
  reader: SpecReader,
  at: (k: string) => Loc,
  forbidden: readonly string[] = [],
): Expr | null {
  return reader.attempt(() => {
    const v = callField(spec, key, args, interp, at);
    if (typeof v === 'boolean') return num(v ? 1 : 0);
    if (!isNumeric(v))
      throw new LangError(
        `${key} must be a number or a function returning a number, but it ${isFunction(spec.get(key)) ? 'returns' : 'is'} ${describe(v)}`,
        at(key),
      );
    const e = toExpr(v, at(key));
    const free = freeSymbols([e]);
    for (const c of forbidden) {
      if (free.has(c)) throw new LangError(`${key} cannot depend on the control '${c}'`, at(key));
    }
    return e;
  });
}

function readDrift(
  spec: ObjectValue,
  domain: Domain,
  args: Arguments,
  interp: Interpreter,
  reader: SpecReader,
  at: (k: string) => Loc,
): Expr[] | null {
  if (!spec.has('drift')) {
    reader.error('the problem needs drift: (states, controls, t) => ({ … }), the dynamics f', spec.loc);
    return null;
  }
  return reader.attempt(() => {
    const loc = at('drift');
    const v = callField(spec, 'drift', args, interp, at);
    return perState(v, domain, 'drift', loc, true);
  });
}

/**
 * A value given per state: an object keyed by state (vector states take arrays), or an
 * array in state order. Missing states are an error when `required`, zero otherwise.
 */
function perState(v: Value, domain: Domain, what: string, loc: Loc, required: boolean): Expr[] {
  const d = domain.states.length;
  const out: Expr[] = new Array<Expr>(d).fill(ZERO);
  if (v instanceof ArrayValue) {
    const flat = v.items.flatMap((x) => (x instanceof ArrayValue ? x.items : [x]));
    if (flat.length !== d)
      throw new LangError(`${what} must have ${d} entries, one per state, but it has ${flat.length}`, loc);
    return flat.map((x, i) => toExpr(x, loc, `the ${what} of state '${domain.states[i].name}'`));
  }
  if (!(v instanceof ObjectValue))
    throw new LangError(
      `${what} must be an object with one entry per state, such as { ${domain.groups.map((g) => `${g.name}: …`).join(', ')} }, but it is ${describe(v)}`,
      loc,
    );
  const names = domain.groups.map((g) => g.name);
  for (const key of v.props.keys()) {
    if (!names.includes(key))
      throw new LangError(
        `${what} has '${key}', which is not a state${didYouMean(key, names)}`,
        v.propLocs.get(key) ?? loc,
      );
  }
  for (const g of domain.groups) {
    const x = v.props.get(g.name);
    if (x === undefined) {
      if (required) throw new LangError(`${what} is missing the state '${g.name}'`, loc);
      continue;
    }
    const xloc = v.propLocs.get(g.name) ?? loc;
    if (g.dim === null) out[g.first] = toExpr(x, xloc, `the ${what} of state '${g.name}'`);
    else if (x instanceof ArrayValue) {
      if (x.items.length !== g.dim)
        throw new LangError(
          `the ${what} of state '${g.name}' must have ${g.dim} entries, but it has ${x.items.length}`,
          xloc,
        );
      x.items.forEach(
        (xi, i) => (out[g.first + i] = toExpr(xi, xloc, `the ${what} of state '${g.name}[${i}]'`)),
      );
    } else if (!required && isNumeric(x)) {
      // A scalar noise level for a vector state applies to each component.
      const e = toExpr(x, xloc);
      for (let i = 0; i < g.dim; i++) out[g.first + i] = e;
    } else
      throw new LangError(
        `the ${what} of the vector state '${g.name}' must be an array of ${g.dim} entries, not ${describe(x)}`,
        xloc,
      );
  }
  return out;
}

interface Noise {
  matrix: Expr[][];
  k: number;
  diagonal: boolean;
}

function readNoise(
  spec: ObjectValue,
  domain: Domain,
  args: Arguments,
  interp: Interpreter,
  reader: SpecReader,
  at: (k: string) => Loc,
): Noise | null {
  const d = domain.states.length;
  if (!spec.has('noise')) return { matrix: domain.states.map(() => []), k: 0, diagonal: true };
  return reader.attempt(() => {
    const loc = at('noise');
    const v = callField(spec, 'noise', args, interp, at);
    if (isNumeric(v)) {
      // One level for every state: Σ = σ·I.
      const e = toExpr(v, loc);
      return { matrix: diagonalMatrix(new Array<Expr>(d).fill(e)), k: d, diagonal: true };
    }
    if (v instanceof ObjectValue) {
      return { matrix: diagonalMatrix(perState(v, domain, 'noise', loc, false)), k: d, diagonal: true };
    }
    const rowsMsg = `noise must be a ${shape(d, 'k')} matrix (one row per state), a diagonal map such as { ${domain.groups[0].name}: 0.1 }, or a function returning one`;
    if (!(v instanceof ArrayValue) || v.items.length !== d) throw new LangError(rowsMsg, loc);
    const rows = v.items.map((row) => {
      if (!(row instanceof ArrayValue)) throw new LangError(rowsMsg, loc);
      return row.items.map((x) => toExpr(x, loc, 'an entry of the noise matrix'));
    });
    const k = rows[0].length;
    if (k === 0 || rows.some((r) => r.length !== k))
      throw new LangError(
        `noise must be a ${shape(d, 'k')} matrix with the same number of columns in every row (rows have ${rows.map((r) => r.length).join(', ')})`,
        loc,
      );
    const diagonal = k === d && rows.every((r, i) => r.every((x, j) => i === j || isConst(x, 0)));
    return { matrix: rows, k, diagonal };
  });
}

function diagonalMatrix(diag: Expr[]): Expr[][] {
  return diag.map((x, i) => diag.map((_, j) => (i === j ? x : ZERO)));
}

function readExact(
  spec: ObjectValue,
  domain: Domain,
  args: Arguments,
  interp: Interpreter,
  reader: SpecReader,
  at: (k: string) => Loc,
): { value: Expr; policy?: Expr[] } | null {
  const ex = spec.get('exact');
  const loc = at('exact');
  if (!(ex instanceof ObjectValue)) {
    reader.error(`exact must be { value, policy }, not ${describe(ex)}`, loc);
    return null;
  }
  reader.checkKeys(ex, ['value', 'policy'], 'exact');
  if (!ex.has('value')) {
    reader.error('exact needs value: (states, controls, t) => V', loc);
    return null;
  }
  const controlNames = domain.controls.map((c) => c.name);
  const value = readScalarFunction(
    ex,
    'value',
    args,
    interp,
    reader,
    (k) => reader.locOf(ex, k),
    controlNames,
  );
  if (!value) return null;
  if (!ex.has('policy')) return { value };
  const ploc = reader.locOf(ex, 'policy');
  const policy = reader.attempt(() => {
    const p = callField(ex, 'policy', args, interp, (k) => reader.locOf(ex, k));
    let out: Expr[];
    if (isNumeric(p) && controlNames.length === 1) out = [toExpr(p, ploc)];
    else if (p instanceof ObjectValue) {
      for (const key of p.props.keys())
        if (!controlNames.includes(key))
          throw new LangError(
            `exact policy has '${key}', which is not a control${didYouMean(key, controlNames)}`,
            ploc,
          );
      out = controlNames.map((c) => {
        if (!p.has(c)) throw new LangError(`exact policy is missing the control '${c}'`, ploc);
        return toExpr(p.get(c), ploc, `the exact policy for '${c}'`);
      });
    } else
      throw new LangError(
        controlNames.length === 1
          ? `exact policy must return a number or { ${controlNames[0]}: … }, not ${describe(p)}`
          : `exact policy must return an object with one entry per control (${controlNames.join(', ')}), not ${describe(p)}`,
        ploc,
      );
    const free = freeSymbols(out);
    for (const c of controlNames)
      if (free.has(c)) throw new LangError(`the exact policy cannot depend on the control '${c}'`, ploc);
    return out;
  });
  return policy ? { value, policy } : null;
}
