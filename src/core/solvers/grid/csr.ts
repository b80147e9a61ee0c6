/**
 * Compressed sparse rows for the policy-evaluation matrices (multigrid.ts): the pattern is
 * fixed per discretization, values are refreshed per system.
 */

/** A sparse matrix in CSR (rows sorted, diagonal present). */
export class Csr {
  readonly a: Float64Array;
  constructor(
    readonly n: number,
    readonly rowStart: Int32Array,
    readonly col: Int32Array,
    readonly diagPos: Int32Array,
  ) {
    this.a = new Float64Array(col.length);
  }

  multiply(x: Float64Array, y: Float64Array): void {
    const { n, rowStart, col, a } = this;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let kk = rowStart[i], e = rowStart[i + 1]; kk < e; kk++) s += a[kk] * x[col[kk]];
      y[i] = s;
    }
  }
}

/**
 * Sorted CSR pattern with diagonal from unsorted rows with repeats: row i's candidate columns
 * are cand[candStart[i]…candStart[i+1]−1] (i itself is added).
 */
export function csrFromCandidates(n: number, candStart: Int32Array, cand: Int32Array): Csr {
  const rowStart = new Int32Array(n + 1);
  const col = new Int32Array(cand.length + n);
  const diagPos = new Int32Array(n);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    rowStart[i] = nnz;
    const begin = nnz;
    col[nnz++] = i;
    for (let q = candStart[i]; q < candStart[i + 1]; q++) {
      const c = cand[q];
      // Insertion into the sorted row, skipping repeats (rows are short).
      let j = nnz - 1;
      while (j >= begin && col[j] > c) j--;
      if (j >= begin && col[j] === c) continue;
      for (let k = nnz; k > j + 1; k--) col[k] = col[k - 1];
      col[j + 1] = c;
      nnz++;
    }
    for (let j = begin; j < nnz; j++) if (col[j] === i) diagPos[i] = j;
  }
  rowStart[n] = nnz;
  return new Csr(n, rowStart, col.slice(0, nnz), diagPos);
}

/** Position of column c in row i (present by construction). */
export function find(A: Csr, i: number, c: number): number {
  let q = A.rowStart[i];
  while (A.col[q] !== c) q++;
  return q;
}
