/**
 * Exact input derivatives of a scalar network, by forward mode: every unit carries its
 * value, its gradient with respect to the d inputs and the upper triangle of its Hessian,
 * pushed through each affine map and through σ by the chain rule
 *   ∂σ(z)/∂x_k = σ′ ∂z/∂x_k,   ∂²σ(z)/∂x_k∂x_l = σ″ ∂z/∂x_k ∂z/∂x_l + σ′ ∂²z/∂x_k∂x_l.
 * And the parameter gradient of a loss that is linear in f and ∇f at each sample (the
 * caller applies the outer chain rule), by a reverse sweep over that forward sweep: the
 * mixed derivative ∂/∂θ ∂f/∂x that float32 autodiff libraries have got wrong (docs/numerics.md).
 */
import { activateWithDerivatives } from './activation';
import { maxWidth, type Mlp } from './mlp';

function requireScalar(net: Mlp): void {
  if (net.spec.outputs !== 1)
    throw new RangeError('input derivatives are defined here for scalar networks only');
}

/**
 * f, ∇f and ∇²f of a scalar network at n points X (n×d): V[p], G[p·d + k],
 * H[p·d² + k·d + l] (full symmetric matrix). H may be omitted when only ∇f is needed.
 */
export function valueGradientHessian(
  net: Mlp,
  X: Float64Array,
  n: number,
  V: Float64Array,
  G: Float64Array,
  H?: Float64Array,
): void {
  requireScalar(net);
  const d = net.spec.inputs;
  const T = H ? (d * (d + 1)) / 2 : 0;
  const c = 1 + d + T;
  const width = maxWidth(net.spec);
  let S = new Float64Array(width * c);
  let Z = new Float64Array(width * c);
  const f = new Float64Array(width);
  const d1 = new Float64Array(width);
  const d2 = new Float64Array(width);
  const tk = new Int32Array(T);
  const tl = new Int32Array(T);
  for (let k = 0, t = 0; k < d; k++)
    for (let l = k; l < d; l++, t++) {
      tk[t] = k;
      tl[t] = l;
    }
  const { layers, params } = net;
  for (let p = 0; p < n; p++) {
    S.fill(0, 0, d * c);
    for (let i = 0; i < d; i++) {
      S[i * c] = X[p * d + i];
      S[i * c + 1 + i] = 1;
    }
    for (let l = 0; l < layers.length; l++) {
      const L = layers[l];
      // Z (nout × c) = W S, plus b on the value column.
      Z.fill(0, 0, L.nout * c);
      for (let j = 0; j < L.nout; j++) {
        const zr = j * c;
        const wr = L.w + j * L.nin;
        for (let i = 0; i < L.nin; i++) {
          const w = params[wr + i];
          if (w === 0) continue;
          const sr = i * c;
          for (let col = 0; col < c; col++) Z[zr + col] += w * S[sr + col];
        }
        Z[zr] += params[L.b + j];
      }
      if (l === layers.length - 1) break;
      for (let j = 0; j < L.nout; j++) f[j] = Z[j * c];
      activateWithDerivatives(net.spec.activation, f, f, d1, d2, L.nout);
      for (let j = 0; j < L.nout; j++) {
        const r = j * c;
        const s1 = d1[j];
        const s2 = d2[j];
        for (let t = 0; t < T; t++)
          Z[r + 1 + d + t] = s2 * Z[r + 1 + tk[t]] * Z[r + 1 + tl[t]] + s1 * Z[r + 1 + d + t];
        for (let k = 0; k < d; k++) Z[r + 1 + k] *= s1;
        Z[r] = f[j];
      }
      const tmp = S;
      S = Z;
      Z = tmp;
    }
    V[p] = Z[0];
    for (let k = 0; k < d; k++) G[p * d + k] = Z[1 + k];
    if (H) {
      const h = p * d * d;
      for (let t = 0; t < T; t++) {
        const v = Z[1 + d + t];
        H[h + tk[t] * d + tl[t]] = v;
        H[h + tl[t] * d + tk[t]] = v;
      }
    }
  }
}

/**
 * grad += ∂/∂θ Σ_p ( cf[p] f(x_p) + Σ_k cg[p·d + k] ∂f/∂x_k(x_p) ) for a scalar network.
 * A loss L(f, ∇f) summed over samples gets its parameter gradient by passing
 * cf = ∂L/∂f and cg = ∂L/∂(∇f) evaluated at the current network.
 */
export function parameterGradientWithInputGradient(
  net: Mlp,
  X: Float64Array,
  n: number,
  cf: Float64Array | null,
  cg: Float64Array,
  grad: Float64Array,
): void {
  requireScalar(net);
  const d = net.spec.inputs;
  const c = 1 + d;
  const { layers, params } = net;
  const nl = layers.length;
  // Per layer: its input [h, ∂h/∂x] (nin × c), and for hidden layers σ′, σ″ and the
  // pre-activation tangents ∂z/∂x.
  const ins = layers.map((L) => new Float64Array(L.nin * c));
  const s1 = layers.map((L) => new Float64Array(L.nout));
  const s2 = layers.map((L) => new Float64Array(L.nout));
  const tz = layers.map((L) => new Float64Array(L.nout * d));
  const width = maxWidth(net.spec);
  const Z = new Float64Array(width * c);
  let bar = new Float64Array(width * c);
  let barIn = new Float64Array(width * c);
  const zv = new Float64Array(width);
  for (let p = 0; p < n; p++) {
    const S0 = ins[0];
    S0.fill(0);
    for (let i = 0; i < d; i++) {
      S0[i * c] = X[p * d + i];
      S0[i * c + 1 + i] = 1;
    }
    for (let l = 0; l < nl; l++) {
      const L = layers[l];
      const S = ins[l];
      Z.fill(0, 0, L.nout * c);
      for (let j = 0; j < L.nout; j++) {
        const wr = L.w + j * L.nin;
        for (let i = 0; i < L.nin; i++) {
          const w = params[wr + i];
          for (let col = 0; col < c; col++) Z[j * c + col] += w * S[i * c + col];
        }
        Z[j * c] += params[L.b + j];
      }
      if (l === nl - 1) break;
      for (let j = 0; j < L.nout; j++) zv[j] = Z[j * c];
      activateWithDerivatives(net.spec.activation, zv, zv, s1[l], s2[l], L.nout);
      const next = ins[l + 1];
      for (let j = 0; j < L.nout; j++) {
        next[j * c] = zv[j];
        for (let k = 0; k < d; k++) {
          tz[l][j * d + k] = Z[j * c + 1 + k];
          next[j * c + 1 + k] = s1[l][j] * Z[j * c + 1 + k];
        }
      }
    }
    // Reverse sweep. bar holds the adjoint of the current layer's [z, ∂z/∂x].
    bar[0] = cf ? cf[p] : 0;
    for (let k = 0; k < d; k++) bar[1 + k] = cg[p * d + k];
    for (let l = nl - 1; l >= 0; l--) {
      const L = layers[l];
      const S = ins[l];
      for (let j = 0; j < L.nout; j++) {
        const wr = L.w + j * L.nin;
        grad[L.b + j] += bar[j * c];
        for (let i = 0; i < L.nin; i++) {
          let g = 0;
          for (let col = 0; col < c; col++) g += bar[j * c + col] * S[i * c + col];
          grad[wr + i] += g;
        }
      }
      if (l === 0) break;
      // Adjoint of this layer's input = Wᵀ bar, then back through σ of layer l − 1.
      barIn.fill(0, 0, L.nin * c);
      for (let j = 0; j < L.nout; j++) {
        const wr = L.w + j * L.nin;
        for (let i = 0; i < L.nin; i++) {
          const w = params[wr + i];
          for (let col = 0; col < c; col++) barIn[i * c + col] += w * bar[j * c + col];
        }
      }
      const a1 = s1[l - 1];
      const a2 = s2[l - 1];
      const t = tz[l - 1];
      for (let i = 0; i < L.nin; i++) {
        let zbar = barIn[i * c] * a1[i];
        for (let k = 0; k < d; k++) {
          const tb = barIn[i * c + 1 + k];
          zbar += tb * t[i * d + k] * a2[i];
          barIn[i * c + 1 + k] = tb * a1[i];
        }
        barIn[i * c] = zbar;
      }
      const tmp = bar;
      bar = barIn;
      barIn = tmp;
    }
  }
}
