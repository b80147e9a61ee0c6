/**
 * Compressed sparse rows for the policy-evaluation matrices (multigrid.ts): the pattern is
 * fixed per discretization, values are refreshed per system, and ILU(0) factors live on the
 * same pattern.
 */

/**
 * A sparse matrix in CSR (rows sorted, diagonal present) with ILU(0) factors on the same
 * pattern.
 */
export class Csr {
  readonly a: Float64Array;
  readonly lu: Float64Array;
  /** 1 / the ILU pivots. */
  readonly invPivot: Float64Array;
  constructor(
    readonly n: number,
    readonly rowStart: Int32Array,
    readonly col: Int32Array,
    readonly diagPos: Int32Array,
  ) {
    this.a = new Float64Array(col.length);
    this.lu = new Float64Array(col.length);
    this.invPivot = new Float64Array(n);
  }

  /**
   * The updates of ILU(0) in IKJ order, found once per pattern: for the lower entry kk = (i, k),
   * pairs q in start[kk]…start[kk+1]−1 of lu[target[q]] −= l_ik · lu[source[q]], where
   * target runs over row i right of k and source over row k at the same columns (both rows
   * are sorted, so one merge finds them).
   */
  private plan: { start: Int32Array; target: Int32Array; source: Int32Array } | null = null;

  private buildPlan(): { start: Int32Array; target: Int32Array; source: Int32Array } {
    const { n, rowStart, col, diagPos } = this;
    const start = new Int32Array(col.length + 1);
    // Two passes over the same merges: count, then fill.
    let target = new Int32Array(0);
    let source = new Int32Array(0);
    for (let pass = 0; pass < 2; pass++) {
      let m = 0;
      for (let i = 0; i < n; i++) {
        const end = rowStart[i + 1];
        for (let kk = rowStart[i]; kk < end; kk++) {
          start[kk] = m;
          if (kk >= diagPos[i]) continue;
          const k = col[kk];
          let jj = kk + 1;
          let kj = diagPos[k] + 1;
          const kEnd = rowStart[k + 1];
          while (jj < end && kj < kEnd) {
            const cj = col[jj];
            const ck = col[kj];
            if (cj === ck) {
              if (pass === 1) {
                target[m] = jj;
                source[m] = kj;
              }
              m++;
              jj++;
              kj++;
            } else if (cj < ck) jj++;
            else kj++;
          }
        }
      }
      start[col.length] = m;
      if (pass === 0) {
        target = new Int32Array(m);
        source = new Int32Array(m);
      }
    }
    return { start, target, source };
  }

  /** ILU(0) of the current values (the pattern's update plan is built on first use). */
  factor(): void {
    const { n, rowStart, col, diagPos } = this;
    const { start, target, source } = (this.plan ??= this.buildPlan());
    const lu = this.lu;
    lu.set(this.a);
    for (let i = 0; i < n; i++) {
      for (let kk = rowStart[i], e = diagPos[i]; kk < e; kk++) {
        const lik = (lu[kk] /= lu[diagPos[col[kk]]]);
        for (let q = start[kk], qe = start[kk + 1]; q < qe; q++) lu[target[q]] -= lik * lu[source[q]];
      }
    }
    for (let i = 0; i < n; i++) this.invPivot[i] = 1 / lu[diagPos[i]];
  }

  /** z = (LU)⁻¹ r; with `acc`, also acc += z (in the same pass). */
  iluSolve(r: Float64Array, z: Float64Array, acc: Float64Array | null = null): void {
    const { n, rowStart, col, diagPos, lu, invPivot } = this;
    for (let i = 0; i < n; i++) {
      let s = r[i];
      for (let kk = rowStart[i], e = diagPos[i]; kk < e; kk++) s -= lu[kk] * z[col[kk]];
      z[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = z[i];
      for (let kk = diagPos[i] + 1, e = rowStart[i + 1]; kk < e; kk++) s -= lu[kk] * z[col[kk]];
      const v = s * invPivot[i];
      z[i] = v;
      if (acc) acc[i] += v;
    }
  }

  multiply(x: Float64Array, y: Float64Array): void {
    const { n, rowStart, col, a } = this;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let kk = rowStart[i], e = rowStart[i + 1]; kk < e; kk++) s += a[kk] * x[col[kk]];
      y[i] = s;
    }
  }

  /** y = b − A x. */
  residual(b: Float64Array, x: Float64Array, y: Float64Array): void {
    const { n, rowStart, col, a } = this;
    for (let i = 0; i < n; i++) {
      let s = b[i];
      for (let kk = rowStart[i], e = rowStart[i + 1]; kk < e; kk++) s -= a[kk] * x[col[kk]];
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
