/**
 * Lexical scopes of the compile-time interpreter, and the JavaScript names and properties a
 * problem file may not reach (with the reason the diagnostic gives).
 */
import type { Value } from './values';

/** Names that exist in JavaScript but not here, with the reason we give. */
export const FORBIDDEN: Readonly<Record<string, string>> = {
  eval: 'problem files cannot run code',
  Function: 'problem files cannot run code',
  require: 'problem files cannot load modules; import helpers from "hjb-lab"',
  globalThis: 'problem files have no access to globals',
  window: 'problem files have no access to globals',
  self: 'problem files have no access to globals',
  global: 'problem files have no access to globals',
  process: 'problem files have no access to the system',
  document: 'problem files have no access to the page',
  Reflect: 'problem files have no access to reflection',
  Proxy: 'problem files have no access to reflection',
  Object: 'problem files have no access to prototypes',
  Array: 'use array literals, range(n) or .map instead',
  String: 'problem files have no access to prototypes',
  Number: 'problem files have no access to prototypes',
  Symbol: 'problem files have no access to prototypes',
  constructor: 'problem files have no access to prototypes or constructors',
  __proto__: 'problem files have no access to prototypes',
  prototype: 'problem files have no access to prototypes',
  fetch: 'problem files have no network access',
  setTimeout: 'problem files cannot schedule code',
  setInterval: 'problem files cannot schedule code',
  console: 'problem files cannot print; the inspector shows the compiled problem',
  JSON: 'JSON is not available in problem files',
  Date: 'problem files must be deterministic',
  WebAssembly: 'problem files cannot run code',
  importScripts: 'problem files cannot load code',
};

export const FORBIDDEN_PROPS = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

export interface Binding {
  value: Value;
  mutable: boolean;
}

export class Scope {
  readonly vars = new Map<string, Binding>();
  constructor(readonly parent: Scope | null) {}

  lookup(name: string): Binding | undefined {
    const own = this.vars.get(name);
    if (own) return own;
    for (let s = this.parent; s; s = s.parent) {
      const b = s.vars.get(name);
      if (b) return b;
    }
    return undefined;
  }

  names(): string[] {
    const out = [...this.vars.keys()];
    for (let s = this.parent; s; s = s.parent) out.push(...s.vars.keys());
    return out;
  }
}
