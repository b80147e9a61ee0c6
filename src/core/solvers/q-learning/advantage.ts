/**
 * The quadratic advantage rate (normalised advantage functions, Gu et al. 2016, in the
 * continuous-time scaling of advantage updating, Tallec et al. 2019; docs/numerics.md,
 * "The continuous-time critic"):
 *
 *     q(x, ã) = −½ (ã − μ̃(x))ᵀ L(x) L(x)ᵀ (ã − μ̃(x)),
 *
 * in encoded actions ã ∈ [−1, 1]^m, with μ̃ the actor's action and L lower-triangular with a
 * positive diagonal. Its maximum over the box is 0, at μ̃: the actor is the critic's exact
 * argmax, so no separate actor step can lag behind the critic's slope in a.
 *
 * L's raw entries come from a network, row by row ((0,0), (1,0), (1,1), …): the diagonal
 * is softplus(l)/ln 2 (1 at l = 0, the network's start), the rest is l itself.
 */

/** Raw entries of an m×m lower-triangular factor. */
export function factorSize(m: number): number {
  return (m * (m + 1)) / 2;
}

const LN2 = Math.log(2);

function softplus(x: number): number {
  return x > 30 ? x : Math.log1p(Math.exp(x));
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** L_ij from the raw entry l at (i, j), j ≤ i. */
function entry(l: number, i: number, j: number): number {
  return i === j ? softplus(l) / LN2 : l;
}

/**
 * q for n rows: d = ã − μ̃ (n × m), raw factors l (n × m(m+1)/2); w (n × m) receives Lᵀd,
 * which quadraticBackward needs.
 */
export function quadraticForward(
  d: Float64Array,
  l: Float64Array,
  n: number,
  m: number,
  q: Float64Array,
  w: Float64Array,
): void {
  const f = factorSize(m);
  for (let p = 0; p < n; p++) {
    let s = 0;
    for (let j = 0; j < m; j++) {
      let wj = 0;
      for (let i = j; i < m; i++) wj += entry(l[p * f + (i * (i + 1)) / 2 + j], i, j) * d[p * m + i];
      w[p * m + j] = wj;
      s += wj * wj;
    }
    q[p] = -0.5 * s;
  }
}

/**
 * Given dq = ∂loss/∂q per row, writes ∂loss/∂d (n × m) into dd and ∂loss/∂l (n × f) into dl,
 * from the forward pass's d, l and w. q = −½|w|², w_j = Σ_{i≥j} L_ij d_i.
 */
export function quadraticBackward(
  d: Float64Array,
  l: Float64Array,
  w: Float64Array,
  dq: Float64Array,
  n: number,
  m: number,
  dd: Float64Array,
  dl: Float64Array,
): void {
  const f = factorSize(m);
  for (let p = 0; p < n; p++)
    for (let i = 0; i < m; i++) {
      let g = 0;
      for (let j = 0; j <= i; j++) {
        const k = p * f + (i * (i + 1)) / 2 + j;
        const dw = -dq[p] * w[p * m + j];
        g += dw * entry(l[k], i, j);
        dl[k] = dw * d[p * m + i] * (i === j ? sigmoid(l[k]) / LN2 : 1);
      }
      dd[p * m + i] = g;
    }
}
