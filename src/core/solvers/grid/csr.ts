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
 * are cand[candStart[i]…candStart[i+1]−1] (i itself is added). `at[q]` is the position of
 * candidate q in the result, so callers can scatter values into it without searching.
 * One pass per row with a marker array (no search, no shifting): O(candidates + rows·k²)
 * for rows of k distinct columns, which are short.
 */
export function csrFromCandidates(
  n: number,
  candStart: Int32Array,
  cand: Int32Array,
): { A: Csr; at: Int32Array } {
  const rowStart = new Int32Array(n + 1);
  const col = new Int32Array(cand.length + n);
  const diagPos = new Int32Array(n);
  const at = new Int32Array(cand.length);
  // mark[c] = the last row that listed column c; where[c] = its position in that row.
  const mark = new Int32Array(n).fill(-1);
  const where = new Int32Array(n);
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    rowStart[i] = nnz;
    const begin = nnz;
    mark[i] = i;
    col[nnz++] = i;
    for (let q = candStart[i]; q < candStart[i + 1]; q++) {
      const c = cand[q];
      if (mark[c] === i) continue;
      mark[c] = i;
      // Insertion keeps the row sorted (rows are a handful of columns).
      let j = nnz - 1;
      while (j >= begin && col[j] > c) {
        col[j + 1] = col[j];
        j--;
      }
      col[j + 1] = c;
      nnz++;
    }
    for (let j = begin; j < nnz; j++) {
      where[col[j]] = j;
      if (col[j] === i) diagPos[i] = j;
    }
    for (let q = candStart[i]; q < candStart[i + 1]; q++) at[q] = where[cand[q]];
  }
  rowStart[n] = nnz;
  return { A: new Csr(n, rowStart, col.slice(0, nnz), diagPos), at };
}
