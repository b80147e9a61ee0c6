/** Reading FILE for `hjb solve` / `hjb simulate`: a `.ts` problem source or a `.hjblab` project. */
import { readFile } from 'node:fs/promises';
import { UsageError } from '../command';
import { compileProblem } from '../../core/problem/compile';
import { parseProject, PROJECT_EXTENSION, type Project } from '../../core/project/index';
import type { AnyProblem, SettingValues } from '../../core/solvers/solver';
import { oneLine } from './values';

export interface LoadedProblem {
  problem: AnyProblem;
  /** The solver a project file names, and the settings it stored (none for a source file). */
  solver: string | null;
  settings: SettingValues;
  /** The problem source that was compiled. */
  source: string;
  /** The project FILE holds (null for a source file). */
  project: Project | null;
}

/** Reads FILE and compiles it; every failure is a one-line UsageError. */
export async function loadProblem(file: string, overrides: Record<string, number>): Promise<LoadedProblem> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new UsageError(
      `cannot read '${file}'${code === 'ENOENT' ? ': no such file' : code === 'EISDIR' ? ': it is a directory' : code ? ` (${code})` : ''}`,
    );
  }
  let source = text;
  let project: Project | null = null;
  if (file.endsWith(PROJECT_EXTENSION)) {
    try {
      project = parseProject(text);
      source = project.source;
    } catch (err) {
      throw new UsageError(`'${file}' is not a readable project: ${oneLine(err)}`);
    }
  }
  const result = compileProblem(source, { overrides });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (!result.problem || errors.length > 0) {
    const first = errors[0] ?? result.diagnostics[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more; run 'hjb check ${file}')` : '';
    throw new UsageError(
      first ? `${file}:${first.line}:${first.column}: ${first.message}${more}` : `${file} does not compile`,
    );
  }
  return {
    problem: result.problem,
    solver: project?.settings.solver ?? null,
    settings: project?.settings.values ?? {},
    source,
    project,
  };
}
