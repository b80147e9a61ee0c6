/**
 * Reading a property or an element of a problem file's value — arrays, objects (states,
 * controls, Math), text, specs — with the message a user gets when it is not there. The
 * evaluator computes the object and the key; this module decides what they give.
 */
import type * as t from '@babel/types';
import { LangError, locOf } from './diagnostics';
import { ARRAY_METHODS, MAX_ARRAY, arrayMethod } from './builtins';
import { FORBIDDEN_PROPS } from './scope';
import { didYouMean } from './suggest';
import type { CallSite, Value } from './values';
import { ArrayValue, ObjectValue, SpecValue, describe } from './values';

/** Refuse the names that reach prototypes (`constructor`, `__proto__`, …). */
export function refuseForbiddenProperty(key: string, node: t.Node): void {
  if (FORBIDDEN_PROPS.has(key))
    throw new LangError(`'${key}' is not available: problem files have no access to prototypes`, locOf(node));
}

/** The index `key` into `arr`, checked; `forWrite` also allows one past the end. */
export function elementIndex(key: string | number, arr: ArrayValue, node: t.Node, forWrite = false): number {
  const i = typeof key === 'number' ? key : Number(key);
  const limit = forWrite ? arr.items.length : arr.items.length - 1;
  if (!Number.isInteger(i) || i < 0 || i > limit)
    throw new LangError(
      `index ${typeof key === 'number' ? key : `'${key}'`} is outside the array of length ${arr.items.length}`,
      locOf(node),
    );
  if (forWrite && i >= MAX_ARRAY)
    throw new LangError(`arrays are limited to ${MAX_ARRAY} elements`, locOf(node));
  return i;
}

/** `obj.key`, or a message naming what is missing (a state, a control, a Math function). */
export function readProperty(obj: ObjectValue, key: string, node: t.Node, math: ObjectValue): Value {
  refuseForbiddenProperty(key, node);
  if (obj.props.has(key)) return obj.props.get(key);
  const what =
    obj.kind === 'states'
      ? `there is no state '${key}'`
      : obj.kind === 'controls'
        ? `there is no control '${key}'`
        : obj === math
          ? `Math.${key} is not available${key === 'random' ? ': problems must be deterministic' : ''}`
          : `there is no property '${key}'`;
  throw new LangError(`${what}${didYouMean(key, obj.props.keys())}`, locOf(node));
}

/** `obj[key]` for any value; `call` runs the callbacks of array methods. */
export function readMember(
  obj: Value,
  key: string | number,
  node: t.MemberExpression,
  math: ObjectValue,
  call: (fn: Value, args: Value[], site: CallSite) => Value,
): Value {
  if (typeof key === 'string') refuseForbiddenProperty(key, node.property);
  if (obj instanceof ArrayValue) {
    if (key === 'length') return obj.items.length;
    if (typeof key === 'string' && !/^\d+$/.test(key)) {
      const m = arrayMethod(obj, key, call);
      if (m) return m;
      throw new LangError(
        `arrays have no method '${key}'${didYouMean(key, ARRAY_METHODS)}`,
        locOf(node.property),
      );
    }
    return obj.items[elementIndex(key, obj, node.property)];
  }
  if (obj instanceof ObjectValue) return readProperty(obj, String(key), node.property, math);
  if (typeof obj === 'string') {
    if (key === 'length') return obj.length;
    if (typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < obj.length) return obj[key];
    throw new LangError(`text has no property or method '${key}' in problem files`, locOf(node.property));
  }
  if (obj instanceof SpecValue) throw new LangError(`cannot read '${key}' of a ${obj.kind}`, locOf(node));
  throw new LangError(`cannot read '${key}' of ${describe(obj)}`, locOf(node));
}
