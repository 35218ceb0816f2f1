/**
 * Seeded pseudo-random numbers: the engine's only source of chance.
 * The state is one 32-bit integer kept in the simulation state, so a saved
 * state replays the same draws. Algorithm: mulberry32 (small, fast, well mixed).
 */

export interface RngState {
  s: number;
}

/** A fresh RNG state from a scenario seed (any finite number). */
export function createRng(seed: number): RngState {
  // Mix the seed so that seeds 1, 2, 3 … give unrelated streams.
  let h = Math.floor(seed) ^ 0x9e3779b9;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return { s: (h ^ (h >>> 16)) >>> 0 };
}

/** A float in [0, 1); advances the state. */
export function nextFloat(rng: RngState): number {
  rng.s = (rng.s + 0x6d2b79f5) >>> 0;
  let t = rng.s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** True with probability p (p <= 0 never draws, so adding a 0-probability knob changes nothing). */
export function chance(rng: RngState, p: number): boolean {
  if (p <= 0) return false;
  if (p >= 1) return true;
  return nextFloat(rng) < p;
}

/** An integer in [0, n). */
export function nextInt(rng: RngState, n: number): number {
  return Math.floor(nextFloat(rng) * n);
}
