/**
 * The seeded random streams of a neural PI run: one salt per use, so that no two uses share
 * numbers, and one seed per (run seed, iteration, use).
 */
import { streamSeed } from './rollout';

/** Salts of the seeded streams, so that no two uses share numbers. */
export const SALT = {
  actor: 1,
  critic: 2,
  starts: 3,
  fit: 4,
  collocation: 5,
  ascent: 6,
  rate: 7,
  start: 8,
  holdOut: 9,
} as const;

export function seedFor(seed: number, iteration: number, salt: number): number {
  return streamSeed(seed ^ Math.imul(salt, 0x27d4eb2d), iteration, 0xffffffff);
}
