/**
 * The domain of a `problem({...})` spec (docs/architecture.md §4): its states (scalar or
 * vector, with bounds, boundary rules and spacing) and controls, and the symbolic arguments
 * (states, controls, t) every function of the model is called with.
 */
import type { Boundary, ControlSpec, StateSpec } from './types';
import type { Expr } from '../lang/ir';
import { sym } from '../lang/ir';
import type { Loc } from '../lang/diagnostics';
import type { Value } from '../lang/values';
import { ArrayValue, ObjectValue, describe } from '../lang/values';
import type { SpecReader } from './validate';

const STATE_KEYS = ['min', 'max', 'periodic', 'boundary', 'spacing', 'label', 'dim'] as const;
const CONTROL_KEYS = ['min', 'max', 'label'] as const;
const BOUNDARIES = ['reflect', 'exit', 'constraint', 'periodic'] as const;
/** Largest vector state. */
export const MAX_DIM = 64;

/** A scalar state, or a vector state expanded into scalar states. */
export interface StateGroup {
  name: string;
  dim: number | null;
  first: number;
}

export interface Domain {
  states: StateSpec[];
  groups: StateGroup[];
  controls: ControlSpec[];
}

/** The symbolic arguments passed to every user function: (states, controls, t). */
export interface Arguments {
  states: ObjectValue;
  controls: ObjectValue;
  t: Expr;
}

export function readDomain(spec: ObjectValue, reader: SpecReader): Domain | null {
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

export function symbolicArguments(domain: Domain): Arguments {
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
