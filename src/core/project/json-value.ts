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

/** The first thing in a parsed JSON document that no valid project may hold. */
export interface JsonProblem {
  kind: 'non-finite' | 'forbidden-key';
  path: string;
  message: string;
}

/**
 * Find the first number that is not finite (JSON.parse turns `1e999` into Infinity) or key
 * that cannot live in a plain object (`__proto__`, which validation would silently drop).
 * Iterative, and paths are linked to their parent rather than copied, so any nesting depth
 * JSON.parse accepts costs linear time.
 */
export function findJsonProblem(root: unknown): JsonProblem | null {
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
      if (!Number.isFinite(value))
        return { kind: 'non-finite', path: pathOf(item), message: 'a finite number is required' };
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: item });
    } else if (typeof value === 'object' && value !== null) {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const child: Item = {
          value: (value as Record<string, unknown>)[keys[i]],
          key: keys[i],
          parent: item,
        };
        if (isForbiddenKey(keys[i]))
          return {
            kind: 'forbidden-key',
            path: pathOf(item),
            message: `the name ${JSON.stringify(keys[i])} is not allowed`,
          };
        stack.push(child);
      }
    }
  }
  return null;

  function pathOf(item: Item): string {
    const path: PropertyKey[] = [];
    for (let at: Item | null = item; at !== null && at.key !== null; at = at.parent) path.push(at.key);
    return formatPath(path.reverse());
  }
}

/** A short, safe description of any value for an error message (never walks into it). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value.length <= 40 ? JSON.stringify(value) : 'a string';
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}
