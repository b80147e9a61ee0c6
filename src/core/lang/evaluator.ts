/**
 * The expression half of the compile-time interpreter (docs/architecture.md §4.2): values,
 * patterns, member access and calls, with the step budget and call-depth limit that keep any
 * input from hanging. Statements and the module level are in interpreter.ts, which extends
 * this class; states, controls and time are symbols, so arithmetic on them builds IR.
 */
import type * as t from '@babel/types';
import type { Loc } from './diagnostics';
import { LangError, locOf } from './diagnostics';
import { binaryOperator, symbolicLogic, symbolicSelect, unaryOperator, MAX_STRING } from './arith';
import { MAX_ARRAY, makeHelpers, makeMath } from './builtins';
import { elementIndex, readMember, readProperty, refuseForbiddenProperty } from './members';
import {
  describeNode,
  refuseAsyncOrGenerator,
  refuseCallee,
  refuseExpression,
  refuseForbiddenName,
  unknownNameError,
} from './refusals';
import { Scope } from './scope';
import type { CallSite, Value } from './values';
import { ArrayValue, Builtin, Closure, ObjectValue, describe, isExpr } from './values';

export const DEFAULT_STEP_BUDGET = 2_000_000;
export const MAX_CALL_DEPTH = 200;

/** How a statement ended, when not by falling through. */
export type Completion =
  undefined | { kind: 'return'; value: Value } | { kind: 'break' } | { kind: 'continue' };

export abstract class Evaluator {
  steps = 0;
  private depth = 0;
  readonly helpers = makeHelpers();
  readonly math: ObjectValue;
  readonly global = new Scope(null);
  /** Helper names imported from "hjb-lab" (others are suggested when used). */
  protected readonly imported = new Set<string>();

  constructor(
    readonly source: string,
    readonly stepBudget = DEFAULT_STEP_BUDGET,
  ) {
    this.math = makeMath(this.helpers);
    this.global.vars.set('Math', { value: this.math, mutable: false });
    this.global.vars.set('undefined', { value: undefined, mutable: false });
    this.global.vars.set('NaN', { value: NaN, mutable: false });
    this.global.vars.set('Infinity', { value: Infinity, mutable: false });
  }

  protected tick(node: t.Node, n = 1): void {
    this.steps += n;
    if (this.steps > this.stepBudget) this.overBudget(locOf(node));
  }

  /** Count work done outside the tree walk (array elements, builtin loops). */
  charge(n: number, loc: Loc): void {
    this.steps += n;
    if (this.steps > this.stepBudget) this.overBudget(loc);
  }

  private overBudget(loc: Loc): never {
    throw new LangError(
      `the problem takes too long to evaluate (more than ${this.stepBudget.toLocaleString('en-US')} steps); is there an endless loop?`,
      loc,
    );
  }

  /** Run a block's statements: a function body calls back into the statement walker. */
  protected abstract block(body: readonly t.Statement[], scope: Scope): Completion;

  // ---------------------------------------------------------------- patterns

  bindPattern(pattern: t.Node, value: Value, scope: Scope, mutable: boolean): void {
    this.tick(pattern);
    switch (pattern.type) {
      case 'Identifier':
        refuseForbiddenName(pattern.name, pattern);
        if (scope.vars.has(pattern.name) && scope.vars.get(pattern.name)!.value !== undefined && !mutable)
          throw new LangError(`'${pattern.name}' is already declared`, locOf(pattern));
        scope.vars.set(pattern.name, { value, mutable });
        return;
      case 'AssignmentPattern': {
        const v = value === undefined ? this.expr(pattern.right, scope) : value;
        this.bindPattern(pattern.left, v, scope, mutable);
        return;
      }
      case 'ObjectPattern': {
        if (!(value instanceof ObjectValue))
          throw new LangError(`cannot take properties of ${describe(value)}`, locOf(pattern));
        const used = new Set<string>();
        for (const prop of pattern.properties) {
          if (prop.type === 'RestElement') {
            const rest = new ObjectValue(
              [...value.props].filter(([k]) => !used.has(k)),
              value.kind,
            );
            this.bindPattern(prop.argument, rest, scope, mutable);
            continue;
          }
          const key = this.propertyKey(prop.key, prop.computed, scope);
          used.add(key);
          const v = readProperty(value, key, prop.key, this.math);
          this.bindPattern(prop.value, v, scope, mutable);
        }
        return;
      }
      case 'ArrayPattern': {
        if (!(value instanceof ArrayValue))
          throw new LangError(`cannot take elements of ${describe(value)}`, locOf(pattern));
        pattern.elements.forEach((el, i) => {
          if (!el) return;
          if (el.type === 'RestElement')
            this.bindPattern(el.argument, new ArrayValue(value.items.slice(i)), scope, mutable);
          else this.bindPattern(el, value.items[i], scope, mutable);
        });
        return;
      }
      case 'RestElement':
        this.bindPattern(pattern.argument, value, scope, mutable);
        return;
      default:
        throw new LangError(`${describeNode(pattern.type)} is not supported here`, locOf(pattern));
    }
  }

  protected assignTo(target: t.LVal | t.Node, value: Value, scope: Scope): void {
    if (target.type === 'Identifier') {
      const b = scope.lookup(target.name);
      if (!b) throw this.unknownName(target.name, target, scope);
      if (!b.mutable)
        throw new LangError(`'${target.name}' is a constant and cannot be reassigned`, locOf(target));
      b.value = value;
      return;
    }
    if (target.type === 'MemberExpression') {
      const obj = this.expr(target.object as t.Expression, scope);
      const key = this.memberKey(target, scope);
      if (obj instanceof ArrayValue) {
        const i = elementIndex(key, obj, target.property, true);
        if (i === obj.items.length) obj.items.push(value);
        else obj.items[i] = value;
        return;
      }
      if (obj instanceof ObjectValue && obj.kind === 'object') {
        if (typeof key !== 'string')
          throw new LangError('object keys must be names or text', locOf(target.property));
        obj.props.set(key, value);
        return;
      }
      throw new LangError(`cannot assign a property of ${describe(obj)}`, locOf(target));
    }
    if (target.type === 'ArrayPattern' || target.type === 'ObjectPattern') {
      this.bindPattern(target, value, scope, true);
      return;
    }
    throw new LangError(`cannot assign to ${describeNode(target.type)}`, locOf(target));
  }

  // ---------------------------------------------------------------- expressions

  expr(node: t.Expression | t.Node, scope: Scope): Value {
    this.tick(node);
    switch (node.type) {
      case 'NumericLiteral':
        return node.value;
      case 'StringLiteral':
        return node.value;
      case 'BooleanLiteral':
        return node.value;
      case 'NullLiteral':
        return null;
      case 'TemplateLiteral': {
        let s = node.quasis[0].value.cooked ?? '';
        node.expressions.forEach((e, i) => {
          const v = this.expr(e, scope);
          if (typeof v === 'object' && v !== null)
            throw new LangError(`cannot put ${describe(v)} into text`, locOf(e));
          s += String(v) + (node.quasis[i + 1].value.cooked ?? '');
          if (s.length > MAX_STRING) throw new LangError('text too long', locOf(node));
        });
        return s;
      }
      case 'Identifier':
        return this.identifier(node, scope);
      case 'ArrayExpression':
        return this.arrayLiteral(node, scope);
      case 'ObjectExpression':
        return this.objectLiteral(node, scope);
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        refuseAsyncOrGenerator(node);
        return new Closure(
          node.params,
          node.body,
          scope,
          node.type === 'FunctionExpression' && node.id ? node.id.name : 'function',
          locOf(node),
        );
      case 'BinaryExpression': {
        if (node.left.type === 'PrivateName')
          throw new LangError('private names are not supported', locOf(node));
        const a = this.expr(node.left, scope);
        const b = this.expr(node.right, scope);
        if (node.operator === 'in' || node.operator === 'instanceof')
          throw new LangError(`'${node.operator}' is not supported in problem files`, locOf(node));
        return binaryOperator(node.operator, a, b, locOf(node));
      }
      case 'LogicalExpression': {
        const a = this.expr(node.left, scope);
        if (isExpr(a)) {
          if (node.operator === '??') return a;
          return symbolicLogic(node.operator, a, this.expr(node.right, scope), locOf(node));
        }
        if (node.operator === '&&') return a ? this.expr(node.right, scope) : a;
        if (node.operator === '||') return a ? a : this.expr(node.right, scope);
        return a ?? this.expr(node.right, scope);
      }
      case 'UnaryExpression': {
        if (node.operator === 'typeof' || node.operator === 'void' || node.operator === 'delete')
          throw new LangError(`'${node.operator}' is not supported in problem files`, locOf(node));
        return unaryOperator(node.operator, this.expr(node.argument, scope), locOf(node));
      }
      case 'ConditionalExpression': {
        const test = this.expr(node.test, scope);
        if (isExpr(test)) {
          const a = this.expr(node.consequent, scope);
          const b = this.expr(node.alternate, scope);
          return symbolicSelect(test, a, b, locOf(node));
        }
        return test ? this.expr(node.consequent, scope) : this.expr(node.alternate, scope);
      }
      case 'CallExpression':
        return this.callExpression(node, scope);
      case 'MemberExpression':
        return this.member(node, scope);
      case 'OptionalMemberExpression':
      case 'OptionalCallExpression':
        throw new LangError('optional chaining (?.) is not supported in problem files', locOf(node));
      case 'AssignmentExpression': {
        let value = this.expr(node.right, scope);
        if (node.operator !== '=') {
          const op = node.operator.slice(0, -1);
          if (!['+', '-', '*', '/', '**', '%'].includes(op))
            throw new LangError(`the operator '${node.operator}' is not supported`, locOf(node));
          const current = this.expr(node.left as t.Expression, scope);
          value = binaryOperator(op, current, value, locOf(node));
        }
        this.assignTo(node.left, value, scope);
        return value;
      }
      case 'UpdateExpression': {
        const old = this.expr(node.argument, scope);
        const next = binaryOperator(node.operator === '++' ? '+' : '-', old, 1, locOf(node));
        this.assignTo(node.argument, next, scope);
        return node.prefix ? next : old;
      }
      case 'SequenceExpression': {
        let v: Value = undefined;
        for (const e of node.expressions) v = this.expr(e, scope);
        return v;
      }
      case 'ParenthesizedExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
        return this.expr(node.expression, scope);
      default:
        return refuseExpression(node);
    }
  }

  private unknownName(name: string, node: t.Node, scope: Scope): LangError {
    return unknownNameError(name, node, scope, this.helpers.has(name) && !this.imported.has(name));
  }

  private identifier(node: t.Identifier, scope: Scope): Value {
    const b = scope.lookup(node.name);
    if (!b) throw this.unknownName(node.name, node, scope);
    return b.value;
  }

  private arrayLiteral(node: t.ArrayExpression, scope: Scope): Value {
    const items: Value[] = [];
    for (const el of node.elements) {
      if (el === null) throw new LangError('arrays with holes are not supported', locOf(node));
      if (el.type === 'SpreadElement') {
        const v = this.expr(el.argument, scope);
        if (!(v instanceof ArrayValue))
          throw new LangError(`cannot spread ${describe(v)} into an array`, locOf(el));
        this.charge(v.items.length, locOf(el));
        items.push(...v.items);
      } else items.push(this.expr(el, scope));
      if (items.length > MAX_ARRAY)
        throw new LangError(`arrays are limited to ${MAX_ARRAY} elements`, locOf(node));
    }
    return new ArrayValue(items);
  }

  private propertyKey(key: t.Node, computed: boolean, scope: Scope): string {
    if (!computed) {
      if (key.type === 'Identifier') return key.name;
      if (key.type === 'StringLiteral') return key.value;
      if (key.type === 'NumericLiteral') return String(key.value);
    }
    const v = this.expr(key, scope);
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    throw new LangError(`object keys must be names or text, not ${describe(v)}`, locOf(key));
  }

  private objectLiteral(node: t.ObjectExpression, scope: Scope): Value {
    const obj = new ObjectValue([], 'object', locOf(node));
    for (const prop of node.properties) {
      if (prop.type === 'SpreadElement') {
        const v = this.expr(prop.argument, scope);
        if (!(v instanceof ObjectValue))
          throw new LangError(`cannot spread ${describe(v)} into an object`, locOf(prop));
        for (const [k, x] of v.props) {
          obj.props.set(k, x);
          const l = v.propLocs.get(k);
          if (l) obj.propLocs.set(k, l);
        }
        continue;
      }
      const key = this.propertyKey(prop.key, prop.computed, scope);
      refuseForbiddenProperty(key, prop.key);
      if (prop.type === 'ObjectMethod') {
        if (prop.kind !== 'method') throw new LangError('getters and setters are not supported', locOf(prop));
        refuseAsyncOrGenerator(prop);
        obj.props.set(key, new Closure(prop.params, prop.body, scope, key, locOf(prop)));
      } else {
        obj.props.set(key, this.expr(prop.value as t.Expression, scope));
      }
      obj.propLocs.set(key, locOf(prop));
    }
    return obj;
  }

  private memberKey(node: t.MemberExpression, scope: Scope): string | number {
    if (!node.computed) {
      if (node.property.type === 'Identifier') return node.property.name;
      throw new LangError('private names are not supported', locOf(node.property));
    }
    const v = this.expr(node.property as t.Expression, scope);
    if (typeof v === 'number' || typeof v === 'string') return v;
    if (isExpr(v))
      throw new LangError(
        'an index must be a number known at compile time, not an expression of the state',
        locOf(node.property),
      );
    throw new LangError(`cannot index with ${describe(v)}`, locOf(node.property));
  }

  private member(node: t.MemberExpression, scope: Scope): Value {
    const obj = this.expr(node.object as t.Expression, scope);
    return readMember(obj, this.memberKey(node, scope), node, this.math, (f, a, s) => this.call(f, a, s));
  }

  private callExpression(node: t.CallExpression, scope: Scope): Value {
    refuseCallee(node, scope);
    const fn = this.expr(node.callee, scope);
    const args: Value[] = [];
    for (const a of node.arguments) {
      if (a.type === 'SpreadElement') {
        const v = this.expr(a.argument, scope);
        if (!(v instanceof ArrayValue))
          throw new LangError(`cannot spread ${describe(v)} into arguments`, locOf(a));
        args.push(...v.items);
      } else if (a.type === 'ArgumentPlaceholder') {
        throw new LangError('argument placeholders are not supported', locOf(a));
      } else args.push(this.expr(a, scope));
    }
    return this.call(fn, args, { loc: locOf(node) }, node.callee);
  }

  /** Call a function value (a user closure or a builtin) with arguments. */
  call(fn: Value, args: Value[], site: CallSite, calleeNode?: t.Node): Value {
    if (fn instanceof Builtin) {
      this.charge(1 + args.length, site.loc);
      return fn.fn(args, site);
    }
    if (!(fn instanceof Closure)) {
      const name = calleeNode?.type === 'Identifier' ? `'${calleeNode.name}'` : 'this';
      throw new LangError(`${name} is not a function (it is ${describe(fn)})`, site.loc);
    }
    if (this.depth >= MAX_CALL_DEPTH)
      throw new LangError(
        `functions call each other too deeply (more than ${MAX_CALL_DEPTH} levels)`,
        site.loc,
      );
    this.depth++;
    try {
      const scope = new Scope(fn.env as Scope);
      (fn.params as t.Node[]).forEach((p, i) => {
        if (p.type === 'RestElement')
          this.bindPattern(p.argument, new ArrayValue(args.slice(i)), scope, true);
        else if (p.type === 'TSParameterProperty')
          throw new LangError('parameter properties are not supported', locOf(p));
        else this.bindPattern(p, args[i], scope, true);
      });
      const body = fn.body as t.BlockStatement | t.Expression;
      if (body.type === 'BlockStatement') {
        const c = this.block(body.body, scope);
        return c?.kind === 'return' ? c.value : undefined;
      }
      return this.expr(body, scope);
    } finally {
      this.depth--;
    }
  }
}
