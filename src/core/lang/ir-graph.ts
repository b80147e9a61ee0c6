/**
 * Walks over the IR's expression DAG (docs/architecture.md §4.2): topological order, free
 * symbols, size, and the reference evaluator that gives the IR its meaning point by point.
 */
import type { BinaryOp, Expr, UnaryOp } from './ir';
import { applyBinary, applyUnary } from './op-values';

/** Nodes reachable from `roots`, arguments before users (a topological order). */
export function topoOrder(roots: readonly Expr[]): Expr[] {
  const seen = new Set<number>();
  const order: Expr[] = [];
  // Iterative DFS: expressions can be deep (long sums), recursion could overflow.
  const stack: { e: Expr; i: number }[] = [];
  for (const root of roots) {
    if (seen.has(root.id)) continue;
    seen.add(root.id);
    stack.push({ e: root, i: 0 });
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.i < top.e.args.length) {
        const child = top.e.args[top.i++];
        if (!seen.has(child.id)) {
          seen.add(child.id);
          stack.push({ e: child, i: 0 });
        }
      } else {
        stack.pop();
        order.push(top.e);
      }
    }
  }
  return order;
}

/** Names of the symbols an expression depends on. */
export function freeSymbols(roots: readonly Expr[]): Set<string> {
  const out = new Set<string>();
  for (const e of topoOrder(roots)) if (e.op === 'sym') out.add(e.name);
  return out;
}

export function dependsOn(roots: readonly Expr[], names: Iterable<string>): boolean {
  const free = freeSymbols(roots);
  for (const n of names) if (free.has(n)) return true;
  return false;
}

/** Number of distinct nodes reachable from the roots. */
export function dagSize(roots: readonly Expr[]): number {
  return topoOrder(roots).length;
}

/**
 * Reference evaluator: the meaning of the IR, one point at a time. Kernels are tested
 * against it.
 */
export function evaluate(roots: readonly Expr[], env: Readonly<Record<string, number>>): number[] {
  const values = new Map<number, number>();
  for (const e of topoOrder(roots)) {
    let v: number;
    if (e.op === 'const') v = e.value;
    else if (e.op === 'sym') {
      const x = env[e.name];
      if (x === undefined) throw new Error(`no value for symbol '${e.name}'`);
      v = x;
    } else if (e.op === 'select') {
      v = (values.get(e.args[0].id) as number) !== 0 ? values.get(e.args[1].id)! : values.get(e.args[2].id)!;
    } else if (e.args.length === 1) v = applyUnary(e.op as UnaryOp, values.get(e.args[0].id)!);
    else v = applyBinary(e.op as BinaryOp, values.get(e.args[0].id)!, values.get(e.args[1].id)!);
    values.set(e.id, v);
  }
  return roots.map((r) => values.get(r.id)!);
}

export function evaluateOne(e: Expr, env: Readonly<Record<string, number>>): number {
  return evaluate([e], env)[0];
}
