import { describe, expect, it } from 'vitest';
import { Csr, csrFromCandidates } from '../../../../src/core/solvers/grid/csr';
import { LineSmoother } from '../../../../src/core/solvers/grid/line-smoother';
import { denseSolve } from './dense-solve';

/** Deterministic pseudo-random numbers in [0, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * A random M-matrix with the axis stencil of a tensor grid (neighbours ±1 along every axis,
 * wrapping on periodic axes) and diagonal = shift + off-diagonal sum, like a policy-evaluation
 * matrix.
 */
function stencilMatrix(shape: number[], periodic: boolean[], seed: number, shift = 0.3): Csr {
  const d = shape.length;
  const n = shape.reduce((a, b) => a * b, 1);
  const strides = shape.map((_, k) => shape.slice(k + 1).reduce((a, b) => a * b, 1));
  const candStart = new Int32Array(n + 1);
  const cand: number[] = [];
  for (let p = 0; p < n; p++) {
    for (let k = 0; k < d; k++) {
      const i = Math.floor(p / strides[k]) % shape[k];
      for (const step of [-1, 1]) {
        let j = i + step;
        if (j < 0 || j >= shape[k]) {
          if (!periodic[k]) continue;
          j = (j + shape[k]) % shape[k];
        }
        if (j !== i) cand.push(p + (j - i) * strides[k]);
      }
    }
    candStart[p + 1] = cand.length;
  }
  const { A } = csrFromCandidates(n, candStart, Int32Array.from(cand));
  const r = rng(seed);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let kk = A.rowStart[i]; kk < A.rowStart[i + 1]; kk++) {
      if (kk === A.diagPos[i]) continue;
      A.a[kk] = -(0.05 + r());
      sum -= A.a[kk];
    }
    A.a[A.diagPos[i]] = shift + sum;
  }
  return A;
}

/**
 * Reference line Gauss–Seidel: lines along `axis` in row-major order of the other axes (or
 * reversed); on each line the tridiagonal part (non-wrapping neighbours) is solved densely
 * and every other coupling — other lines, and the wrap-around pair of a periodic line — is
 * taken from the iterate as it stands when the line starts.
 */
function referenceSweep(
  A: Csr,
  shape: number[],
  axis: number,
  r: Float64Array,
  z: Float64Array,
  forward: boolean,
  crossed = false,
): void {
  const n = A.n;
  const L = shape[axis];
  const stride = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const bases: number[] = [];
  for (let outer = 0; outer < n; outer += L * stride)
    for (let inner = 0; inner < stride; inner++) bases.push(outer + inner);
  if (crossed) {
    // The first of the other axes (of size > 1) reversed, the rest in order.
    const first = shape.findIndex((m, k) => k !== axis && m > 1);
    const fs = shape.slice(first + 1).reduce((a, b) => a * b, 1);
    for (let q = 0; q < bases.length; q++) {
      const i = Math.floor(bases[q] / fs) % shape[first];
      bases[q] += (shape[first] - 1 - 2 * i) * fs;
    }
  }
  if (!forward) bases.reverse();
  for (const base of bases) {
    const nodes = Array.from({ length: L }, (_, t) => base + t * stride);
    const inLine = new Map(nodes.map((i, t) => [i, t]));
    const M = nodes.map(() => new Array<number>(L).fill(0));
    const b = nodes.map((i) => r[i]);
    nodes.forEach((i, t) => {
      for (let kk = A.rowStart[i]; kk < A.rowStart[i + 1]; kk++) {
        const j = A.col[kk];
        const s = inLine.get(j);
        if (s !== undefined && Math.abs(s - t) <= 1) M[t][s] = A.a[kk];
        else b[t] -= A.a[kk] * z[j];
      }
    });
    const x = denseSolve(M, b);
    nodes.forEach((i, t) => (z[i] = x[t]));
  }
}

describe('line Gauss–Seidel smoother', () => {
  const cases: Array<{ shape: number[]; periodic: boolean[]; axis: number }> = [
    { shape: [6, 9], periodic: [false, false], axis: 1 },
    { shape: [6, 9], periodic: [false, false], axis: 0 },
    { shape: [5, 8], periodic: [false, true], axis: 1 },
    { shape: [4, 3, 6], periodic: [true, false, false], axis: 0 },
    { shape: [4, 3, 6], periodic: [false, false, true], axis: 2 },
    { shape: [4, 5, 3], periodic: [false, true, false], axis: 1 },
  ];
  for (const c of cases) {
    it(`matches the reference sweep forward and backward (shape ${c.shape.join('×')}, axis ${c.axis}, periodic ${c.periodic.join(',')})`, () => {
      const A = stencilMatrix(c.shape, c.periodic, 7 + c.axis);
      const smoother = new LineSmoother(A, c.shape, c.axis);
      smoother.refresh();
      const r0 = rng(3);
      const r = Float64Array.from({ length: A.n }, () => r0() - 0.5);
      for (const forward of [true, false]) {
        for (const crossed of [false, true]) {
          const z = Float64Array.from({ length: A.n }, () => r0());
          const ref = z.slice();
          smoother.sweep(r, z, forward, crossed);
          // In 2-D there is no crossed order: the sweep keeps the plain one.
          referenceSweep(A, c.shape, c.axis, r, ref, forward, crossed && c.shape.length > 2);
          for (let i = 0; i < A.n; i++) expect(z[i]).toBeCloseTo(ref[i], 12);
        }
      }
    });
  }

  it('solves a one-dimensional system exactly in one sweep (the line is the whole grid)', () => {
    const A = stencilMatrix([40], [false], 11, 0.01);
    const smoother = new LineSmoother(A, [40], 0);
    smoother.refresh();
    const r = Float64Array.from({ length: 40 }, (_, i) => Math.sin(i));
    const z = new Float64Array(40);
    smoother.sweep(r, z, true);
    for (let i = 0; i < 40; i++) {
      let s = 0;
      for (let kk = A.rowStart[i]; kk < A.rowStart[i + 1]; kk++) s += A.a[kk] * z[A.col[kk]];
      expect(s).toBeCloseTo(r[i], 11);
    }
  });

  it('refresh picks up new values of the matrix', () => {
    const A = stencilMatrix([30], [false], 5);
    const smoother = new LineSmoother(A, [30], 0);
    smoother.refresh();
    for (let kk = 0; kk < A.a.length; kk++) A.a[kk] *= 2;
    smoother.refresh();
    const r = Float64Array.from({ length: 30 }, (_, i) => 1 + i);
    const z = new Float64Array(30);
    smoother.sweep(r, z, false);
    for (let i = 0; i < 30; i++) {
      let s = 0;
      for (let kk = A.rowStart[i]; kk < A.rowStart[i + 1]; kk++) s += A.a[kk] * z[A.col[kk]];
      expect(s).toBeCloseTo(r[i], 10);
    }
  });
});
