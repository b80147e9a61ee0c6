/**
 * `hjb check FILE [--json] [--set NAME=VALUE …]`: compile a problem file and report.
 * Exit 0 with a summary when it compiles, exit 1 with the diagnostics otherwise. With
 * --json, stdout is exactly one JSON object (docs/architecture.md §10).
 */
import { readFile } from 'node:fs/promises';
import type { CliCommand, CliIO } from '../command';
import { UsageError } from '../command';
import { compileProblem } from '../../core/problem/compile';
import type { CompileResult, Diagnostic } from '../../core/problem/types';

interface CheckArgs {
  file: string;
  json: boolean;
  overrides: Record<string, number>;
}

function parseArgs(args: string[]): CheckArgs {
  let file: string | null = null;
  let json = false;
  const overrides: Record<string, number> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (a === '--set' || a.startsWith('--set=')) {
      const spec = a === '--set' ? args[++i] : a.slice('--set='.length);
      const m = spec === undefined ? null : /^([A-Za-z_$][\w$]*)=(.+)$/.exec(spec);
      const v = m ? Number(m[2]) : NaN;
      if (!m || !Number.isFinite(v)) throw new UsageError(`--set needs NAME=NUMBER, not '${spec ?? ''}'`);
      overrides[m[1]] = v;
    } else if (a.startsWith('-')) throw new UsageError(`unknown option '${a}'. Usage: ${check.usage}`);
    else if (file === null) file = a;
    else throw new UsageError(`check takes one file, got '${file}' and '${a}'`);
  }
  if (file === null) throw new UsageError(`which file? Usage: ${check.usage}`);
  return { file, json, overrides };
}

function jsonReport(result: CompileResult): Record<string, unknown> {
  const diagnostics = result.diagnostics.map((d) => ({
    line: d.line,
    column: d.column,
    message: d.message,
    severity: d.severity,
  }));
  const ok = result.problem !== null && !result.diagnostics.some((d) => d.severity === 'error');
  const p = result.problem;
  let problem: Record<string, unknown> | null = null;
  if (p?.kind === 'control') {
    problem = {
      kind: 'control',
      title: p.title,
      states: p.states.map((s) => ({ name: s.name, min: s.min, max: s.max, periodic: s.periodic })),
      controls: p.controls.map((c) => ({ name: c.name, min: c.min, max: c.max })),
      parameters: p.parameters.map((x) => ({ name: x.name, value: x.value })),
      objective: p.objective,
      ...(p.discount !== null ? { discount: p.discount } : {}),
      ...(p.horizon !== null ? { horizon: p.horizon } : {}),
      noiseDim: p.noiseDim,
      latex: p.latex,
    };
  } else if (p?.kind === 'diffusion') {
    problem = {
      kind: 'diffusion',
      title: p.title,
      states: p.names.map((name, i) => ({
        name,
        min: p.bounds.min[i],
        max: p.bounds.max[i],
        periodic: false,
      })),
      controls: [],
      parameters: p.parameters.map((x) => ({ name: x.name, value: x.value })),
      horizon: p.horizon,
      data: p.data.type,
      forward: p.forward.type,
      latex: p.latex,
    };
  }
  return { ok, diagnostics, problem };
}

function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
}

function summary(result: CompileResult): string {
  const p = result.problem;
  if (!p) return '';
  if (p.kind === 'diffusion') {
    return [
      `ok: diffusion '${p.title}', ${p.dim}-D, data: ${p.data.type}, forward: ${p.forward.type}, horizon ${p.horizon}`,
      `  domain: ${p.names.map((n, i) => `${n} ∈ [${p.bounds.min[i]}, ${p.bounds.max[i]}]`).join(', ')}`,
    ].join('\n');
  }
  const time =
    p.horizon !== null
      ? `finite horizon T = ${p.horizon}`
      : p.discount !== null
        ? `discount ρ = ${p.discount}`
        : 'undiscounted exit problem';
  const lines = [
    `ok: '${p.title}': ${p.objective}, ${time}, ${p.states.length} state(s), ${p.controls.length} control(s), noise ${p.noiseDim === 0 ? 'none' : `${p.states.length}×${p.noiseDim}`}`,
    `  states:   ${p.states.map((s) => `${s.name} ∈ [${s.min}, ${s.max}]${s.periodic ? ' periodic' : s.boundary !== 'reflect' ? ` ${s.boundary}` : ''}`).join(', ')}`,
    `  controls: ${p.controls.map((c) => `${c.name} ∈ [${c.min}, ${c.max}]`).join(', ') || 'none'}`,
  ];
  if (p.parameters.length > 0)
    lines.push(`  parameters: ${p.parameters.map((x) => `${x.name} = ${x.value}`).join(', ')}`);
  if (p.exprs.target) lines.push('  target set: yes');
  if (p.exprs.exactValue) lines.push('  exact solution: yes');
  return lines.join('\n');
}

export const check: CliCommand = {
  name: 'check',
  summary: 'compile a problem file and report its diagnostics',
  usage: 'npm run hjb -- check FILE [--json] [--set NAME=VALUE ...]',
  async run(args: string[], io: CliIO): Promise<number> {
    const { file, json, overrides } = parseArgs(args);
    let source: string;
    try {
      source = await readFile(file, 'utf8');
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new UsageError(
        `cannot read '${file}'${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`,
      );
    }
    const result = compileProblem(source, { overrides });
    const ok = result.problem !== null && !result.diagnostics.some((d) => d.severity === 'error');
    if (json) {
      io.stdout(JSON.stringify(jsonReport(result)) + '\n');
      return ok ? 0 : 1;
    }
    for (const d of result.diagnostics) (ok ? io.stdout : io.stderr)(formatDiagnostic(file, d) + '\n');
    if (ok) io.stdout(summary(result) + '\n');
    return ok ? 0 : 1;
  },
};
