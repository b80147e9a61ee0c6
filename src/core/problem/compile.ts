/**
 * compileProblem: source text → CompiledProblem | DiffusionProblem, or diagnostics.
 * Never throws, whatever the input: every failure, including an internal one, becomes a
 * diagnostic (a stack trace is never shown to the user).
 */
import type { CompileResult, Diagnostic } from './types';
import { LangError, WHOLE_FILE, tidy, toDiagnostic } from '../lang/diagnostics';
import { Interpreter } from '../lang/interpreter';
import { parseSource } from '../lang/parse';
import { didYouMean } from '../lang/suggest';
import { SpecValue, describe } from '../lang/values';
import { compileControl } from './control';
import { compileDiffusion } from './diffusion';
import { structuralParameters } from './structural';
import { SpecReader } from './validate';

export interface CompileOptions {
  /** New values for top-level numeric constants (parameter sliders, `--set NAME=VALUE`). */
  overrides?: Record<string, number>;
  /** Interpreter step budget (tests lower it). */
  stepBudget?: number;
}

export function compileProblem(source: string, options: CompileOptions = {}): CompileResult {
  try {
    const text = String(source);
    const result = compileUnsafe(text, options);
    const problem = result.problem;
    if (problem) {
      // Constants that fix the structure are not offered as sliders (`--set` still takes them).
      const fixed = structuralParameters(problem, text, (extra) =>
        compileUnsafe(text, { ...options, overrides: { ...options.overrides, ...extra } }),
      );
      if (fixed.size > 0) problem.parameters = problem.parameters.filter((p) => !fixed.has(p.name));
    }
    return result;
  } catch (err) {
    const diagnostics: Diagnostic[] = [];
    if (err instanceof LangError) diagnostics.push(toDiagnostic(err.message, err.loc, err.severity));
    else if (err instanceof RangeError)
      diagnostics.push(
        toDiagnostic('the problem is nested too deeply (or recurses without end)', WHOLE_FILE),
      );
    else
      diagnostics.push(
        toDiagnostic(
          `internal error while compiling: ${err instanceof Error ? err.message : String(err)}`,
          WHOLE_FILE,
        ),
      );
    return { problem: null, diagnostics };
  }
}

function compileUnsafe(source: string, options: CompileOptions): CompileResult {
  const file = parseSource(source);
  const interp = new Interpreter(source, options.stepBudget);
  const overrides = options.overrides ?? {};
  const mod = interp.runModule(file.program, { overrides });
  const reader = new SpecReader(mod.exportLoc);
  const names = mod.parameters.map((p) => p.name);
  for (const [name, v] of Object.entries(overrides)) {
    if (!names.includes(name))
      reader.error(`there is no parameter '${name}' to set${didYouMean(name, names)}`, WHOLE_FILE);
    else if (!Number.isFinite(v))
      reader.error(`parameter '${name}' must be set to a finite number, not ${v}`, WHOLE_FILE);
  }
  const exported = mod.exported;
  if (!(exported instanceof SpecValue)) {
    reader.error(
      exported === undefined
        ? 'the file must end with export default problem({ … }) or export default diffusion({ … })'
        : `export default must be problem({ … }) or diffusion({ … }), not ${describe(exported)}`,
      mod.exportLoc,
    );
    return { problem: null, diagnostics: tidy(reader.diagnostics) };
  }
  const problem =
    exported.kind === 'problem'
      ? compileControl(exported, interp, mod.parameters, reader)
      : compileDiffusion(exported, interp, mod.parameters, reader);
  return { problem: reader.failed ? null : problem, diagnostics: tidy(reader.diagnostics) };
}
