/**
 * The syntax a problem file may not use, each with a message that says what to write
 * instead. The interpreter's walkers fall through to these for every node they do not run.
 */
import type * as t from '@babel/types';
import { LangError, locOf } from './diagnostics';
import { HELPER_NAMES } from './builtins';
import type { Scope } from './scope';
import { FORBIDDEN } from './scope';
import { didYouMean } from './suggest';

/** A statement the interpreter does not run. */
export function refuseStatement(node: t.Statement): never {
  switch (node.type) {
    case 'ForInStatement':
      throw new LangError('for…in is not supported; use for…of over an array', locOf(node));
    case 'ThrowStatement':
    case 'TryStatement':
      throw new LangError('exceptions (throw/try) are not supported in problem files', locOf(node));
    case 'ClassDeclaration':
      throw new LangError('classes are not supported in problem files', locOf(node));
    case 'ImportDeclaration':
      throw new LangError('imports belong at the top of the file', locOf(node));
    case 'TSEnumDeclaration':
      throw new LangError('enums are not supported; use constants', locOf(node));
    default:
      throw new LangError(`${describeNode(node.type)} is not supported in problem files`, locOf(node));
  }
}

/** An expression the interpreter does not evaluate. */
export function refuseExpression(node: t.Node): never {
  switch (node.type) {
    case 'ImportExpression':
    case 'Import': {
      const src =
        node.type === 'ImportExpression' && node.source.type === 'StringLiteral'
          ? `("${node.source.value}")`
          : '()';
      throw new LangError(
        `dynamic import${src} is not available: problem files can only use the static import from "hjb-lab"`,
        locOf(node),
      );
    }
    case 'NewExpression':
      throw new LangError(
        "'new' is not available in problem files; use array literals, range(n) and .map instead",
        locOf(node),
      );
    case 'ThisExpression':
      throw new LangError("'this' is not available in problem files", locOf(node));
    case 'Super':
      throw new LangError("'super' is not available in problem files", locOf(node));
    case 'AwaitExpression':
    case 'YieldExpression':
      throw new LangError(`${describeNode(node.type)} is not supported in problem files`, locOf(node));
    case 'TaggedTemplateExpression':
      throw new LangError('tagged templates are not supported in problem files', locOf(node));
    case 'RegExpLiteral':
      throw new LangError('regular expressions are not supported in problem files', locOf(node));
    case 'BigIntLiteral':
      throw new LangError('BigInt literals are not supported; use ordinary numbers', locOf(node));
    case 'ClassExpression':
      throw new LangError('classes are not supported in problem files', locOf(node));
    case 'MetaProperty':
      throw new LangError(`'${node.meta.name}.${node.property.name}' is not available`, locOf(node));
    case 'JSXElement':
    case 'JSXFragment':
      throw new LangError('JSX is not supported in problem files', locOf(node));
    default:
      throw new LangError(`${describeNode(node.type)} is not supported in problem files`, locOf(node));
  }
}

export function describeNode(type: string): string {
  const words = type
    .replace(/^TS/, 'TypeScript ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return `'${words}'`;
}

/** Functions the interpreter cannot run: async ones and generators. */
export function refuseAsyncOrGenerator(node: t.Function): void {
  if (node.async) throw new LangError('async functions are not supported in problem files', locOf(node));
  if (node.generator) throw new LangError('generators are not supported in problem files', locOf(node));
}

/** Names that would reach JavaScript's object machinery. */
export function refuseForbiddenName(name: string, node: t.Node): void {
  if (name === 'constructor' || name === '__proto__' || name === 'prototype')
    throw new LangError(`'${name}' is not available: ${FORBIDDEN[name]}`, locOf(node));
}

/** Calls that would load code: dynamic import() and an undeclared require. */
export function refuseCallee(node: t.CallExpression, scope: Scope): void {
  if (node.callee.type === 'Import' || node.callee.type === 'V8IntrinsicIdentifier')
    throw new LangError(
      'dynamic import() is not available: problem files can only use the static import from "hjb-lab"',
      locOf(node),
    );
  if (node.callee.type === 'Identifier' && node.callee.name === 'require' && !scope.lookup('require'))
    throw new LangError(`'require' is not available: ${FORBIDDEN.require}`, locOf(node.callee));
}

/**
 * The message for a name that is not in scope: a forbidden global says why, a helper not yet
 * imported says how to import it, anything else gets the nearest names in scope.
 */
export function unknownNameError(
  name: string,
  node: t.Node,
  scope: Scope,
  helperNotImported: boolean,
): LangError {
  if (FORBIDDEN[name] !== undefined && Object.prototype.hasOwnProperty.call(FORBIDDEN, name))
    return new LangError(`'${name}' is not available: ${FORBIDDEN[name]}`, locOf(node));
  if (helperNotImported)
    return new LangError(
      `'${name}' is a helper of "hjb-lab": add it to the import, import { ${name} } from "hjb-lab"`,
      locOf(node),
    );
  const candidates = new Set([...scope.names(), ...HELPER_NAMES]);
  return new LangError(`unknown name '${name}'${didYouMean(name, candidates)}`, locOf(node));
}
