/**
 * The value axis' scale: linear, or symmetric log — s(v) = sign(v)·log10(1 + |v|/c), linear
 * for |v| ≪ c and logarithmic beyond — for values that span several decades (Merton's V
 * runs from −8.7e6 to −1e2: linearly the surface is a flat sheet with a cliff).
 */
export type ValueScale = { kind: 'linear' } | { kind: 'symlog'; c: number };
export type ScaleChoice = 'auto' | 'linear' | 'symlog';

/** Decades between the largest |v| and the typical (median) |v| from which auto picks symlog. */
const AUTO_DECADES = 2;

/**
 * Most values whose median pickScale takes. A larger field gives an evenly strided sample:
 * the median only sets the symlog width and whether the field spans decades, and the
 * sample keeps the work per snapshot of a streaming solve bounded (on the 301² pendulum the
 * copy and the selection over all 90 601 values were 20–30 ms of each frame's task, traced).
 */
const MEDIAN_SAMPLE = 1 << 14;

/** |v| of the finite, non-zero values among every `stride`-th entry of z, unordered. */
function absValues(z: ArrayLike<number>, stride: number): Float64Array {
  let n = 0;
  for (let k = 0; k < z.length; k += stride) if (Number.isFinite(z[k]) && z[k] !== 0) n++;
  const a = new Float64Array(n);
  n = 0;
  for (let k = 0; k < z.length; k += stride) if (Number.isFinite(z[k]) && z[k] !== 0) a[n++] = Math.abs(z[k]);
  return a;
}

/**
 * The k-th smallest entry of `a` (0-based), reordering `a`: Hoare selection, expected O(n).
 * pickScale runs on every snapshot of a streaming solve; sorting a 301² field there took
 * 86 ms of the main thread (profile of the 301² pendulum run), selection takes a few.
 */
export function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    // Median of three as the pivot: fields are often sorted along rows already.
    const mid = (lo + hi) >> 1;
    const p = Math.max(Math.min(a[lo], a[mid]), Math.min(Math.max(a[lo], a[mid]), a[hi]));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < p) i++;
      while (a[j] > p) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/**
 * The scale for values z: symlog when chosen, or on 'auto' when the largest |v| is at least
 * 100 times the median |v|; its linear width c is the median |v| (so half the points sit in
 * the logarithmic part). Over more than MEDIAN_SAMPLE values the median is a strided
 * sample's; the largest |v| is always every value's.
 */
export function pickScale(z: ArrayLike<number>, choice: ScaleChoice): ValueScale {
  if (choice === 'linear') return { kind: 'linear' };
  const a = absValues(z, Math.ceil(z.length / MEDIAN_SAMPLE));
  if (a.length === 0) return { kind: 'linear' };
  let max = 0;
  for (let k = 0; k < z.length; k++) {
    const v = Math.abs(z[k]);
    if (v > max && v !== Infinity) max = v;
  }
  const median = kthSmallest(a, Math.floor(a.length / 2));
  if (choice === 'auto' && !(max >= median * 10 ** AUTO_DECADES)) return { kind: 'linear' };
  return { kind: 'symlog', c: median };
}

export function forward(v: number, s: ValueScale): number {
  if (s.kind === 'linear') return v;
  return Math.sign(v) * Math.log10(1 + Math.abs(v) / s.c);
}

export function inverse(u: number, s: ValueScale): number {
  if (s.kind === 'linear') return u;
  return Math.sign(u) * s.c * (10 ** Math.abs(u) - 1);
}

export function applyScale(z: Float64Array, s: ValueScale): Float64Array {
  if (s.kind === 'linear') return z;
  return z.map((v) => forward(v, s));
}

function fmt(v: number): string {
  if (v === 0) return '0';
  const e = Math.log10(Math.abs(v));
  if (Number.isInteger(Math.round(e * 1e9) / 1e9) && Math.abs(e) >= 3)
    return `${v < 0 ? '−' : ''}1e${Math.round(e)}`;
  return String(Number(v.toPrecision(3)));
}

/**
 * Ticks for a symlog axis over the scaled range [lo, hi]: 0 and ±10^k inside the range, at
 * most `max` of them (every other decade when there are too many); `at` is in scaled units.
 */
export function symlogTicks(lo: number, hi: number, s: ValueScale, max = 6): { at: number; text: string }[] {
  if (s.kind === 'linear' || !(hi > lo)) return [];
  const vlo = inverse(lo, s);
  const vhi = inverse(hi, s);
  const values: number[] = [];
  if (vlo <= 0 && vhi >= 0) values.push(0);
  const top = Math.floor(Math.log10(Math.max(Math.abs(vlo), Math.abs(vhi))));
  const bottom = Math.floor(Math.log10(s.c));
  for (let k = bottom; k <= top; k++)
    for (const v of [10 ** k, -(10 ** k)]) if (v >= vlo && v <= vhi) values.push(v);
  values.sort((a, b) => a - b);
  let kept = values;
  for (let step = 2; kept.length > max; step++) kept = values.filter((_, i) => i % step === 0);
  return kept.map((v) => ({ at: forward(v, s), text: fmt(v) }));
}
