/**
 * Parsing: @babel/parser with its TypeScript plugin (we never hand-write a JS parser).
 * Type annotations are kept in the tree and ignored by the interpreter.
 */
import { parse as babelParse } from '@babel/parser';
import type { File } from '@babel/types';
import { LangError, WHOLE_FILE, locAtOffset } from './diagnostics';

/** Largest accepted source, in characters. A problem is a page of code, not a data file. */
export const MAX_SOURCE_CHARS = 200_000;

interface BabelSyntaxError {
  message: string;
  loc?: { line: number; column: number; index?: number };
  pos?: number;
  reasonCode?: string;
}

function cleanMessage(message: string): string {
  // Babel appends "(line:column)"; our diagnostics carry the position separately.
  return message.replace(/\s*\(\d+:\d+\)\s*$/, '');
}

/** Parse a problem module; throws LangError on any syntax error or oversized input. */
export function parseSource(source: string): File {
  if (source.length > MAX_SOURCE_CHARS) {
    throw new LangError(
      `the problem text is too long (${source.length} characters; the limit is ${MAX_SOURCE_CHARS})`,
      WHOLE_FILE,
    );
  }
  let file: File;
  try {
    file = babelParse(source, {
      sourceType: 'module',
      plugins: ['typescript'],
      errorRecovery: false,
    });
  } catch (err) {
    if (err instanceof RangeError) {
      // Deeply nested input can exhaust the parser's stack.
      throw new LangError('the problem text is nested too deeply to read', WHOLE_FILE);
    }
    const e = err as BabelSyntaxError;
    const offset = typeof e.pos === 'number' ? e.pos : (e.loc?.index ?? 0);
    const loc = e.loc
      ? {
          line: e.loc.line,
          column: e.loc.column + 1,
          endLine: e.loc.line,
          endColumn: e.loc.column + 2,
          start: offset,
          end: offset + 1,
        }
      : locAtOffset(source, offset);
    throw new LangError(`syntax error: ${cleanMessage(String(e.message ?? err))}`, loc);
  }
  return file;
}
