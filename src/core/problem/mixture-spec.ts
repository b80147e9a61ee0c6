/**
 * Numeric arrays and Gaussian mixtures read from a `diffusion({...})` spec, with the messages a
 * user sees when they are malformed (docs/numerics.md §15.4 for the mixture itself).
 */
import type { Loc } from '../lang/diagnostics';
import { LangError } from '../lang/diagnostics';
import type { Value } from '../lang/values';
import { ArrayValue, ObjectValue, describe } from '../lang/values';

/** Cholesky test: true when the symmetric matrix is positive definite. */
export function isPositiveDefinite(a: readonly (readonly number[])[]): boolean {
  const n = a.length;
  const l = a.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      if (Math.abs(a[i][j] - a[j][i]) > 1e-12 * (1 + Math.abs(a[i][j]))) return false;
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      if (i === j) {
        if (!(s > 0)) return false;
        l[i][i] = Math.sqrt(s);
      } else l[i][j] = s / l[j][j];
    }
  }
  return true;
}
export function numbers(v: Value, what: string, loc: Loc): number[] {
  if (!(v instanceof ArrayValue))
    throw new LangError(`${what} must be an array of numbers, not ${describe(v)}`, loc);
  return v.items.map((x) => {
    if (typeof x !== 'number' || !Number.isFinite(x))
      throw new LangError(
        `${what} must contain finite numbers known at compile time, not ${describe(x)}`,
        loc,
      );
    return x;
  });
}

export function readMatrix(v: Value, what: string, loc: Loc, maxRows: number): number[][] {
  if (!(v instanceof ArrayValue) || v.items.length === 0)
    throw new LangError(`${what} must be a non-empty array of arrays of numbers`, loc);
  if (v.items.length > maxRows) throw new LangError(`${what} has more than ${maxRows} rows`, loc);
  const rows = v.items.map((r, i) => numbers(r, `row ${i} of ${what}`, loc));
  const n = rows[0].length;
  if (n === 0 || rows.some((r) => r.length !== n))
    throw new LangError(`every row of ${what} must have the same, nonzero length`, loc);
  return rows;
}

export function readMixture(
  v: Value,
  loc: Loc,
): { weights: number[]; means: number[][]; covariances: number[][][] } {
  if (!(v instanceof ObjectValue))
    throw new LangError('mixture must be { weights, means, covariances }', loc);
  for (const k of v.props.keys())
    if (!['weights', 'means', 'covariances', 'std'].includes(k))
      throw new LangError(`mixture has no field '${k}' (it takes weights, means, covariances or std)`, loc);
  const means = readMatrix(v.get('means'), 'means', loc, 10_000);
  const K = means.length;
  const d = means[0].length;
  let weights = v.has('weights') ? numbers(v.get('weights'), 'weights', loc) : new Array<number>(K).fill(1);
  if (weights.length !== K)
    throw new LangError(`weights has ${weights.length} entries but there are ${K} means`, loc);
  if (weights.some((w) => !(w > 0))) throw new LangError('mixture weights must be positive', loc);
  const total = weights.reduce((a, b) => a + b, 0);
  weights = weights.map((w) => w / total);
  let covariances: number[][][];
  if (v.has('covariances') && v.has('std'))
    throw new LangError('give either covariances or std, not both', loc);
  if (v.has('covariances')) {
    const c = v.get('covariances');
    if (!(c instanceof ArrayValue) || c.items.length !== K)
      throw new LangError(`covariances must be an array of ${K} matrices of size ${d}×${d}`, loc);
    covariances = c.items.map((m, k) => {
      const mat = readMatrix(m, `covariance ${k}`, loc, d);
      if (mat.length !== d || mat[0].length !== d)
        throw new LangError(`covariance ${k} must be a ${d}×${d} matrix`, loc);
      if (!isPositiveDefinite(mat))
        throw new LangError(`covariance ${k} must be symmetric positive definite`, loc);
      return mat;
    });
  } else {
    const s = v.has('std') ? v.get('std') : 1;
    const stds = typeof s === 'number' ? new Array<number>(K).fill(s) : numbers(s, 'std', loc);
    if (stds.length !== K || stds.some((x) => !(x > 0)))
      throw new LangError(`std must be a positive number or ${K} positive numbers`, loc);
    covariances = stds.map((sd) => means[0].map((_, i) => means[0].map((__, j) => (i === j ? sd * sd : 0))));
  }
  return { weights, means, covariances };
}
