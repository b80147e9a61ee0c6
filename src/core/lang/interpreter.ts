/**
 * The compile-time interpreter (docs/architecture.md §4.2). It walks the Babel syntax tree of a
 * problem module; states, controls and time are symbols, so the user's functions, when
 * called here, return IR. It never runs user text as JavaScript and reaches nothing
 * outside this module: scopes hold only what the program declared plus the imported
 * helpers; objects and arrays are our own Maps and lists, so there is no prototype,
 * `constructor` or global to reach.
 *
 * Limits (so no input can hang or exhaust memory): a step budget counted on every
 * evaluated node, loop iteration and array element; a call-depth limit; array and text
 * size limits (builtins.ts, arith.ts). A stack overflow in a pathological tree is caught
 * by the caller and reported too.
 */
import type * as t from '@babel/types';
import type { ParameterSpec } from '../problem/types';
import type { Loc } from './diagnostics';
import { LangError, WHOLE_FILE, locOf } from './diagnostics';
import { Evaluator, type Completion } from './evaluator';
import { refuseAsyncOrGenerator, refuseStatement } from './refusals';
import { Scope } from './scope';
import { HELPER_NAMES } from './builtins';
import { didYouMean } from './suggest';
import type { Value } from './values';
import { ArrayValue, Closure, ObjectValue, describe, isExpr } from './values';

export interface ModuleResult {
  /** The default export (normally a SpecValue), or undefined. */
  exported: Value;
  exportLoc: Loc;
  parameters: ParameterSpec[];
  interpreter: Interpreter;
}

export interface RunOptions {
  overrides?: Readonly<Record<string, number>>;
  stepBudget?: number;
}

function isTypeOnly(node: t.Node): boolean {
  return (
    node.type === 'TSTypeAliasDeclaration' ||
    node.type === 'TSInterfaceDeclaration' ||
    node.type === 'TSDeclareFunction' ||
    node.type === 'TSModuleDeclaration' ||
    (node.type === 'ImportDeclaration' && node.importKind === 'type')
  );
}

/** The interpreter of a problem module: the module level and statements over the Evaluator. */
export class Interpreter extends Evaluator {
  // ---------------------------------------------------------------- module level

  runModule(program: t.Program, options: RunOptions): ModuleResult {
    const parameters: ParameterSpec[] = [];
    let exported: Value = undefined;
    let exportLoc: Loc = WHOLE_FILE;
    const overrides = options.overrides ?? {};
    const scope = new Scope(this.global);
    // Imports first, as in JavaScript (they are hoisted).
    for (const stmt of program.body) if (stmt.type === 'ImportDeclaration') this.importDecl(stmt, scope);
    this.hoistFunctions(program.body, scope);
    for (const stmt of program.body) {
      this.tick(stmt);
      if (stmt.type === 'ImportDeclaration') continue;
      if (stmt.type === 'ExportDefaultDeclaration') {
        const decl = stmt.declaration;
        if (
          decl.type === 'FunctionDeclaration' ||
          decl.type === 'ClassDeclaration' ||
          decl.type === 'TSDeclareFunction'
        )
          throw new LangError('export default must be problem({ ... }) or diffusion({ ... })', locOf(decl));
        exported = this.expr(decl as t.Expression, scope);
        exportLoc = locOf(decl);
        continue;
      }
      if (stmt.type === 'ExportNamedDeclaration') {
        if (stmt.source || !stmt.declaration)
          throw new LangError('only `export const …` and `export default` are supported', locOf(stmt));
        if (stmt.declaration.type === 'VariableDeclaration')
          this.collectParameters(stmt.declaration, parameters, overrides);
        this.exec(stmt.declaration, scope);
        continue;
      }
      if (stmt.type === 'VariableDeclaration') this.collectParameters(stmt, parameters, overrides);
      const c = this.exec(stmt, scope);
      if (c) throw new LangError(`'${c.kind}' outside a function or loop`, locOf(stmt));
    }
    // Parameters: overrides replace the declared value before evaluation (see varDecl).
    return { exported, exportLoc, parameters, interpreter: this };
  }

  /** Overrides for the parameters found so far (top-level numeric literals only). */
  private parameterOverrides = new Map<string, number>();

  /** Top-level `const name = <number>` (or `-<number>`): parameters with the literal's range. */
  private collectParameters(
    decl: t.VariableDeclaration,
    out: ParameterSpec[],
    overrides: Readonly<Record<string, number>>,
  ): void {
    for (const d of decl.declarations) {
      if (d.id.type !== 'Identifier' || !d.init) continue;
      let init: t.Node = d.init;
      while (init.type === 'TSAsExpression' || init.type === 'TSSatisfiesExpression') init = init.expression;
      let sign = 1;
      let literal: t.Node = init;
      if (
        init.type === 'UnaryExpression' &&
        init.operator === '-' &&
        init.argument.type === 'NumericLiteral'
      ) {
        sign = -1;
        literal = init.argument;
      }
      if (literal.type !== 'NumericLiteral') continue;
      const name = d.id.name;
      const declared = sign * literal.value;
      const overridden = Object.prototype.hasOwnProperty.call(overrides, name);
      const value = overridden ? overrides[name] : declared;
      if (overridden) this.parameterOverrides.set(name, value);
      out.push({ name, value, range: locOf(init) });
    }
  }

  private importDecl(stmt: t.ImportDeclaration, scope: Scope): void {
    if (isTypeOnly(stmt)) return;
    if (stmt.source.value !== 'hjb-lab')
      throw new LangError(
        `cannot import "${stmt.source.value}": problem files can only import from "hjb-lab"`,
        locOf(stmt.source),
      );
    for (const spec of stmt.specifiers) {
      if (spec.type === 'ImportSpecifier') {
        if (spec.importKind === 'type') continue;
        const imported = spec.imported.type === 'Identifier' ? spec.imported.name : spec.imported.value;
        const v = this.helpers.get(imported);
        if (v === undefined)
          throw new LangError(
            `"hjb-lab" has no export '${imported}'${didYouMean(imported, HELPER_NAMES)}`,
            locOf(spec.imported),
          );
        this.imported.add(imported);
        scope.vars.set(spec.local.name, { value: v, mutable: false });
      } else if (spec.type === 'ImportNamespaceSpecifier') {
        const ns = new ObjectValue(this.helpers.entries(), 'module');
        for (const k of this.helpers.keys()) this.imported.add(k);
        scope.vars.set(spec.local.name, { value: ns, mutable: false });
      } else {
        throw new LangError(
          '"hjb-lab" has no default export; write import { problem, sin, … } from "hjb-lab"',
          locOf(spec),
        );
      }
    }
  }

  // ---------------------------------------------------------------- statements

  private hoistFunctions(body: readonly t.Statement[], scope: Scope): void {
    for (const stmt of body) {
      const decl =
        stmt.type === 'ExportNamedDeclaration' && stmt.declaration ? stmt.declaration : (stmt as t.Node);
      if (decl.type === 'FunctionDeclaration' && decl.id) {
        refuseAsyncOrGenerator(decl);
        scope.vars.set(decl.id.name, {
          value: new Closure(decl.params, decl.body, scope, decl.id.name, locOf(decl)),
          mutable: true,
        });
      }
    }
  }

  protected block(body: readonly t.Statement[], scope: Scope): Completion {
    this.hoistFunctions(body, scope);
    for (const s of body) {
      const c = this.exec(s, scope);
      if (c) return c;
    }
    return undefined;
  }

  exec(node: t.Statement, scope: Scope): Completion {
    this.tick(node);
    if (isTypeOnly(node)) return undefined;
    switch (node.type) {
      case 'ExpressionStatement':
        this.expr(node.expression, scope);
        return undefined;
      case 'VariableDeclaration':
        this.varDecl(node, scope);
        return undefined;
      case 'FunctionDeclaration':
        return undefined; // hoisted
      case 'EmptyStatement':
        return undefined;
      case 'BlockStatement':
        return this.block(node.body, new Scope(scope));
      case 'ReturnStatement':
        return { kind: 'return', value: node.argument ? this.expr(node.argument, scope) : undefined };
      case 'IfStatement': {
        const test = this.expr(node.test, scope);
        if (isExpr(test))
          throw new LangError(
            'this `if` depends on the state, control or time, which are only known when the problem is solved; use a conditional expression `cond ? a : b` instead',
            locOf(node.test),
          );
        if (test) return this.exec(node.consequent, new Scope(scope));
        if (node.alternate) return this.exec(node.alternate, new Scope(scope));
        return undefined;
      }
      case 'ForStatement':
        return this.forStatement(node, scope);
      case 'ForOfStatement':
        return this.forOf(node, scope);
      case 'WhileStatement':
      case 'DoWhileStatement': {
        let first = node.type === 'DoWhileStatement';
        for (;;) {
          this.tick(node);
          if (!first && !this.condition(node.test, scope)) break;
          first = false;
          const c = this.exec(node.body, new Scope(scope));
          if (c?.kind === 'break') break;
          if (c?.kind === 'return') return c;
          if (node.type === 'DoWhileStatement' && !this.condition(node.test, scope)) break;
          if (node.type === 'DoWhileStatement') first = true;
        }
        return undefined;
      }
      case 'BreakStatement':
      case 'ContinueStatement':
        if (node.label) throw new LangError('labelled break/continue is not supported', locOf(node));
        return { kind: node.type === 'BreakStatement' ? 'break' : 'continue' };
      default:
        return refuseStatement(node);
    }
  }

  private condition(test: t.Expression, scope: Scope): boolean {
    const v = this.expr(test, scope);
    if (isExpr(v))
      throw new LangError(
        'a loop condition must be known at compile time; it cannot depend on the state, control or time',
        locOf(test),
      );
    return Boolean(v);
  }

  private forStatement(node: t.ForStatement, outer: Scope): Completion {
    const scope = new Scope(outer);
    if (node.init) {
      if (node.init.type === 'VariableDeclaration') this.varDecl(node.init, scope);
      else this.expr(node.init, scope);
    }
    for (;;) {
      this.tick(node);
      if (node.test && !this.condition(node.test, scope)) break;
      // A fresh scope per iteration copies the loop variables, as `let` does in JS.
      const iter = new Scope(scope);
      const c = this.exec(node.body, iter);
      if (c?.kind === 'break') break;
      if (c?.kind === 'return') return c;
      if (node.update) this.expr(node.update, scope);
    }
    return undefined;
  }

  private forOf(node: t.ForOfStatement, scope: Scope): Completion {
    if (node.await) throw new LangError('for await is not supported', locOf(node));
    const iterable = this.expr(node.right, scope);
    let items: Value[];
    if (iterable instanceof ArrayValue) items = [...iterable.items];
    else if (typeof iterable === 'string') items = [...iterable];
    else throw new LangError(`for…of needs an array, not ${describe(iterable)}`, locOf(node.right));
    for (const item of items) {
      this.tick(node);
      const iter = new Scope(scope);
      if (node.left.type === 'VariableDeclaration') {
        const d = node.left.declarations[0];
        this.bindPattern(d.id, item, iter, node.left.kind !== 'const');
      } else {
        this.assignTo(node.left as t.LVal, item, scope);
      }
      const c = this.exec(node.body, iter);
      if (c?.kind === 'break') break;
      if (c?.kind === 'return') return c;
    }
    return undefined;
  }

  private varDecl(node: t.VariableDeclaration, scope: Scope): void {
    if (node.kind !== 'const' && node.kind !== 'let' && node.kind !== 'var')
      throw new LangError(`'${node.kind}' declarations are not supported`, locOf(node));
    for (const d of node.declarations) {
      let value: Value = d.init ? this.expr(d.init, scope) : undefined;
      // A top-level parameter with an override (slider, --set) takes the new value.
      if (
        d.id.type === 'Identifier' &&
        scope.parent === this.global &&
        this.parameterOverrides.has(d.id.name)
      )
        value = this.parameterOverrides.get(d.id.name);
      this.bindPattern(d.id, value, scope, node.kind !== 'const');
    }
  }
}
