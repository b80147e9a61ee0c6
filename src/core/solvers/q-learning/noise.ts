/**
 * Exploration noise in encoded action units (the control box maps onto [−1, 1], so a scale
 * of 0.3 is 30 % of each half-width whatever the units): independent Gaussian draws per
 * step, or an Ornstein–Uhlenbeck process with correlation time τ_c, exact in Δt, whose
 * stationary standard deviation is the same scale.
 */
import type { Random } from '../../sim/random';

export type NoiseKind = 'gaussian' | 'ou';

/** Correlation time of the OU noise (time units): long enough to push a state, short next to a horizon 1/ρ ≥ 2. */
export const OU_CORRELATION_TIME = 0.3;

export class ExplorationNoise {
  private readonly state: Float64Array;

  constructor(
    readonly kind: NoiseKind,
    readonly scale: number,
    size: number,
  ) {
    this.state = new Float64Array(size);
  }

  reset(): void {
    this.state.fill(0);
  }

  /** Adds a fresh noise sample to each of the first n entries of `u` (then clamps to [−1, 1]). */
  perturb(u: Float64Array, n: number, dt: number, rng: Random): void {
    const s = this.state;
    if (this.kind === 'gaussian') {
      for (let i = 0; i < n; i++) u[i] = clamp(u[i] + this.scale * rng.normal());
      return;
    }
    const decay = Math.exp(-dt / OU_CORRELATION_TIME);
    const kick = this.scale * Math.sqrt(1 - decay * decay);
    for (let i = 0; i < n; i++) {
      s[i] = decay * s[i] + kick * rng.normal();
      u[i] = clamp(u[i] + s[i]);
    }
  }
}

function clamp(v: number): number {
  return v < -1 ? -1 : v > 1 ? 1 : v;
}
