/**
 * Top-level numeric constants that fix a problem's structure — a count of mixture
 * components, a loop bound, the number of copies of a block — are not parameters a slider
 * may move: one step of the slider breaks the problem or silently changes what is compared
 * (docs/architecture.md §4.1). They are found by probing: the problem is compiled again with
 * the constant one larger, and the constant is structural when that compile fails or changes
 * the problem's shape (states, controls, noise dimension; data dimension and size). Only
 * whole-number constants are probed, since a count or an index is always one. A probe costs
 * one more compile (the double-integrator example: 35 → 71 ms), so the answer is remembered
 * per source text with the parameters' literals masked: a slider move, which rewrites only a
 * literal, probes nothing.
 */
import type { CompileResult, CompiledProblem, DiffusionProblem } from './types';

type Problem = CompiledProblem | DiffusionProblem;

/** What must stay the same for a slider move to be a change of value, not of structure. */
export function shapeOf(p: Problem): string {
  if (p.kind === 'control')
    return `control ${p.states.map((s) => s.name).join(',')} | ${p.controls.map((c) => c.name).join(',')} | ${p.noiseDim}`;
  const d = p.data;
  const size =
    d.type === 'mixture'
      ? d.weights.length
      : d.type === 'points'
        ? d.points.length
        : d.type === 'toy'
          ? d.name
          : '';
  return `diffusion ${p.dim} ${d.type} ${size}`;
}

/**
 * Names of the whole-number parameters of `problem` (compiled from `source`) whose value fixes
 * its structure. `recompile` compiles the same source with extra overrides (it may throw).
 */
export function structuralParameters(
  problem: Problem,
  source: string,
  recompile: (overrides: Readonly<Record<string, number>>) => CompileResult,
): ReadonlySet<string> {
  const key = maskLiterals(source, problem);
  const known = memo.get(key);
  if (known) return known;
  const found = probe(problem, recompile);
  if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  memo.set(key, found);
  return found;
}

const MEMO_SIZE = 32;
const memo = new Map<string, ReadonlySet<string>>();

/** The source with each parameter's literal replaced by '#': equal for any slider values. */
function maskLiterals(source: string, problem: Problem): string {
  const ranges = problem.parameters.map((p) => p.range).sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const r of ranges) {
    out += source.slice(at, r.start) + '#';
    at = r.end;
  }
  return out + source.slice(at);
}

function probe(
  problem: Problem,
  recompile: (overrides: Readonly<Record<string, number>>) => CompileResult,
): Set<string> {
  const shape = shapeOf(problem);
  const out = new Set<string>();
  for (const p of problem.parameters) {
    if (!Number.isInteger(p.value)) continue;
    let probe: CompileResult | null = null;
    try {
      probe = recompile({ [p.name]: p.value + 1 });
    } catch {
      probe = null;
    }
    if (!probe?.problem || shapeOf(probe.problem) !== shape) out.add(p.name);
  }
  return out;
}
