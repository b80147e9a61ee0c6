/**
 * The Markov-chain-approximation stencil (Kushner & Dupuis; docs/numerics.md §4.2) in generator
 * form: L^a V(x_p) ≈ Σ_s w_ps (V(x_{col(p,s)}) − V(x_p)) with rates w_ps ≥ 0, which makes
 * every discrete Bellman operator monotone and every policy-evaluation matrix an M-matrix.
 *
 * The pattern is fixed (it does not depend on the policy): per node, slot 2k is the minus
 * neighbour and 2k+1 the plus neighbour along state k, and, when the noise may correlate
 * states, four cross slots per pair k < l: (+k,+l), (−k,−l), (+k,−l), (−k,+l). Rates live in
 * one Float64Array of n·slots (CSR with a constant row length); slots that do not exist at a
 * face point at the node itself and always carry rate 0.
 *
 * - Drift, upwinded per dimension by its sign: rate f⁺/h⁺ to the plus node, f⁻/h⁻ to the
 *   minus node (h± are the local spacings, so geometric axes are handled exactly).
 * - Diagonal diffusion ½a_kk ∂²V (a = ΣΣᵀ) by the non-uniform central second difference:
 *   rates a_kk/(h⁺(h⁻+h⁺)) and a_kk/(h⁻(h⁻+h⁺)).
 * - Off-diagonal a_kl ∂_k∂_l V by the two-sided cross stencil along the diagonal that
 *   matches the sign of a_kl; it subtracts |a_kl|/(2h_k h_l) from the four axis rates, which
 *   stay ≥ 0 only when a is diagonally dominant enough. Negative rates are clipped to 0 (to
 *   keep monotonicity) and counted, and the solver warns.
 * Faces (non-periodic states): reflect zeroes the outward drift and folds the diffusion
 * rate of the missing node onto the mirror node (Neumann); constraint zeroes the outward
 * drift here (the policy step makes such controls inadmissible) and drops the diffusion
 * normal to the face; exit faces are Dirichlet rows. Cross terms are dropped on faces.
 */
import { axisSpacings } from '../../grid/axis';
import { axisIndices, gridSize, gridStrides, type GridGeometry } from '../../grid/tensor';
import type { Boundary } from '../../problem/types';

export interface Stencil {
  n: number;
  d: number;
  /** Slots per node: 2d, plus 4 per pair of states when cross terms are present. */
  slots: number;
  hasCross: boolean;
  pairs: Array<[number, number]>;
  shape: number[];
  strides: number[];
  /** Neighbour node of each slot, n·slots. */
  cols: Int32Array;
  /** Index of each node along each state. */
  idx: Int32Array[];
  /** Spacings per axis node, and their reciprocals. */
  hPlus: Float64Array[];
  hMinus: Float64Array[];
  invHPlus: Float64Array[];
  invHMinus: Float64Array[];
  /** Boundary rule per state. */
  kinds: Boundary[];
  /** 1 for Dirichlet rows: nodes on exit faces and in the target set. */
  dirichlet: Uint8Array;
}

export function buildStencil(grid: GridGeometry, kinds: Boundary[], hasCross: boolean): Stencil {
  const d = grid.shape.length;
  const n = gridSize(grid.shape);
  const strides = gridStrides(grid.shape);
  const idx = axisIndices(grid.shape);
  const pairs: Array<[number, number]> = [];
  if (hasCross) for (let k = 0; k < d; k++) for (let l = k + 1; l < d; l++) pairs.push([k, l]);
  const slots = 2 * d + 4 * pairs.length;
  const hPlus: Float64Array[] = [];
  const hMinus: Float64Array[] = [];
  grid.axes.forEach((axis, k) => {
    const sp = axisSpacings(axis, grid.periodic[k], grid.bounds[k][0], grid.bounds[k][1]);
    hPlus.push(sp.hPlus);
    hMinus.push(sp.hMinus);
  });
  const inv = (a: Float64Array) => a.map((h) => 1 / h);
  const cols = new Int32Array(n * slots);
  const dirichlet = new Uint8Array(n);
  // Neighbour along k in direction s (±1), or −1 when it does not exist.
  const step = (p: number, k: number, s: number): number => {
    const len = grid.shape[k];
    const i = idx[k][p];
    const j = i + s;
    if (j >= 0 && j < len) return p + s * strides[k];
    if (kinds[k] !== 'periodic') return -1;
    return p + (j < 0 ? len - 1 : 1 - len) * strides[k];
  };
  for (let p = 0; p < n; p++) {
    const base = p * slots;
    for (let k = 0; k < d; k++) {
      const lo = step(p, k, -1);
      const hi = step(p, k, 1);
      cols[base + 2 * k] = lo < 0 ? p : lo;
      cols[base + 2 * k + 1] = hi < 0 ? p : hi;
      if (kinds[k] === 'exit' && (lo < 0 || hi < 0)) dirichlet[p] = 1;
    }
    pairs.forEach(([k, l], q) => {
      const o = base + 2 * d + 4 * q;
      const diag = (sk: number, sl: number) => {
        const a = step(p, k, sk);
        const b = a < 0 ? -1 : step(a, l, sl);
        return b < 0 ? p : b;
      };
      cols[o] = diag(1, 1);
      cols[o + 1] = diag(-1, -1);
      cols[o + 2] = diag(1, -1);
      cols[o + 3] = diag(-1, 1);
    });
  }
  return {
    n,
    d,
    slots,
    hasCross,
    pairs,
    shape: grid.shape.slice(),
    strides,
    cols,
    idx,
    hPlus,
    hMinus,
    invHPlus: hPlus.map(inv),
    invHMinus: hMinus.map(inv),
    kinds,
    dirichlet,
  };
}

/**
 * Diffusion rates for the noise Σ (d×k, row-major arrays per entry) at nodes
 * start…start+len−1 (Σ and w indexed from the block start): writes every slot of `w`
 * (drift is added afterwards by addDriftRates). Returns the number
 * of nodes where the cross stencil needed clipping (not diagonally dominant enough).
 */
export function diffusionRates(
  st: Stencil,
  sigma: readonly Float64Array[],
  k: number,
  w: Float64Array,
  start = 0,
  len = st.n,
): number {
  const { d, slots, pairs, idx, hPlus, hMinus, kinds, dirichlet } = st;
  w.fill(0, 0, len * slots);
  if (k === 0) return 0;
  const a = new Float64Array(d * d);
  const edge = new Uint8Array(d);
  let clipped = 0;
  for (let e = 0; e < len; e++) {
    const p = start + e;
    if (dirichlet[p]) continue;
    // a = ΣΣᵀ at p (only the entries the stencil uses).
    for (let i = 0; i < d; i++) {
      for (let j = i; j < d; j++) {
        if (i !== j && pairs.length === 0) continue;
        let s = 0;
        for (let l = 0; l < k; l++) s += sigma[i * k + l][e] * sigma[j * k + l][e];
        a[i * d + j] = s;
      }
    }
    const base = e * slots;
    for (let i = 0; i < d; i++) {
      const ii = idx[i][p];
      const len = st.shape[i];
      const atLo = kinds[i] !== 'periodic' && ii === 0;
      const atHi = kinds[i] !== 'periodic' && ii === len - 1;
      edge[i] = atLo || atHi ? 1 : 0;
      if (edge[i] && kinds[i] === 'constraint') continue; // noise normal to the face vanishes
      const hp = hPlus[i][ii];
      const hm = hMinus[i][ii];
      const aii = a[i * d + i];
      let rp = aii / (hp * (hm + hp));
      let rm = aii / (hm * (hm + hp));
      if (atLo) {
        rp += rm; // mirror node x_{−1} = x_1 (reflecting face)
        rm = 0;
      } else if (atHi) {
        rm += rp;
        rp = 0;
      }
      w[base + 2 * i] = rm;
      w[base + 2 * i + 1] = rp;
    }
    if (pairs.length > 0) {
      let bad = false;
      for (let q = 0; q < pairs.length; q++) {
        const [i, j] = pairs[q];
        if (edge[i] || edge[j]) continue;
        const aij = a[i * d + j];
        if (aij === 0) continue;
        const hi = 0.5 * (hPlus[i][idx[i][p]] + hMinus[i][idx[i][p]]);
        const hj = 0.5 * (hPlus[j][idx[j][p]] + hMinus[j][idx[j][p]]);
        const c = Math.abs(aij) / (2 * hi * hj);
        const o = base + 2 * d + 4 * q;
        if (aij > 0) {
          w[o] = c;
          w[o + 1] = c;
        } else {
          w[o + 2] = c;
          w[o + 3] = c;
        }
        w[base + 2 * i] -= c;
        w[base + 2 * i + 1] -= c;
        w[base + 2 * j] -= c;
        w[base + 2 * j + 1] -= c;
      }
      for (let s = 0; s < 2 * d; s++) {
        if (w[base + s] < 0) {
          w[base + s] = 0;
          bad = true;
        }
      }
      if (bad) clipped++;
    }
  }
  return clipped;
}

/**
 * Adds the upwind drift rates for drift arrays f (one per state) at nodes start…start+len−1
 * (f and w indexed from the block start). At a
 * non-periodic face the outward component has no node to go to and is dropped (reflect:
 * the process is pushed back; constraint: the policy step has already ruled such controls
 * out wherever an admissible one exists).
 */
export function addDriftRates(
  st: Stencil,
  f: readonly Float64Array[],
  w: Float64Array,
  start = 0,
  len = st.n,
): void {
  const { d, slots, idx, invHPlus, invHMinus, kinds, dirichlet } = st;
  for (let k = 0; k < d; k++) {
    const fk = f[k];
    const ik = idx[k];
    const ihp = invHPlus[k];
    const ihm = invHMinus[k];
    const last = st.shape[k] - 1;
    const periodic = kinds[k] === 'periodic';
    for (let e = 0; e < len; e++) {
      const p = start + e;
      if (dirichlet[p]) continue;
      const v = fk[e];
      const i = ik[p];
      if (v > 0) {
        if (periodic || i < last) w[e * slots + 2 * k + 1] += v * ihp[i];
      } else if (v < 0) {
        if (periodic || i > 0) w[e * slots + 2 * k] -= v * ihm[i];
      }
    }
  }
}
