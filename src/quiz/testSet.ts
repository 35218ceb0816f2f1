/**
 * Tests: a set of questions drawn from a seed (so a test link reproduces
 * it), spread over the topics, and the score per topic at the end.
 */
import { createRng, nextInt } from '../engine/rng';
import { CATALOG, type CatalogEntry } from './catalog';
import { MAX_SEED } from './links';
import { TOPICS } from './topics';
import type { TopicId } from './types';

/** One question of a test: a template and the seed it is generated with. */
export interface TestItem {
  readonly templateId: string;
  readonly seed: number;
}

/**
 * The questions of a test of `count` questions with `seed`: topics taken in
 * a seeded order, round robin, so every topic comes up before any comes
 * twice; within a topic each template is used once before any repeats.
 */
export function buildTest(
  count: number,
  seed: number,
  catalog: readonly CatalogEntry[] = CATALOG,
): TestItem[] {
  const rng = createRng(seed);
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = nextInt(rng, i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
  const topics = shuffle(TOPICS.map((t) => t.id)).filter((t) => catalog.some((e) => e.topic === t));
  const decks = new Map<TopicId, CatalogEntry[]>();
  const items: TestItem[] = [];
  for (let i = 0; items.length < count && topics.length > 0; i++) {
    const topic = topics[i % topics.length] as TopicId;
    let deck = decks.get(topic) ?? [];
    if (deck.length === 0) deck = shuffle(catalog.filter((e) => e.topic === topic));
    const next = deck.shift();
    decks.set(topic, deck);
    if (next !== undefined)
      items.push({ templateId: next.id, seed: 1 + nextInt(rng, MAX_SEED - 1) });
  }
  return items;
}

/** The score of one topic. */
export interface TopicScore {
  readonly topic: TopicId;
  readonly right: number;
  readonly total: number;
}

/** Right answers per topic, in teaching order, for the topics that came up. */
export function scoreByTopic(
  results: readonly { readonly topic: TopicId; readonly correct: boolean }[],
): TopicScore[] {
  return TOPICS.map((t) => ({
    topic: t.id,
    right: results.filter((r) => r.topic === t.id && r.correct).length,
    total: results.filter((r) => r.topic === t.id).length,
  })).filter((s) => s.total > 0);
}
