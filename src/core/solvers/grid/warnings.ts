/** Warnings every grid solve may attach to its solution. */
import type { Discretization } from './discretization';

export function collectWarnings(disc: Discretization, warnings: string[]): void {
  if (disc.clipped > 0) {
    warnings.push(
      `the diffusion matrix ΣΣᵀ is not diagonally dominant enough for a monotone cross stencil at ` +
        `${disc.clipped} nodes; negative rates were clipped (the scheme loses some consistency there). ` +
        'Rescale the states or use a grid whose spacings match the correlation.',
    );
  }
}
