/**
 * What the IR's printers (text.ts, latex.ts) share: operator precedence and a character
 * budget. Shared subexpressions print in full each time, so a DAG can print exponentially
 * larger than it is; the budget stops the printing once the cap is passed.
 */
import type { Expr } from './ir';

/** Binding strength of each operator; higher binds tighter. Atoms and calls are 9. */
export const PRECEDENCE: Readonly<Record<string, number>> = {
  select: 1,
  or: 2,
  and: 3,
  lt: 4,
  le: 4,
  gt: 4,
  ge: 4,
  eq: 4,
  ne: 4,
  add: 5,
  sub: 5,
  mul: 6,
  div: 6,
  neg: 7,
  not: 7,
  pow: 8,
};

/** Precedence of `e` under `table`; a negative constant prints as a unary minus. */
export function precedenceIn(table: Readonly<Record<string, number>>, e: Expr): number {
  if (e.op === 'const') return e.value < 0 ? table.neg : 9;
  return table[e.op] ?? 9;
}

export class Budget {
  used = 0;
  constructor(readonly max: number) {}
  get out(): boolean {
    return this.used > this.max;
  }
}

/** Runs a printer under a budget of `maxChars`; past it the text is cut and ends in `ellipsis`. */
export function printCapped(
  print: (e: Expr, b: Budget) => string,
  e: Expr,
  maxChars: number,
  ellipsis: string,
): string {
  const budget = new Budget(maxChars);
  const s = print(e, budget);
  return budget.out ? s.slice(0, maxChars) + ellipsis : s;
}
