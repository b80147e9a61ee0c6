import { formatPath } from './errors';

/** Plain JSON data (what a run summary may hold). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** How deep a summary may nest: enough for `exactError.value.max`, little enough to walk recursively. */
export const MAX_SUMMARY_DEPTH = 6;

/** Why `value` is not plain, finite JSON of at most `maxDepth` levels (null when it is). */
export function plainJsonProblem(value: unknown, maxDepth = MAX_SUMMARY_DEPTH): string | null {
  return check(value, maxDepth);
}

function check(value: unknown, depth: number): string | null {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : 'a finite number is required';
  if (typeof value !== 'object') return `expected plain JSON data, got ${typeof value}`;
  if (depth <= 0) return 'nested too deeply';
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = check(item, depth - 1);
      if (problem !== null) return problem;
    }
    return null;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null)
    return 'expected plain JSON data';
  for (const [key, item] of Object.entries(value)) {
    if (isForbiddenKey(key)) return `the key ${JSON.stringify(key)} is not allowed`;
    const problem = check(item, depth - 1);
    if (problem !== null) return problem;
  }
  return null;
}

/** Keys that would not survive a round trip through a plain object. */
export function isForbiddenKey(key: string): boolean {
  return key === '__proto__';
}

/**
 * Path of the first number in a parsed JSON document that is not finite (JSON.parse turns
 * `1e999` into Infinity), or null. Iterative, and paths are linked to their parent rather
 * than copied, so any nesting depth JSON.parse accepts costs linear time.
 */
export function findNonFiniteNumber(root: unknown): string | null {
  interface Item {
    value: unknown;
    key: PropertyKey | null;
    parent: Item | null;
  }
  const stack: Item[] = [{ value: root, key: null, parent: null }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    const { value } = item;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return formatPath(pathOf(item));
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: item });
    } else if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--)
        stack.push({ value: entries[i][1], key: entries[i][0], parent: item });
    }
  }
  return null;

  function pathOf(item: Item): PropertyKey[] {
    const path: PropertyKey[] = [];
    for (let at: Item | null = item; at !== null && at.key !== null; at = at.parent) path.push(at.key);
    return path.reverse();
  }
}
