/**
 * The grid solver's generated policy step: one fused JavaScript function per problem that
 * maximises the upwind Hamiltonian over the discrete actions and refines it, next to the
 * hand-written step (policy.ts, q-evaluator.ts, golden.ts) whose bits it must reproduce (test/core/solvers/grid/
 * fused.test.ts). The language layer only lends it its code templates (checkInputs,
 * nodeNames, unaryJs, binaryJs, instantiate in src/core/lang/kernel.ts) and knows nothing
 * of stencils.
 */
import type { BinaryOp, Expr, UnaryOp } from '../../lang/ir';
import { topoOrder } from '../../lang/ir-graph';
import {
  binaryJs,
  checkInputs,
  instantiate,
  jsKernelsAvailable,
  nodeNames,
  refuseGeneratedCode,
  type GeneratedSource,
  unaryJs,
} from '../../lang/kernel';

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
 * q-evaluator.ts and golden.ts (evaluate, refineBlock), so both give the same bits.
 * Nodes of the IR that do not depend on a control are computed once per node, outside the
 * loop over actions. Assembled from the same templates as kernelSource (see the security
 * argument at the top of src/core/lang/kernel.ts): only fixed text and v/k/c/S/P names made
 * from integers; the constants are read from the table `K` (nodeNames), so a parameter
 * change leaves the text, and V8's optimized code for it, as they were.
 */
export function upwindMaxSource(
  drift: readonly Expr[],
  reward: Expr,
  states: readonly string[],
  controls: readonly string[],
): GeneratedSource {
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
  const { ref, constants, prologue } = nodeNames(order);
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
      .map((e) => `${indent}const ${ref(e)} = ${rhs(e)};`);
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
  if (prologue) L.push(prologue);
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
  return { text: L.join('\n'), constants };
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
  const { text, constants } = upwindMaxSource(drift, reward, states, controls);
  if (!jsKernelsAvailable()) return null;
  try {
    const make = instantiate<(K: Float64Array) => (a: UpwindMaxArgs) => number>(
      `return function make(K) {\n  return function upwindMax(a) {\n${text}\n  };\n};`,
    );
    const fn = make(constants);
    return Object.freeze({ run: (a: UpwindMaxArgs): number => fn(a) });
  } catch (err) {
    if (err instanceof EvalError) {
      refuseGeneratedCode();
      return null;
    }
    throw err;
  }
}
