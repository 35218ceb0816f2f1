/**
 * Drawing a template's parameters from the engine's seeded RNG
 * (src/engine/rng.ts): the same template and seed always draw the same
 * values, so a question link (template + seed) reproduces the question.
 */
import { createRng, nextFloat, nextInt, type RngState } from '../engine/rng';

/** Seeded draws for one question. */
export interface Draw {
  /** An integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A shuffled copy. */
  shuffle<T>(items: readonly T[]): T[];
  /** k distinct elements, in the list's order. */
  sample<T>(items: readonly T[], k: number): T[];
  /** A seed for a scenario (a whole number from 1 to 99,999). */
  scenarioSeed(): number;
}

/** FNV-1a of a string: mixes the template id into the RNG's seed. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The draws for `templateId` with `seed`: different templates with one seed draw unrelated values. */
export function createDraw(templateId: string, seed: number): Draw {
  const rng: RngState = createRng(hashString(`${templateId}/${Math.floor(seed)}`));
  const draw: Draw = {
    int: (min, max) => min + nextInt(rng, max - min + 1),
    pick: (items) => {
      const item = items[nextInt(rng, items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    chance: (p) => nextFloat(rng) < p,
    shuffle: (items) => {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = nextInt(rng, i + 1);
        const a = out[i] as (typeof out)[number];
        out[i] = out[j] as (typeof out)[number];
        out[j] = a;
      }
      return out;
    },
    sample: (items, k) => {
      const chosen = new Set(draw.shuffle(items.map((_, i) => i)).slice(0, k));
      return items.filter((_, i) => chosen.has(i));
    },
    scenarioSeed: () => 1 + nextInt(rng, 99_999),
  };
  return draw;
}
