/**
 * Diagnostics: the only way the language reports a problem. Everything the user can get
 * wrong becomes a LangError carrying a source location; the compiler turns it into a
 * Diagnostic (src/core/problem/types.ts) and never lets an exception escape.
 */
import type { Diagnostic, Severity, SourceRange } from '../problem/types';

/** A location in the source: 1-based line and column of start and end, 0-based offsets. */
export type Loc = SourceRange;

export const WHOLE_FILE: Loc = { line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 };

/** An error in the user's problem, at a place in the source. */
export class LangError extends Error {
  override name = 'LangError';
  constructor(
    message: string,
    readonly loc: Loc,
    readonly severity: Severity = 'error',
  ) {
    super(message);
  }
}

export function toDiagnostic(message: string, loc: Loc, severity: Severity = 'error'): Diagnostic {
  return {
    line: loc.line,
    column: loc.column,
    endLine: loc.endLine,
    endColumn: Math.max(loc.endColumn, loc.line === loc.endLine ? loc.column + 1 : loc.endColumn),
    message,
    severity,
  };
}

/** Babel positions: 1-based lines, 0-based columns, 0-based index. */
interface BabelLoc {
  start: { line: number; column: number; index: number };
  end: { line: number; column: number; index: number };
}

interface Located {
  loc?: BabelLoc | null;
  start?: number | null;
  end?: number | null;
}

export function locOf(node: Located | null | undefined): Loc {
  const l = node?.loc;
  if (!l) return WHOLE_FILE;
  return {
    line: l.start.line,
    column: l.start.column + 1,
    endLine: l.end.line,
    endColumn: l.end.column + 1,
    start: l.start.index,
    end: l.end.index,
  };
}

/** A 1-based line/column for a 0-based offset. */
export function locAtOffset(source: string, offset: number, length = 1): Loc {
  const at = (o: number): { line: number; column: number } => {
    let line = 1;
    let col = 1;
    const stop = Math.min(o, source.length);
    for (let i = 0; i < stop; i++) {
      if (source.charCodeAt(i) === 10) {
        line++;
        col = 1;
      } else col++;
    }
    return { line, column: col };
  };
  const s = at(offset);
  const e = at(offset + length);
  return {
    line: s.line,
    column: s.column,
    endLine: e.line,
    endColumn: e.column,
    start: offset,
    end: offset + length,
  };
}

/** Sort diagnostics by position and drop exact duplicates. */
export function tidy(diags: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of diags) {
    const key = `${d.line}:${d.column}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}
