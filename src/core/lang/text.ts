/**
 * Plain-text printer of the IR in JavaScript syntax (what the user could have typed),
 * capped at `maxChars` (print-budget.ts); past the cap the text ends in '…'.
 */
import type { Expr } from './ir';
import { type Budget, PRECEDENCE as PREC, precedenceIn, printCapped } from './print-budget';

const INFIX: Readonly<Record<string, string>> = {
  or: ' || ',
  and: ' && ',
  lt: ' < ',
  le: ' <= ',
  gt: ' > ',
  ge: ' >= ',
  eq: ' === ',
  ne: ' !== ',
  add: ' + ',
  sub: ' - ',
  mul: ' * ',
  div: ' / ',
  pow: ' ** ',
};

export function precedence(e: Expr): number {
  return precedenceIn(PREC, e);
}

export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return String(v);
}

export function toText(e: Expr, maxChars = 20_000): string {
  return printCapped(print, e, maxChars, '…');
}

function wrap(e: Expr, min: number, b: Budget): string {
  const s = print(e, b);
  return precedence(e) < min ? `(${s})` : s;
}

function print(e: Expr, b: Budget): string {
  if (b.out) return '';
  let s: string;
  const a = e.args;
  if (e.op === 'const') s = formatNumber(e.value);
  else if (e.op === 'sym') s = e.name;
  else if (e.op === 'select') s = `${wrap(a[0], 2, b)} ? ${wrap(a[1], 1, b)} : ${wrap(a[2], 1, b)}`;
  else if (e.op === 'neg') s = `-${wrap(a[0], 7, b)}`;
  else if (e.op === 'not') s = `!${wrap(a[0], 7, b)}`;
  else if (e.op === 'add' && a[0].op === 'const') {
    // Constants are stored first; print them last, as people write them.
    const c = a[0].value;
    s = `${wrap(a[1], 5, b)} ${c < 0 ? '-' : '+'} ${formatNumber(Math.abs(c))}`;
  } else if (e.op in INFIX) {
    const p = PREC[e.op];
    // Left-associative: the right operand of - and / needs parentheses at equal precedence;
    // ** is right-associative and JS forbids a unary minus on its left.
    const left = e.op === 'pow' ? wrap(a[0], 9, b) : wrap(a[0], p, b);
    const right = e.op === 'pow' ? wrap(a[1], 8, b) : wrap(a[1], p + 1, b);
    // a + (−x …) reads as a - x …: the leading minus belongs to the first term only.
    s = e.op === 'add' && right.startsWith('-') ? `${left} - ${right.slice(1)}` : left + INFIX[e.op] + right;
  } else s = `${e.op}(${a.map((x) => print(x, b)).join(', ')})`;
  b.used += s.length;
  return s;
}
