/**
 * The functions of a `problem({...})` spec read into IR (docs/architecture.md §4): reward,
 * drift, noise, terminal/exit/target and the exact solution, each checked for its shape
 * against the domain, every mistake a diagnostic.
 */
import type { Expr } from '../lang/ir';
import { ZERO, isConst, num } from '../lang/ir';
import { freeSymbols } from '../lang/ir-graph';
import type { Loc } from '../lang/diagnostics';
import { LangError } from '../lang/diagnostics';
import type { Interpreter } from '../lang/interpreter';
import { didYouMean } from '../lang/suggest';
import type { Value } from '../lang/values';
import { ArrayValue, ObjectValue, describe, isFunction, isNumeric, toExpr } from '../lang/values';
import { SpecReader, shape } from './validate';
import type { Arguments, Domain } from './control-domain';

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

export function readScalarFunction(
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

export function readDrift(
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

export interface Noise {
  matrix: Expr[][];
  k: number;
  diagonal: boolean;
}

export function readNoise(
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

export function readExact(
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
