/** The inspector's typeset view of a compiled problem (KaTeX strings, one per part). */
import type { CompiledProblem } from './types';
import type { Expr } from '../lang/ir';
// Stored terminal/exit rewards carry the sense; neg() shows the user's own cost again.
import { isConst, neg } from '../lang/ir';
import { latexNumber, latexSymbol, toLatex } from '../lang/latex';

interface Group {
  name: string;
  dim: number | null;
  first: number;
}

function interval(min: number, max: number): string {
  return `[${latexNumber(min)}, ${latexNumber(max)}]`;
}

export function problemLatex(
  p: CompiledProblem,
  userObjective: Expr,
  groups: readonly Group[],
): Record<string, string> {
  const out: Record<string, string> = {};
  const names = p.states.map((s) => latexSymbol(s.name));
  // d\mathrm{heading} would read as one word: separate the differential from word names.
  const rows = p.exprs.drift.map(
    (f, i) => `d${names[i].startsWith('\\mathrm') ? '\\,' : ''}${names[i]} &= ${wrapSum(toLatex(f))}\\,dt`,
  );
  // Noise terms per state row: Σ_il dW_l.
  p.exprs.noise.forEach((row, i) => {
    const terms = row
      .map((s, l) => (isConst(s, 0) ? '' : `${wrapSum(toLatex(s))}\\,dW_{${p.noiseDim > 1 ? l + 1 : ''}}`))
      .filter((x) => x !== '')
      .map((x) => x.replace('dW_{}', 'dW'));
    if (terms.length > 0) rows[i] += ` + ${terms.join(' + ')}`;
  });
  out.dynamics = `\\begin{aligned} ${rows.join(' \\\\ ')} \\end{aligned}`;
  out.drift = `\\begin{aligned} ${p.exprs.drift.map((f, i) => `f_{${names[i]}} &= ${toLatex(f)}`).join(' \\\\ ')} \\end{aligned}`;
  if (p.noiseDim === 0) out.noise = '\\Sigma = 0';
  else
    out.noise = `\\Sigma = \\begin{pmatrix} ${p.exprs.noise.map((r) => r.map((x) => toLatex(x)).join(' & ')).join(' \\\\ ')} \\end{pmatrix}`;
  const verb = p.objective === 'maximize' ? '\\max' : '\\min';
  const word = p.objective === 'maximize' ? 'r' : 'c';
  const rate = `${word} = ${toLatex(userObjective)}`;
  const e = p.discount !== null ? `e^{-${latexNumber(p.discount)}\\,t}\\,` : '';
  const upper = p.horizon !== null ? latexNumber(p.horizon) : p.discount !== null ? '\\infty' : '\\tau';
  const tail =
    p.exprs.terminal && p.horizon !== null
      ? ` + g(X_{${upper}})`
      : p.exprs.exit && p.horizon === null
        ? ' + g(X_\\tau)'
        : '';
  out.objective = `${verb}_{a}\\; \\mathbb{E}\\left[\\int_0^{${upper}} ${e}${word}(X_t, a_t)\\,dt${tail}\\right], \\quad ${rate}`;
  out.reward = rate;
  if (p.exprs.terminal && p.horizon !== null)
    out.terminal = `g = ${toLatex(p.sense === 1 ? p.exprs.terminal : neg(p.exprs.terminal))}`;
  if (p.exprs.target) out.target = `\\mathcal{T} = \\{ ${toLatex(p.exprs.target)} \\}`;
  if (p.exprs.exit && p.horizon === null)
    out.exit = `g = ${toLatex(p.sense === 1 ? p.exprs.exit : neg(p.exprs.exit))}`;
  const domain = groups.map((g) => {
    const s = p.states[g.first];
    const sym = latexSymbol(g.name);
    const tag = s.periodic
      ? '\\ (\\text{periodic})'
      : s.boundary !== 'reflect'
        ? `\\ (\\text{${s.boundary}})`
        : '';
    if (g.dim === null) return `${sym} \\in ${interval(s.min, s.max)}${tag}`;
    const same = p.states.slice(g.first, g.first + g.dim).every((x) => x.min === s.min && x.max === s.max);
    return same
      ? `${sym} \\in ${interval(s.min, s.max)}^{${g.dim}}${tag}`
      : `${sym} \\in ${p.states
          .slice(g.first, g.first + g.dim)
          .map((x) => interval(x.min, x.max))
          .join(' \\times ')}${tag}`;
  });
  out.states = domain.join(',\\quad ');
  out.controls = p.controls
    .map((c) => `${latexSymbol(c.name)} \\in ${interval(c.min, c.max)}`)
    .join(',\\quad ');
  out.domain = [out.states, out.controls].filter((x) => x !== '').join(',\\quad ');
  if (p.discount !== null) out.discount = `\\rho = ${latexNumber(p.discount)}`;
  if (p.horizon !== null) out.horizon = `T = ${latexNumber(p.horizon)}`;
  if (p.exprs.exactValue) out.exactValue = `V = ${toLatex(p.exprs.exactValue)}`;
  if (p.exprs.exactPolicy)
    out.exactPolicy = p.controls
      .map((c, j) => `${latexSymbol(c.name)}^* = ${toLatex(p.exprs.exactPolicy![j])}`)
      .join(',\\quad ');
  return out;
}

function wrapSum(s: string): string {
  return /[+-]/.test(s.slice(1)) ? `\\left(${s}\\right)` : s;
}
