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
 *   (2) local variable names we make from integer node ids (`v123`) and input/output
 *       positions (`i0`, `o3`), and
 *   (3) numeric constants printed with `numberLiteral`, which yields only digits, '.',
 *       'e', '+', '-' or the fixed expressions (0/0), (1/0).
 * Symbol names, strings, titles and any other user text never enter the generated
 * source: symbols are bound to input arrays by position. The function receives a frozen
 * object of Math functions as its only free variable, so the code cannot reach globals
 * through it either. Whatever the user writes, the generated code is a fixed arithmetic
 * loop over typed arrays.
 */
import type { BatchKernel } from '../problem/types';
import type { BinaryOp, Expr, UnaryOp } from './ir';
import { BINARY_OPS, UNARY_OPS, applyBinary, applyUnary, freeSymbols, topoOrder } from './ir';

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

/** A JavaScript literal for a number; only digits, '.', 'e', signs or (0/0), (1/0). */
export function numberLiteral(v: number): string {
  if (Number.isNaN(v)) return '(0/0)';
  if (v === Infinity) return '(1/0)';
  if (v === -Infinity) return '(-1/0)';
  const s = String(v);
  if (!/^-?[0-9.]+(e[+-]?[0-9]+)?$/.test(s)) throw new Error('unexpected number format');
  return v < 0 ? `(${s})` : s;
}

function checkInputs(outputs: readonly Expr[], inputs: readonly string[]): void {
  const known = new Set(inputs);
  for (const name of freeSymbols(outputs)) {
    if (!known.has(name)) throw new Error(`kernel output uses symbol '${name}', which is not an input`);
  }
}

function unaryJs(op: UnaryOp, a: string): string {
  if (op === 'neg') return `-${a}`;
  if (op === 'not') return `(${a} === 0 ? 1 : 0)`;
  return `M.${op}(${a})`;
}

function binaryJs(op: BinaryOp, a: string, b: string, bNode: Expr): string {
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

/** The generated source of the 'js' backend (exported for tests and for reading). */
export function kernelSource(outputs: readonly Expr[], inputs: readonly string[]): string {
  const inputIndex = new Map(inputs.map((name, i) => [name, i]));
  const ref = (e: Expr): string => (e.op === 'const' ? numberLiteral(e.value) : `v${e.id}`);
  const lines: string[] = [];
  lines.push('"use strict";');
  inputs.forEach((_, i) => lines.push(`const i${i} = ins[${i}];`));
  outputs.forEach((_, j) => lines.push(`const o${j} = outs[${j}];`));
  lines.push('for (let p = 0; p < n; p++) {');
  for (const e of topoOrder(outputs)) {
    if (e.op === 'const') continue;
    let rhs: string;
    if (e.op === 'sym') rhs = `i${inputIndex.get(e.name)!}[p]`;
    else if (e.op === 'select') rhs = `${ref(e.args[0])} !== 0 ? ${ref(e.args[1])} : ${ref(e.args[2])}`;
    else if (e.args.length === 1) rhs = unaryJs(e.op as UnaryOp, ref(e.args[0]));
    else rhs = binaryJs(e.op as BinaryOp, ref(e.args[0]), ref(e.args[1]), e.args[1]);
    lines.push(`  const v${e.id} = ${rhs};`);
  }
  outputs.forEach((e, j) => lines.push(`  o${j}[p] = ${ref(e)};`));
  lines.push('}');
  return lines.join('\n');
}

type RunFn = (ins: readonly Float64Array[], outs: readonly Float64Array[], n: number) => void;

/**
 * Generated functions by source text. The functions are pure, so a problem compiled again
 * (every edit of the editor, every case of a benchmark) gets the same function object back,
 * with the type feedback and optimized code V8 has already built for it: a fresh
 * `new Function` starts cold, and at 201² warming up costs as much as the solve.
 */
const generated = new Map<string, unknown>();
const GENERATED_LIMIT = 256;

function instantiate<F>(source: string): F {
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
  const body = kernelSource(outputs, inputs);
  return instantiate<RunFn>(`return function kernel(ins, outs, n) {\n${body}\n};`);
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

/**
 * Arguments of one call of an upwind-max kernel (compileUpwindMaxKernel), for the nodes
 * start…end−1. Arrays indexed by node unless said otherwise.
 */
export interface UpwindMaxArgs {
  /** Node coordinates, one array per state. */
  states: readonly Float64Array[];
  t: number;
  /** One-sided differences D⁺_k V and D⁻_k V, one array per state. */
  dPlus: readonly Float64Array[];
  dMinus: readonly Float64Array[];
  /** The control-free part of Q added to every action (e.g. the diffusion term of L V). */
  base: Float64Array;
  /** Discrete actions, action a's control j at a·m + j, and their number. */
  actions: Float64Array;
  count: number;
  /** Golden-section refinement per control in [a − step_j, a + step_j] ∩ [lo_j, hi_j]. */
  refine: boolean;
  lo: Float64Array;
  hi: Float64Array;
  step: Float64Array;
  goldenSteps: number;
  golden: number;
  /** Nodes whose Q may be non-finite without stopping the kernel (Dirichlet rows). */
  skip: Uint8Array;
  /** Outputs: the best Q and, per control, the maximising action (read as the fallback). */
  best: Float64Array;
  policy: readonly Float64Array[];
  start: number;
  end: number;
}

export interface UpwindMaxKernel {
  /**
   * Runs nodes start…end−1 and returns −1, or the first node (not in `skip`) where some Q
   * was NaN or ±Inf; nodes from that one on are then left unfinished for the caller to
   * redo with the checked batch kernel (which names the function and point).
   */
  run(args: UpwindMaxArgs): number;
}

/**
 * The source of an upwind-max kernel: for each node p, Q_a = (r(x_p, a) + base_p) +
 * Σ_k (f_k > 0 ? f_k·D⁺_k V : f_k·D⁻_k V) maximised over the discrete actions (first
 * maximum wins), then refined by a golden-section search per control — the policy step of
 * the grid solver, with every per-action value in registers instead of arrays. Summation
 * order and the arithmetic of every term are those of the batch kernel followed by
 * src/core/solvers/grid/policy.ts (evaluate, refineBlock), so both give the same bits.
 * Nodes of the IR that do not depend on a control are computed once per node, outside the
 * loop over actions. Assembled from the same templates as kernelSource (see the security
 * argument at the top of this file): only fixed text, v/c/S/P names made from integers,
 * and number literals.
 */
export function upwindMaxSource(
  drift: readonly Expr[],
  reward: Expr,
  states: readonly string[],
  controls: readonly string[],
): string {
  const d = drift.length;
  const m = controls.length;
  if (d !== states.length) throw new Error('upwind-max kernel: one drift per state');
  const stateIndex = new Map(states.map((name, i) => [name, i]));
  const controlIndex = new Map(controls.map((name, j) => [name, j]));
  const roots = [...drift, reward];
  checkInputs(roots, [...states, ...controls, 't']);
  const order = topoOrder(roots);
  const varying = new Set<number>();
  for (const e of order) {
    if (e.op === 'sym' ? controlIndex.has(e.name) : e.args.some((a) => varying.has(a.id))) varying.add(e.id);
  }
  const ref = (e: Expr): string => (e.op === 'const' ? numberLiteral(e.value) : `v${e.id}`);
  const rhs = (e: Expr): string => {
    if (e.op === 'sym') {
      const i = stateIndex.get(e.name);
      if (i !== undefined) return `S${i}[p]`;
      const j = controlIndex.get(e.name);
      return j !== undefined ? `c${j}` : 'T';
    }
    if (e.op === 'select') return `${ref(e.args[0])} !== 0 ? ${ref(e.args[1])} : ${ref(e.args[2])}`;
    if (e.args.length === 1) return unaryJs(e.op as UnaryOp, ref(e.args[0]));
    return binaryJs(e.op as BinaryOp, ref(e.args[0]), ref(e.args[1]), e.args[1]);
  };
  const nodeLines = (wantVarying: boolean, indent: string): string[] =>
    order
      .filter((e) => e.op !== 'const' && varying.has(e.id) === wantVarying)
      .map((e) => `${indent}const v${e.id} = ${rhs(e)};`);
  const term = (k: number): string =>
    `const u${k} = ${ref(drift[k])} > 0 ? ${ref(drift[k])} * dp${k} : ${ref(drift[k])} * dm${k};`;
  const terms = Array.from({ length: d }, (_, k) => `u${k}`);
  const head = `(${ref(reward)} + qb)`;
  const qExpr =
    d <= 3 ? `${head} + (${terms.join(' + ')})` : terms.reduce((acc, u) => `(${acc} + ${u})`, head);
  /** Q of the controls c0…c{m−1} in scope. */
  const qLines = (indent: string): string[] => [
    ...nodeLines(true, indent),
    ...drift.map((f, k) => (varying.has(f.id) ? indent + term(k) : '')).filter((s) => s !== ''),
    `${indent}const q = ${qExpr};`,
    `${indent}chk += q - q;`,
  ];
  const cs = Array.from({ length: m }, (_, j) => j);
  const L: string[] = [];
  L.push('"use strict";');
  for (let i = 0; i < d; i++) {
    L.push(`const S${i} = a.states[${i}], DP${i} = a.dPlus[${i}], DM${i} = a.dMinus[${i}];`);
  }
  cs.forEach((j) => L.push(`const P${j} = a.policy[${j}];`));
  L.push('const QB = a.base, A = a.actions, NA = a.count * ' + String(m) + ', T = a.t, SK = a.skip;');
  L.push('const BEST = a.best, LO = a.lo, HI = a.hi, ST = a.step, GS = a.goldenSteps, G = a.golden;');
  L.push('const RF = a.refine, END = a.end;');
  L.push('for (let p = a.start; p < END; p++) {');
  L.push(...nodeLines(false, '  '));
  for (let k = 0; k < d; k++) L.push(`  const dp${k} = DP${k}[p], dm${k} = DM${k}[p];`);
  L.push('  const qb = QB[p];');
  drift.forEach((f, k) => {
    if (!varying.has(f.id)) L.push('  ' + term(k));
  });
  L.push('  let bq = -Infinity, chk = 0;');
  cs.forEach((j) => L.push(`  let b${j} = P${j}[p];`));
  L.push(`  for (let o = 0; o < NA; o += ${m}) {`);
  cs.forEach((j) => L.push(`    const c${j} = A[o + ${j}];`));
  L.push(...qLines('    '));
  L.push(`    if (q > bq) { bq = q;${cs.map((j) => ` b${j} = c${j};`).join('')} }`);
  L.push('  }');
  L.push('  if (RF) {');
  for (const j of cs) {
    L.push(`    if (ST[${j}] > 0 && LO[${j}] !== HI[${j}]) {`);
    L.push(`      let lo = M.max(LO[${j}], b${j} - ST[${j}]), hi = M.min(HI[${j}], b${j} + ST[${j}]);`);
    L.push('      let x1 = hi - G * (hi - lo), x2 = lo + G * (hi - lo), f1 = 0, f2 = 0;');
    L.push('      for (let it = -2; it < GS; it++) {');
    L.push(`        let c${j} = x1, first = true;`);
    L.push(`        if (it === -1) { c${j} = x2; first = false; }`);
    L.push('        else if (it >= 0) {');
    L.push(`          if (f1 > f2) { hi = x2; x2 = x1; f2 = f1; x1 = hi - G * (hi - lo); c${j} = x1; }`);
    L.push(
      `          else { lo = x1; x1 = x2; f1 = f2; x2 = lo + G * (hi - lo); c${j} = x2; first = false; }`,
    );
    L.push('        }');
    cs.forEach((i) => {
      if (i !== j) L.push(`        const c${i} = b${i};`);
    });
    L.push(...qLines('        '));
    L.push('        if (first) f1 = q; else f2 = q;');
    L.push('      }');
    L.push('      const better = f1 > f2, f = better ? f1 : f2;');
    L.push(`      if (f > bq) { bq = f; b${j} = better ? x1 : x2; }`);
    L.push('    }');
  }
  L.push('  }');
  L.push('  if (chk !== 0 && SK[p] === 0) return p;');
  L.push('  BEST[p] = bq;');
  cs.forEach((j) => L.push(`  P${j}[p] = b${j};`));
  L.push('}');
  L.push('return -1;');
  return L.join('\n');
}

/**
 * Compiles the policy-step kernel of the grid solver (upwindMaxSource) for drift f (one
 * expression per state) and reward r over the given state and control names and `t`.
 * Returns null when generated code is refused (the solver then uses the batch kernel).
 */
export function compileUpwindMaxKernel(
  drift: readonly Expr[],
  reward: Expr,
  states: readonly string[],
  controls: readonly string[],
): UpwindMaxKernel | null {
  const body = upwindMaxSource(drift, reward, states, controls);
  if (!jsKernelsAvailable()) return null;
  try {
    const fn = instantiate<(a: UpwindMaxArgs) => number>(`return function upwindMax(a) {\n${body}\n};`);
    return Object.freeze({ run: (a: UpwindMaxArgs): number => fn(a) });
  } catch (err) {
    if (err instanceof EvalError) {
      jsRefused = true;
      return null;
    }
    throw err;
  }
}
