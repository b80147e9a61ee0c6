/**
 * Pure helpers behind the inspector's parameter sliders: a slider range inferred from a
 * parameter's value, the text of a numeric literal, and the edit that rewrites a
 * parameter's literal in the source (the editor applies it as one undoable edit).
 */

export interface SliderRange {
  min: number;
  max: number;
  step: number;
}

/** A span of source text by 0-based character offsets, end exclusive. */
export interface OffsetRange {
  start: number;
  end: number;
}

/** A replacement of `source.slice(start, end)` by `text`. */
export interface LiteralEdit extends OffsetRange {
  text: string;
}

const NICE = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** The smallest "nice" number (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k) that is ≥ x > 0. */
export function niceCeil(x: number): number {
  if (!(x > 0) || !Number.isFinite(x))
    throw new RangeError(`niceCeil needs a positive finite number, got ${x}`);
  const p = Math.pow(10, Math.floor(Math.log10(x)));
  for (const m of NICE) {
    // Tolerance: 10^k computed in floating point may be a hair off.
    const c = cleanFloat(m * p);
    if (c >= x * (1 - 1e-12)) return c;
  }
  return cleanFloat(10 * p);
}

/** Number of digits after the decimal point in the shortest round-trip text of x. */
export function decimals(x: number): number {
  if (!Number.isFinite(x)) return 0;
  const s = String(Math.abs(x));
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(s);
  if (!m) return 0;
  const frac = m[2]?.length ?? 0;
  const exp = m[3] ? Number(m[3]) : 0;
  return Math.max(0, frac - exp);
}

/** x with the decimal noise of floating-point arithmetic removed (e.g. 0.30000000000000004 → 0.3). */
function cleanFloat(x: number): number {
  return Number(x.toPrecision(12));
}

/**
 * A slider step for [min, max] that lands on the value's own digits when that is not too
 * fine: about 100–1000 steps across the range, down to 10 000 for a value with more digits.
 * An integer value over a range of 10 or more steps by whole numbers (a count such as the
 * number of mixture components must stay an integer).
 */
export function sliderStep(min: number, max: number, value: number): number {
  const span = max - min;
  if (!(span > 0) || !Number.isFinite(span)) return 0.01;
  const base = Math.pow(10, Math.floor(Math.log10(span)) - 2);
  if (Number.isInteger(value) && span >= 10) return Math.max(1, cleanFloat(base));
  const own = Math.pow(10, -decimals(value));
  return cleanFloat(Math.max(Math.min(base, own), base / 10));
}

/**
 * The slider range for a parameter: [0, 2v] rounded up to a nice number for v > 0, its
 * mirror [−2|v|, 0] for v < 0, and [−1, 1] for 0.
 */
export function inferSliderRange(value: number): SliderRange {
  if (!Number.isFinite(value) || value === 0) return { min: -1, max: 1, step: 0.01 };
  const extent = niceCeil(2 * Math.abs(value));
  const [min, max] = value > 0 ? [0, extent] : [-extent, 0];
  return { min, max, step: sliderStep(min, max, value) };
}

/** value rounded to the number of decimals of step (a slider's value without float noise). */
export function roundToStep(value: number, step: number): number {
  if (!Number.isFinite(value)) return value;
  const d = Math.min(20, decimals(step));
  const r = Number(value.toFixed(d));
  return Object.is(r, -0) ? 0 : r;
}

/**
 * The text of a numeric literal for value: JavaScript's shortest round-trip form (so the
 * literal reads back exactly), which has no exponent for magnitudes in [1e-6, 1e21).
 * −0 is written 0. A negative value gets its minus sign.
 */
export function formatLiteral(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`a literal must be finite, got ${value}`);
  if (value === 0) return '0';
  return String(value);
}

const NUMBER = String.raw`(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)`;
const SIGNED_LITERAL = new RegExp(String.raw`^\s*-?\s*${NUMBER}\s*$`);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `name =` (optionally `name: T =`) right before a position, as in `const name = 1`. */
function assignmentBefore(source: string, pos: number, name: string): boolean {
  const before = source.slice(Math.max(0, pos - 200), pos);
  const re = new RegExp(String.raw`(?:^|[^\w$.])${escapeRegExp(name)}\s*(?::[^=;\n]*)?=\s*$`);
  return re.test(before);
}

/** Extend a range over a unary minus that sits right before it (`= -0.5` with only `0.5` in range). */
function withUnaryMinus(source: string, range: OffsetRange): OffsetRange {
  if (source.slice(range.start, range.end).trimStart().startsWith('-')) return range;
  const m = /-\s*$/.exec(source.slice(Math.max(0, range.start - 50), range.start));
  if (!m) return range;
  const minusAt = range.start - m[0].length;
  // Unary only after `=`, `(`, `,`, `[`, `:` or at the start; otherwise it is a binary minus.
  const prev = source.slice(0, minusAt).trimEnd().slice(-1);
  if (prev === '' || '=(,[:?'.includes(prev)) return { start: minusAt, end: range.end };
  return range;
}

/**
 * The edit that sets a parameter's literal to value.
 *
 * `range` is where the literal was when the source was compiled (ParameterSpec.range, the
 * unary minus included for a negative literal). When `name` is given the range is checked
 * (`name = <literal>` must be there); if the source changed since, the literal is found
 * again by name, nearest to the old position. Returns null when there is no such literal.
 * The replaced span always starts at the sign, so the result never reads `--`.
 */
export function literalEdit(
  source: string,
  range: OffsetRange,
  value: number,
  name?: string,
): LiteralEdit | null {
  const text = formatLiteral(value);
  const inBounds = range.start >= 0 && range.end <= source.length && range.start < range.end;
  if (inBounds && SIGNED_LITERAL.test(source.slice(range.start, range.end))) {
    const r = withUnaryMinus(source, range);
    if (name === undefined || assignmentBefore(source, r.start, name)) {
      const prev = source.slice(0, r.start).trimEnd().slice(-1);
      // A negative value right after a binary + or − operator needs parentheses.
      const safe = value < 0 && (prev === '-' || prev === '+') ? `(${text})` : text;
      return { start: r.start, end: r.end, text: safe };
    }
  }
  if (name === undefined) return null;
  const re = new RegExp(
    String.raw`(?:^|[^\w$.])${escapeRegExp(name)}\s*(?::[^=;\n]*)?=\s*(-?\s*${NUMBER})(?![\w$.])`,
    'g',
  );
  let best: OffsetRange | null = null;
  for (let m = re.exec(source); m !== null; m = re.exec(source)) {
    const end = m.index + m[0].length;
    const start = end - m[1].length;
    if (best === null || Math.abs(start - range.start) < Math.abs(best.start - range.start))
      best = { start, end };
  }
  return best === null ? null : { ...best, text };
}

/** The source with a parameter's literal set to value (unchanged when no literal is found). */
export function rewriteLiteral(source: string, range: OffsetRange, value: number, name?: string): string {
  const e = literalEdit(source, range, value, name);
  return e === null ? source : source.slice(0, e.start) + e.text + source.slice(e.end);
}

/** A replacement already made in the source: [start, oldEnd) became [start, newEnd). */
export interface AppliedEdit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * Where a range of the compiled source is after edits made since the compile (in order):
 * the edited literal itself takes its new extent, text after an edit moves by its change
 * in length. Lets consecutive slider moves address the right text before the next compile.
 */
export function rangeAfterEdits(range: OffsetRange, edits: readonly AppliedEdit[]): OffsetRange {
  let { start, end } = range;
  for (const e of edits) {
    if (start === e.start) end = e.newEnd;
    else if (start >= e.oldEnd) {
      start += e.newEnd - e.oldEnd;
      end += e.newEnd - e.oldEnd;
    }
  }
  return { start, end };
}
