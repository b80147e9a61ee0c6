/**
 * Drawn and loaded data go into the document's source as a `data: { points: [...] }`
 * literal: the source is what is compiled, saved in project files and shared, so the data
 * survives save and reopen with nothing kept beside it, and the user can read and edit
 * every point. Pure text functions (the view applies the result as an edit).
 */

export type EditResult = { ok: true; source: string } | { ok: false; message: string };

/** Index just past the bracket that closes the one at `open` (strings and comments skipped), or -1. */
export function matchingBracket(text: string, open: number): number {
  const pairs: Record<string, string> = { '{': '}', '[': ']', '(': ')' };
  const stack: string[] = [];
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const e = text.indexOf('\n', i);
      i = e < 0 ? text.length : e;
    } else if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? text.length : e + 1;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      i = j;
    } else if (pairs[c]) stack.push(pairs[c]);
    else if (c === '}' || c === ']' || c === ')') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i + 1;
    }
  }
  return -1;
}

/** A coordinate as the editor shows it: three decimals, no trailing zeros. */
export function formatCoordinate(v: number): string {
  const s = Number(v.toFixed(3)).toString();
  return s === '-0' ? '0' : s;
}

function pointText(p: readonly number[]): string {
  return `[${p.map(formatCoordinate).join(', ')}]`;
}

/** Points six to a line, each line at `indent`. */
function pointLines(points: readonly (readonly number[])[], indent: string): string {
  const lines: string[] = [];
  for (let k = 0; k < points.length; k += 6)
    lines.push(
      indent +
        points
          .slice(k, k + 6)
          .map(pointText)
          .join(', '),
    );
  return lines.join(',\n');
}

function indentOf(text: string, at: number): string {
  const start = text.lastIndexOf('\n', at - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

/** The `{` of the diffusion spec's `data:` object and the index past its `}`. */
function dataObject(source: string): { open: number; close: number } | null {
  const call = /\bdiffusion\s*\(\s*\{/g.exec(source);
  if (!call) return null;
  const specOpen = call.index + call[0].length - 1;
  const specClose = matchingBracket(source, specOpen);
  if (specClose < 0) return null;
  const re = /\bdata\s*:\s*\{/g;
  re.lastIndex = specOpen;
  const m = re.exec(source);
  if (!m || m.index > specClose) return null;
  const open = m.index + m[0].length - 1;
  const close = matchingBracket(source, open);
  return close < 0 ? null : { open, close };
}

/**
 * Adds points to the data: appended to a literal `points: [...]`, otherwise the data
 * (a mixture, a toy set, a log-density or a points expression) becomes these points.
 */
export function addPoints(
  source: string,
  points: readonly (readonly number[])[],
  replace = false,
): EditResult {
  if (points.length === 0) return { ok: false, message: 'no points to add' };
  const data = dataObject(source);
  if (!data) return { ok: false, message: 'the source has no diffusion({ data: { … } }) to add points to' };
  const inner = source.slice(data.open + 1, data.close - 1);
  const lit = /^\s*points\s*:\s*\[/.exec(inner);
  if (lit && !replace) {
    const open = data.open + 1 + lit[0].length - 1;
    const close = matchingBracket(source, open);
    if (close < 0) return { ok: false, message: 'the points literal is not closed' };
    const body = source.slice(open + 1, close - 1);
    if (body.trim() === '') {
      const indent = indentOf(source, open) + '  ';
      return {
        ok: true,
        source: `${source.slice(0, open + 1)}\n${pointLines(points, indent)},\n${indentOf(source, open)}${source.slice(close - 1)}`,
      };
    }
    // Keep the literal's layout: new points go after the last one, on lines of their own.
    const end = open + 1 + body.trimEnd().replace(/,$/, '').length;
    const indent = indentOf(source, end);
    return {
      ok: true,
      source: `${source.slice(0, end)},\n${pointLines(points, indent)}${source.slice(end)}`,
    };
  }
  const base = indentOf(source, data.open);
  const text = `{\n${base}  points: [\n${pointLines(points, base + '    ')},\n${base}  ],\n${base}}`;
  return { ok: true, source: source.slice(0, data.open) + text + source.slice(data.close) };
}

/**
 * Points from CSV text: one point per line, `dim` numbers separated by commas, semicolons,
 * tabs or spaces; a first line that is not numeric is a header. Blank lines are skipped.
 */
export function parsePointsCsv(
  text: string,
  dim: number,
): { ok: true; points: number[][] } | { ok: false; message: string } {
  const points: number[][] = [];
  const lines = text.split(/\r?\n/);
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k].trim();
    if (line === '' || line.startsWith('#')) continue;
    const cells = line.split(/\s*[,;\t]\s*|\s+/).filter((c) => c !== '');
    const nums = cells.map(Number);
    if (nums.some((v) => !Number.isFinite(v))) {
      if (points.length === 0 && k === lines.findIndex((l) => l.trim() !== '')) continue;
      return { ok: false, message: `line ${k + 1}: '${line.slice(0, 40)}' is not ${dim} numbers` };
    }
    if (nums.length !== dim)
      return { ok: false, message: `line ${k + 1}: ${nums.length} columns, the problem has ${dim}` };
    points.push(nums);
  }
  if (points.length === 0) return { ok: false, message: 'the file holds no points' };
  return { ok: true, points };
}
