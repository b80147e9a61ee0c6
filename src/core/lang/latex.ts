/**
 * LaTeX printer of the IR for the inspector (KaTeX). Like the text printer, output is
 * capped (print-budget.ts): a shared DAG printed as a tree can be exponentially long.
 */
import type { Expr } from './ir';
import { type Budget, PRECEDENCE, precedenceIn, printCapped } from './print-budget';

const GREEK = new Set([
  'alpha',
  'beta',
  'gamma',
  'delta',
  'epsilon',
  'varepsilon',
  'zeta',
  'eta',
  'theta',
  'vartheta',
  'iota',
  'kappa',
  'lambda',
  'mu',
  'nu',
  'xi',
  'pi',
  'rho',
  'sigma',
  'tau',
  'upsilon',
  'phi',
  'varphi',
  'chi',
  'psi',
  'omega',
  'Gamma',
  'Delta',
  'Theta',
  'Lambda',
  'Xi',
  'Pi',
  'Sigma',
  'Phi',
  'Psi',
  'Omega',
]);

/** A symbol name as LaTeX: theta → \theta, x[3] → x_{3}, x1 → x_{1}, v_max → v_{\mathrm{max}}. */
export function latexSymbol(name: string): string {
  const vec = /^([A-Za-z_$][A-Za-z0-9_$]*)\[(\d+)\]$/.exec(name);
  if (vec) return `${latexSymbol(vec[1])}_{${vec[2]}}`;
  const under = /^([A-Za-z][A-Za-z0-9]*)_([A-Za-z0-9]+)$/.exec(name);
  if (under) return `${latexSymbol(under[1])}_{${latexWord(under[2])}}`;
  const digits = /^([A-Za-z]+)(\d+)$/.exec(name);
  if (digits) return `${latexWord(digits[1])}_{${digits[2]}}`;
  return latexWord(name);
}

function latexWord(w: string): string {
  if (GREEK.has(w)) return `\\${w}`;
  if (/^[A-Za-z0-9]$/.test(w)) return w;
  return `\\mathrm{${w.replace(/[^A-Za-z0-9]/g, (c) => (c === '_' ? '\\_' : ''))}}`;
}

export function latexNumber(v: number): string {
  if (Number.isNaN(v)) return '\\mathrm{NaN}';
  if (!Number.isFinite(v)) return v > 0 ? '\\infty' : '-\\infty';
  if (Math.abs(v - Math.PI) < 1e-15) return '\\pi';
  if (Math.abs(v + Math.PI) < 1e-15) return '-\\pi';
  const s = String(Number(v.toPrecision(6)));
  const m = /^(-?[0-9.]+)e([+-]?)(\d+)$/.exec(s);
  if (m) return `${m[1]} \\times 10^{${m[2] === '-' ? '-' : ''}${m[3]}}`;
  return s;
}

// \\frac groups itself, so a quotient needs no parentheses.
const PREC: Readonly<Record<string, number>> = { ...PRECEDENCE, div: 9 };

const RELATION: Readonly<Record<string, string>> = {
  or: ' \\lor ',
  and: ' \\land ',
  lt: ' < ',
  le: ' \\le ',
  gt: ' > ',
  ge: ' \\ge ',
  eq: ' = ',
  ne: ' \\ne ',
};

const FUNCS: Readonly<Record<string, string>> = {
  sin: '\\sin',
  cos: '\\cos',
  tan: '\\tan',
  asin: '\\arcsin',
  acos: '\\arccos',
  atan: '\\arctan',
  sinh: '\\sinh',
  cosh: '\\cosh',
  tanh: '\\tanh',
  log: '\\ln',
  log2: '\\log_2',
  log10: '\\log_{10}',
  sign: '\\operatorname{sign}',
  expm1: '\\operatorname{expm1}',
  log1p: '\\operatorname{log1p}',
  atan2: '\\operatorname{atan2}',
  min: '\\min',
  max: '\\max',
};

const prec = (e: Expr): number => precedenceIn(PREC, e);

export function toLatex(e: Expr, maxChars = 20_000): string {
  return printCapped(print, e, maxChars, '\\ldots');
}

function wrap(e: Expr, min: number, b: Budget): string {
  const s = print(e, b);
  return prec(e) < min ? `\\left(${s}\\right)` : s;
}

/** True when the printed expression starts with a digit (then a product needs a visible ·). */
function startsWithNumber(e: Expr): boolean {
  if (e.op === 'const') return true;
  if (e.op === 'mul' || e.op === 'pow') return startsWithNumber(e.args[0]);
  if (e.op === 'add' && e.args[0].op === 'const') return startsWithNumber(e.args[1]);
  return false;
}

function print(e: Expr, b: Budget): string {
  if (b.out) return '';
  const a = e.args;
  let s: string;
  switch (e.op) {
    case 'const':
      s = latexNumber(e.value);
      break;
    case 'sym':
      s = latexSymbol(e.name);
      break;
    case 'select':
      s = `\\begin{cases} ${print(a[1], b)} & \\text{if } ${print(a[0], b)} \\\\ ${print(a[2], b)} & \\text{otherwise} \\end{cases}`;
      break;
    case 'neg':
      s = `-${wrap(a[0], 7, b)}`;
      break;
    case 'not':
      s = `\\lnot ${wrap(a[0], 7, b)}`;
      break;
    case 'add': {
      if (a[0].op === 'const') {
        const c = a[0].value;
        s = `${wrap(a[1], 5, b)} ${c < 0 ? '-' : '+'} ${latexNumber(Math.abs(c))}`;
      } else if (a[1].op === 'mul' && a[1].args[0].op === 'const' && a[1].args[0].value < 0) {
        s = `${wrap(a[0], 5, b)} - ${print(binaryNegated(a[1]), b)}`;
      } else {
        // a + (−x …) reads as a − x …: the leading minus belongs to the first term only.
        const right = wrap(a[1], 5, b);
        s = right.startsWith('-')
          ? `${wrap(a[0], 5, b)} - ${right.slice(1)}`
          : `${wrap(a[0], 5, b)} + ${right}`;
      }
      break;
    }
    case 'sub':
      // a − (−c·x) reads as a + c·x, a − (−c) as a + c and a − (−x) as a + x.
      if (a[1].op === 'mul' && a[1].args[0].op === 'const' && a[1].args[0].value < 0)
        s = `${wrap(a[0], 5, b)} + ${print(binaryNegated(a[1]), b)}`;
      else if (a[1].op === 'const' && a[1].value < 0) s = `${wrap(a[0], 5, b)} + ${latexNumber(-a[1].value)}`;
      else if (a[1].op === 'neg') s = `${wrap(a[0], 5, b)} + ${wrap(a[1].args[0], 5, b)}`;
      else s = `${wrap(a[0], 5, b)} - ${wrap(a[1], 6, b)}`;
      break;
    case 'mul': {
      const left = wrap(a[0], 6, b);
      const right = wrap(a[1], 6, b);
      s = startsWithNumber(a[1]) ? `${left} \\cdot ${right}` : `${left} \\, ${right}`;
      break;
    }
    case 'div':
      s = `\\frac{${print(a[0], b)}}{${print(a[1], b)}}`;
      break;
    case 'pow':
      if (a[1].op === 'const' && a[1].value === 0.5) s = `\\sqrt{${print(a[0], b)}}`;
      else s = `{${wrap(a[0], 9, b)}}^{${print(a[1], b)}}`;
      break;
    case 'exp':
      s = `e^{${print(a[0], b)}}`;
      break;
    case 'sqrt':
      s = `\\sqrt{${print(a[0], b)}}`;
      break;
    case 'cbrt':
      s = `\\sqrt[3]{${print(a[0], b)}}`;
      break;
    case 'abs':
      s = `\\left|${print(a[0], b)}\\right|`;
      break;
    case 'floor':
      s = `\\left\\lfloor ${print(a[0], b)} \\right\\rfloor`;
      break;
    case 'ceil':
      s = `\\left\\lceil ${print(a[0], b)} \\right\\rceil`;
      break;
    case 'round':
    case 'trunc':
      s = `\\operatorname{${e.op}}\\left(${print(a[0], b)}\\right)`;
      break;
    default:
      if (e.op in RELATION) s = `${wrap(a[0], 5, b)}${RELATION[e.op]}${wrap(a[1], 5, b)}`;
      else
        s = `${FUNCS[e.op] ?? `\\operatorname{${e.op}}`}\\left(${a.map((x) => print(x, b)).join(', ')}\\right)`;
  }
  b.used += s.length;
  return s;
}

/** The product c·x with c < 0 printed as |c|·x (after a minus sign). */
function binaryNegated(e: Expr): Expr {
  // Build a display-only node without interning: the printer never compares identities.
  const c = e.args[0];
  return { id: -1, op: 'mul', args: [{ ...c, value: -c.value }, e.args[1]], value: 0, name: '' };
}
