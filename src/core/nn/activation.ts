/**
 * Activations with their first two derivatives, evaluated together: the forward-mode
 * input derivatives (∇, ∇²) need σ′ and σ″, and the parameter gradient of a loss on ∇f
 * needs σ″ once more in the reverse sweep.
 */
import { simdKernels } from './wasm-simd';

/**
 * SiLU over at least this many values goes to the SIMD kernel (its own e^x, within an ulp or
 * two of Math.exp): copying in and out costs less than it saves there.
 */
const SIMD_SILU_MIN = 1024;

export type Activation = 'tanh' | 'softplus' | 'silu';

export const ACTIVATIONS: readonly Activation[] = ['tanh', 'softplus', 'silu'];

/** σ(z) in place over out[0…n−1] (out may alias z). */
export function activate(kind: Activation, z: Float64Array, out: Float64Array, n: number): void {
  switch (kind) {
    case 'tanh':
      for (let i = 0; i < n; i++) out[i] = Math.tanh(z[i]);
      return;
    case 'softplus':
      for (let i = 0; i < n; i++) out[i] = softplus(z[i]);
      return;
    case 'silu': {
      const simd = n >= SIMD_SILU_MIN ? simdKernels() : null;
      if (simd) simd.silu(z, out, n);
      else
        for (let i = 0; i < n; i++) {
          const x = z[i];
          out[i] = x * logistic(x);
        }
      return;
    }
  }
}

/** σ, σ′, σ″ at z[0…n−1]. */
export function activateWithDerivatives(
  kind: Activation,
  z: Float64Array,
  f: Float64Array,
  d1: Float64Array,
  d2: Float64Array,
  n: number,
): void {
  switch (kind) {
    case 'tanh':
      for (let i = 0; i < n; i++) {
        const t = Math.tanh(z[i]);
        const s = 1 - t * t;
        f[i] = t;
        d1[i] = s;
        d2[i] = -2 * t * s;
      }
      return;
    case 'softplus':
      for (let i = 0; i < n; i++) {
        const x = z[i];
        const s = logistic(x);
        f[i] = softplus(x);
        d1[i] = s;
        d2[i] = s * (1 - s);
      }
      return;
    case 'silu':
      for (let i = 0; i < n; i++) {
        const x = z[i];
        const s = logistic(x);
        const ds = s * (1 - s);
        f[i] = x * s;
        d1[i] = s + x * ds;
        d2[i] = ds * (2 + x * (1 - 2 * s));
      }
      return;
  }
}

/** σ and σ′ at z[0…n−1], for a training forward pass (the backward sweep needs σ′). */
export function activateWithSlope(
  kind: Activation,
  z: Float64Array,
  f: Float64Array,
  d1: Float64Array,
  n: number,
): void {
  switch (kind) {
    case 'tanh':
      for (let i = 0; i < n; i++) {
        const t = Math.tanh(z[i]);
        f[i] = t;
        d1[i] = 1 - t * t;
      }
      return;
    case 'softplus':
      for (let i = 0; i < n; i++) {
        const x = z[i];
        f[i] = softplus(x);
        d1[i] = logistic(x);
      }
      return;
    case 'silu': {
      const simd = n >= SIMD_SILU_MIN ? simdKernels() : null;
      if (simd) simd.silu(z, f, n, d1);
      else
        for (let i = 0; i < n; i++) {
          const x = z[i];
          const s = logistic(x);
          f[i] = x * s;
          d1[i] = s + x * s * (1 - s);
        }
      return;
    }
  }
}

/**
 * out = e^z over n values (out may alias z), through the SIMD kernel where there is one
 * (within an ulp or two of Math.exp; arguments below −708 give e^−708 ≈ 3·10⁻³⁰⁸, not less).
 * `accuracy` 'weights': within 10⁻⁸ relative instead, in about two thirds of the time (for
 * softmax weights).
 */
export function expInto(
  z: Float64Array,
  out: Float64Array,
  n: number,
  accuracy: 'full' | 'weights' = 'full',
): void {
  const simd = n >= 64 ? simdKernels() : null;
  if (simd) simd.exp(z, out, n, accuracy === 'weights');
  else for (let i = 0; i < n; i++) out[i] = Math.exp(z[i]);
}

/** log(1 + eˣ) without overflow for large x or loss of digits for very negative x. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** 1 / (1 + e⁻ˣ), stable for either sign. */
export function logistic(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
