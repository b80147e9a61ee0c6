/**
 * The built-in 2-D toy data sets (the names of TOY_SETS in the problem language), scaled to
 * lie in about [−3, 3]². Each generator draws n points from its distribution.
 */
import type { Random } from '../../sim/random';
import { SolverError } from '../problem';

/** The seed with which a toy set's `count` points (and a point set's shuffle) are drawn. */
export const TOY_SEED = 20240607;

type Toy = (rng: Random, xs: Float64Array[], n: number) => void;

const TOYS: Record<string, Toy> = {
  'eight-gaussians': (rng, [x, y], n) => {
    for (let p = 0; p < n; p++) {
      const a = (2 * Math.PI * Math.floor(rng.uniform() * 8)) / 8;
      x[p] = 2 * Math.cos(a) + 0.2 * rng.normal();
      y[p] = 2 * Math.sin(a) + 0.2 * rng.normal();
    }
  },
  'two-moons': (rng, [x, y], n) => {
    for (let p = 0; p < n; p++) {
      const a = Math.PI * rng.uniform();
      const upper = rng.uniform() < 0.5;
      const u = upper ? Math.cos(a) : 1 - Math.cos(a);
      const v = upper ? Math.sin(a) : 0.5 - Math.sin(a);
      x[p] = 1.5 * (u - 0.5 + 0.05 * rng.normal());
      y[p] = 1.5 * (v - 0.25 + 0.05 * rng.normal());
    }
  },
  checkerboard: (rng, [x, y], n) => {
    for (let p = 0; p < n; p++) {
      const a = 4 * rng.uniform() - 2;
      const b = rng.uniform() - 2 * Math.floor(2 * rng.uniform()) + (((Math.floor(a) % 2) + 2) % 2);
      x[p] = 1.4 * a;
      y[p] = 1.4 * b;
    }
  },
  'swiss-roll': (rng, [x, y], n) => {
    for (let p = 0; p < n; p++) {
      const t = 1.5 * Math.PI * (1 + 2 * rng.uniform());
      x[p] = (t * Math.cos(t) + rng.normal()) / 5;
      y[p] = (t * Math.sin(t) + rng.normal()) / 5;
    }
  },
  circles: (rng, [x, y], n) => {
    for (let p = 0; p < n; p++) {
      const r = rng.uniform() < 0.5 ? 2.5 : 1.25;
      const a = 2 * Math.PI * rng.uniform();
      x[p] = r * Math.cos(a) + 0.2 * rng.normal();
      y[p] = r * Math.sin(a) + 0.2 * rng.normal();
    }
  },
  pinwheel: (rng, [x, y], n) => {
    for (let p = 0; p < n; p++) {
      const arm = Math.floor(rng.uniform() * 5);
      const r = 1 + 0.3 * rng.normal();
      const w = 0.1 * rng.normal();
      const a = (2 * Math.PI * arm) / 5 + 0.25 * Math.exp(r);
      x[p] = 1.5 * (r * Math.cos(a) - w * Math.sin(a));
      y[p] = 1.5 * (r * Math.sin(a) + w * Math.cos(a));
    }
  },
};

export function sampleToy(name: string, rng: Random, xs: Float64Array[], n: number): void {
  const toy = TOYS[name];
  if (!toy) throw new SolverError(`unknown toy data set '${name}'`);
  toy(rng, xs, n);
}
