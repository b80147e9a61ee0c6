/**
 * Batch kernels: many IR outputs compiled into one function over structure-of-arrays
 * Float64Array inputs (the BatchKernel contract of src/core/problem/types.ts).
 *
 * Two backends compute the same thing:
 * - 'js': JavaScript source generated from the IR and instantiated with `new Function`.
 *   One straight-line loop body per point, every DAG node a `const` local, so common
 *   subexpressions are computed once and V8 keeps everything in registers. bench/lang.ts
 *   measures it at the speed of hand-written code; it is the default.
 * - 'interpreter': a tape over typed arrays, evaluated instruction by instruction over
 *   blocks of points. No code generation at all; used when `new Function` is refused
 *   (a Content-Security-Policy without 'unsafe-eval') or on request.
 *
 * Security argument for the 'js' backend (docs/architecture.md §9.3: a shared project must
 * not be able to run code). The generated text is assembled ONLY from
 *   (1) fixed templates in this file, chosen by the node's `op` (a closed union type),
 *   (2) local variable names we make from integers: a node's position in the function
 *       (`v12`), a constant's slot in the constant table (`k3`), input/output positions
 *       (`i0`, `o3`).
 * Numbers never enter the text: constants are read from a Float64Array table `K` passed
 * when the function is made (nodeNames). Symbol names, strings, titles and any other user
 * text never enter the generated source: symbols are bound to input arrays by position.
 * The function receives a frozen object of Math functions as its only free variable, so
 * the code cannot reach globals through it either. Whatever the user writes, the generated
 * code is a fixed arithmetic loop over typed arrays. The grid solver's fused policy step
 * (src/core/solvers/grid/upwind-kernel.ts) is built from the exported templates here
 * (nodeNames, unaryJs, binaryJs, instantiate) under the same argument.
 */
import type { BatchKernel } from '../problem/types';
import type { BinaryOp, Expr, UnaryOp } from './ir';
import { BINARY_OPS, UNARY_OPS } from './ir';
import { freeSymbols, topoOrder } from './ir-graph';
import { applyBinary, applyUnary } from './op-values';

export type KernelBackend = 'js' | 'interpreter';

export interface KernelOptions {
  /** Force a backend; by default 'js', falling back to 'interpreter' when code generation is refused. */
  backend?: KernelBackend;
}

/** A BatchKernel that also says which backend runs it. */
export interface CompiledKernel extends BatchKernel {
  readonly backend: KernelBackend;
}

const MATH: Readonly<Record<string, (...xs: number[]) => number>> = Object.freeze({
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  log2: Math.log2,
  log10: Math.log10,
  sqrt: Math.sqrt,
  cbrt: Math.cbrt,
  abs: Math.abs,
  sign: Math.sign,
  floor: Math.floor,
  ceil: Math.ceil,
  round: Math.round,
  trunc: Math.trunc,
  atan2: Math.atan2,
  min: Math.min,
  max: Math.max,
  pow: Math.pow,
});

/** Names for the nodes of one generated function, and its constant table. */
export interface NodeNames {
  /** The local name of a node: `k3` for a constant, `v12` for a computed node. */
  ref(e: Expr): string;
  /** The constants, in the order of their `k` names (the table `K` of the function). */
  readonly constants: Float64Array;
  /** `const k0 = K[0], …;`: copies the table into locals once per call. */
  readonly prologue: string;
}

/**
 * Local names for the nodes of one generated function, in its own evaluation order, with
 * its constants lifted into a table. The intern table's ids are global and every constant
 * that changes gives its dependants new ids, so names made from ids or printed numbers
 * would change the text whenever a parameter moves. With local names and a table the text
 * depends only on the expressions' structure: a problem recompiled after a slider move
 * yields the same source, and `instantiate` returns the function V8 has already optimized
 * (1-D LQR at 1601 nodes after a parameter change, CPU time of the solve, median of 8:
 * 13.6–24 ms with printed constants against 8.6–9.1 ms when the source was unchanged).
 */
export function nodeNames(order: readonly Expr[]): NodeNames {
  const names = new Map<number, string>();
  const constants: number[] = [];
  order.forEach((e, i) => {
    if (e.op === 'const') {
      names.set(e.id, `k${constants.length}`);
      constants.push(e.value);
    } else names.set(e.id, `v${i}`);
  });
  const ref = (e: Expr): string => {
    const name = names.get(e.id);
    if (name === undefined) throw new Error('generated code: node outside the evaluation order');
    return name;
  };
  const prologue =
    constants.length === 0 ? '' : `const ${constants.map((_, j) => `k${j} = K[${j}]`).join(', ')};`;
  return { ref, constants: Float64Array.from(constants), prologue };
}

/** Generated code: the text (structure only) and the constant table it reads as `K`. */
export interface GeneratedSource {
  readonly text: string;
  readonly constants: Float64Array;
}

export function checkInputs(outputs: readonly Expr[], inputs: readonly string[]): void {
  const known = new Set(inputs);
  for (const name of freeSymbols(outputs)) {
    if (!known.has(name)) throw new Error(`kernel output uses symbol '${name}', which is not an input`);
  }
}

export function unaryJs(op: UnaryOp, a: string): string {
  if (op === 'neg') return `-${a}`;
  if (op === 'not') return `(${a} === 0 ? 1 : 0)`;
  return `M.${op}(${a})`;
}

export function binaryJs(op: BinaryOp, a: string, b: string, bNode: Expr): string {
  switch (op) {
    case 'add':
      return `${a} + ${b}`;
    case 'sub':
      return `${a} - ${b}`;
    case 'mul':
      return `${a} * ${b}`;
    case 'div':
      return `${a} / ${b}`;
    case 'pow':
      if (bNode.op === 'const' && bNode.value === 2) return `${a} * ${a}`;
      return `M.pow(${a}, ${b})`;
    case 'atan2':
    case 'min':
    case 'max':
      return `M.${op}(${a}, ${b})`;
    case 'lt':
      return `(${a} < ${b} ? 1 : 0)`;
    case 'le':
      return `(${a} <= ${b} ? 1 : 0)`;
    case 'gt':
      return `(${a} > ${b} ? 1 : 0)`;
    case 'ge':
      return `(${a} >= ${b} ? 1 : 0)`;
    case 'eq':
      return `(${a} === ${b} ? 1 : 0)`;
    case 'ne':
      return `(${a} !== ${b} ? 1 : 0)`;
    case 'and':
      return `(${a} !== 0 && ${b} !== 0 ? 1 : 0)`;
    case 'or':
      return `(${a} !== 0 || ${b} !== 0 ? 1 : 0)`;
  }
}

/**
 * The generated source of the 'js' backend (exported for tests and for reading): the body
 * of `kernel(ins, outs, n)`, which reads its constants from `K` (nodeNames).
 */
export function kernelSource(outputs: readonly Expr[], inputs: readonly string[]): GeneratedSource {
  const inputIndex = new Map(inputs.map((name, i) => [name, i]));
  const order = topoOrder(outputs);
  const { ref, constants, prologue } = nodeNames(order);
  const lines: string[] = [];
  lines.push('"use strict";');
  if (prologue) lines.push(prologue);
  inputs.forEach((_, i) => lines.push(`const i${i} = ins[${i}];`));
  outputs.forEach((_, j) => lines.push(`const o${j} = outs[${j}];`));
  lines.push('for (let p = 0; p < n; p++) {');
  for (const e of order) {
    if (e.op === 'const') continue;
    let rhs: string;
    if (e.op === 'sym') rhs = `i${inputIndex.get(e.name)!}[p]`;
    else if (e.op === 'select') rhs = `${ref(e.args[0])} !== 0 ? ${ref(e.args[1])} : ${ref(e.args[2])}`;
    else if (e.args.length === 1) rhs = unaryJs(e.op as UnaryOp, ref(e.args[0]));
    else rhs = binaryJs(e.op as BinaryOp, ref(e.args[0]), ref(e.args[1]), e.args[1]);
    lines.push(`  const ${ref(e)} = ${rhs};`);
  }
  outputs.forEach((e, j) => lines.push(`  o${j}[p] = ${ref(e)};`));
  lines.push('}');
  return { text: lines.join('\n'), constants };
}

type RunFn = (ins: readonly Float64Array[], outs: readonly Float64Array[], n: number) => void;

/**
 * Generated functions by source text. The functions are pure, so a problem compiled again
 * (every edit of the editor, every slider move, every case of a benchmark) gets the same
 * function object back, with the type feedback and optimized code V8 has already built
 * for it: a fresh `new Function` starts cold, and at 201² warming up costs as much as the
 * solve. Sources are factories `make(K)` over the constant table (nodeNames); the closures
 * one factory makes share their feedback and optimized code.
 */
const generated = new Map<string, unknown>();
const GENERATED_LIMIT = 256;

export function instantiate<F>(source: string): F {
  const hit = generated.get(source);
  if (hit !== undefined) {
    // Most recently used last, so the oldest entry is the one dropped.
    generated.delete(source);
    generated.set(source, hit);
    return hit as F;
  }
  const fn = (new Function('M', source) as (m: typeof MATH) => F)(MATH);
  generated.set(source, fn);
  if (generated.size > GENERATED_LIMIT) generated.delete(generated.keys().next().value as string);
  return fn;
}

function compileJs(outputs: readonly Expr[], inputs: readonly string[]): RunFn {
  const { text, constants } = kernelSource(outputs, inputs);
  const make = instantiate<(K: Float64Array) => RunFn>(
    `return function make(K) {\n  return function kernel(ins, outs, n) {\n${text}\n  };\n};`,
  );
  return make(constants);
}

// Tape opcodes: 0 const, 1 input, 2 select, then unary ops, then binary ops.
const OP_CONST = 0;
const OP_INPUT = 1;
const OP_SELECT = 2;
const UNARY_BASE = 3;
const BINARY_BASE = UNARY_BASE + UNARY_OPS.length;
const BLOCK = 256;

function compileInterpreter(outputs: readonly Expr[], inputs: readonly string[]): RunFn {
  const inputIndex = new Map(inputs.map((name, i) => [name, i]));
  const order = topoOrder(outputs);
  const slot = new Map<number, number>();
  order.forEach((e, i) => slot.set(e.id, i));
  const m = order.length;
  const code = new Int32Array(m);
  const argA = new Int32Array(m);
  const argB = new Int32Array(m);
  const argC = new Int32Array(m);
  const consts = new Float64Array(m);
  order.forEach((e, i) => {
    if (e.op === 'const') {
      code[i] = OP_CONST;
      consts[i] = e.value;
    } else if (e.op === 'sym') {
      code[i] = OP_INPUT;
      argA[i] = inputIndex.get(e.name)!;
    } else if (e.op === 'select') {
      code[i] = OP_SELECT;
      argA[i] = slot.get(e.args[0].id)!;
      argB[i] = slot.get(e.args[1].id)!;
      argC[i] = slot.get(e.args[2].id)!;
    } else if (e.args.length === 1) {
      code[i] = UNARY_BASE + UNARY_OPS.indexOf(e.op as UnaryOp);
      argA[i] = slot.get(e.args[0].id)!;
    } else {
      code[i] = BINARY_BASE + BINARY_OPS.indexOf(e.op as BinaryOp);
      argA[i] = slot.get(e.args[0].id)!;
      argB[i] = slot.get(e.args[1].id)!;
    }
  });
  const outSlots = outputs.map((e) => slot.get(e.id)!);
  // One register row of BLOCK points per node; allocated once per kernel.
  const reg = new Float64Array(m * BLOCK);
  return (ins, outs, n) => {
    for (let start = 0; start < n; start += BLOCK) {
      const len = Math.min(BLOCK, n - start);
      for (let i = 0; i < m; i++) {
        const c = code[i];
        const r = i * BLOCK;
        if (c === OP_CONST) {
          reg.fill(consts[i], r, r + len);
        } else if (c === OP_INPUT) {
          const x = ins[argA[i]];
          for (let p = 0; p < len; p++) reg[r + p] = x[start + p];
        } else if (c === OP_SELECT) {
          const ra = argA[i] * BLOCK;
          const rb = argB[i] * BLOCK;
          const rc = argC[i] * BLOCK;
          for (let p = 0; p < len; p++) reg[r + p] = reg[ra + p] !== 0 ? reg[rb + p] : reg[rc + p];
        } else if (c < BINARY_BASE) {
          const op = UNARY_OPS[c - UNARY_BASE];
          const ra = argA[i] * BLOCK;
          for (let p = 0; p < len; p++) reg[r + p] = applyUnary(op, reg[ra + p]);
        } else {
          const op = BINARY_OPS[c - BINARY_BASE];
          const ra = argA[i] * BLOCK;
          const rb = argB[i] * BLOCK;
          // The four hot arithmetic ops get their own loops; the rest go through applyBinary.
          if (op === 'add') for (let p = 0; p < len; p++) reg[r + p] = reg[ra + p] + reg[rb + p];
          else if (op === 'mul') for (let p = 0; p < len; p++) reg[r + p] = reg[ra + p] * reg[rb + p];
          else if (op === 'sub') for (let p = 0; p < len; p++) reg[r + p] = reg[ra + p] - reg[rb + p];
          else if (op === 'div') for (let p = 0; p < len; p++) reg[r + p] = reg[ra + p] / reg[rb + p];
          else for (let p = 0; p < len; p++) reg[r + p] = applyBinary(op, reg[ra + p], reg[rb + p]);
        }
      }
      for (let j = 0; j < outSlots.length; j++) {
        const r = outSlots[j] * BLOCK;
        const o = outs[j];
        for (let p = 0; p < len; p++) o[start + p] = reg[r + p];
      }
    }
  };
}

let jsRefused = false;

/** Remember that this context refuses generated code (an EvalError under a strict CSP). */
export function refuseGeneratedCode(): void {
  jsRefused = true;
}

/** True when generated-JS kernels can be created here (false under a CSP without unsafe-eval). */
export function jsKernelsAvailable(): boolean {
  if (jsRefused) return false;
  try {
    new Function('return 0');
    return true;
  } catch {
    jsRefused = true;
    return false;
  }
}

/**
 * Compile outputs into one batch kernel. Every symbol of the outputs must be among
 * `inputs` (the kernel takes all inputs even if a formula ignores some of them).
 */
export function compileKernel(
  outputs: readonly Expr[],
  inputs: readonly string[],
  outputNames?: readonly string[],
  options: KernelOptions = {},
): CompiledKernel {
  checkInputs(outputs, inputs);
  const names = Object.freeze(outputNames ? [...outputNames] : outputs.map((_, j) => `out${j}`));
  if (names.length !== outputs.length) throw new Error('outputNames must have one name per output');
  const ins = Object.freeze([...inputs]);
  let backend: KernelBackend = options.backend ?? 'js';
  let run: RunFn | null = null;
  if (backend === 'js' && jsKernelsAvailable()) {
    try {
      run = compileJs(outputs, inputs);
    } catch (err) {
      // EvalError under a strict CSP: remember it and use the interpreter from now on.
      if (err instanceof EvalError) jsRefused = true;
      else throw err;
    }
  }
  if (!run) {
    backend = 'interpreter';
    run = compileInterpreter(outputs, inputs);
  }
  const fn = run;
  return Object.freeze({
    inputs: ins,
    outputs: names,
    backend,
    run(insArr: readonly Float64Array[], outsArr: readonly Float64Array[], n: number): void {
      if (insArr.length < ins.length || outsArr.length < names.length)
        throw new Error(`kernel expects ${ins.length} inputs and ${names.length} outputs`);
      fn(insArr, outsArr, n);
    },
  });
}
