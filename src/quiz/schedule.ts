/**
 * Spaced repetition as pure functions over a plain history (Leitner boxes):
 * a question answered right moves up a box and comes back later; a question
 * missed drops to box 0 and comes back after a minute. `nextReview` picks
 * what to ask: the most overdue question, else a new one from the weakest topic.
 * Time is passed in (milliseconds since the epoch), never read here.
 */
import { CATALOG, type CatalogEntry } from './catalog';
import { TOPICS } from './topics';
import type { TopicId } from './types';

/** How long a question waits in each box before it is due again. */
export const BOX_INTERVALS_MS: readonly number[] = [
  60_000, // missed: a minute
  10 * 60_000,
  24 * 3_600_000,
  3 * 24 * 3_600_000,
  7 * 24 * 3_600_000,
  21 * 24 * 3_600_000,
];
/** The highest box. */
export const TOP_BOX = BOX_INTERVALS_MS.length - 1;
/** Most questions the history keeps (the least useful are dropped first). */
export const MAX_ITEMS = 400;

/** One question's place in the schedule. */
export interface ReviewItem {
  readonly templateId: string;
  readonly seed: number;
  readonly topic: TopicId;
  /** 0 (just missed) … TOP_BOX (known well). */
  readonly box: number;
  /** When it is due again (ms since the epoch). */
  readonly due: number;
  readonly right: number;
  readonly wrong: number;
  readonly lastAnswered: number;
}

/** Everything the spaced repetition remembers (stored in localStorage as JSON). */
export interface History {
  readonly version: 1;
  readonly items: readonly ReviewItem[];
}

/** An empty history. */
export const EMPTY_HISTORY: History = { version: 1, items: [] };

/** The history after answering a question (from any mode). */
export function recordAnswer(
  h: History,
  q: { readonly templateId: string; readonly seed: number; readonly topic: TopicId },
  correct: boolean,
  now: number,
): History {
  const old = h.items.find((i) => i.templateId === q.templateId && i.seed === q.seed);
  const box = correct ? Math.min(TOP_BOX, (old?.box ?? 0) + 1) : 0;
  const item: ReviewItem = {
    templateId: q.templateId,
    seed: q.seed,
    topic: q.topic,
    box,
    due: now + (BOX_INTERVALS_MS[box] ?? 0),
    right: (old?.right ?? 0) + (correct ? 1 : 0),
    wrong: (old?.wrong ?? 0) + (correct ? 0 : 1),
    lastAnswered: now,
  };
  const rest = h.items.filter((i) => i !== old);
  let items = [...rest, item];
  if (items.length > MAX_ITEMS) {
    // Drop the best-known, longest-unseen questions first.
    items = [...items]
      .sort((a, b) => a.box - b.box || b.lastAnswered - a.lastAnswered)
      .slice(0, MAX_ITEMS);
  }
  return { version: 1, items };
}

/** What to ask next, and why. */
export type Pick =
  | {
      readonly reason: 'due';
      readonly templateId: string;
      readonly seed: number;
      readonly item: ReviewItem;
    }
  | {
      readonly reason: 'new';
      readonly templateId: string;
      readonly seed: number;
      readonly topic: TopicId;
    };

/** Questions due now, most urgent first (lowest box, then longest overdue). */
export function dueItems(h: History, now: number): ReviewItem[] {
  return h.items.filter((i) => i.due <= now).sort((a, b) => a.box - b.box || a.due - b.due);
}

/** Misses ÷ answers per topic (0 for a topic never answered). */
export function topicMissRates(
  h: History,
): Map<TopicId, { readonly answered: number; readonly missRate: number }> {
  const out = new Map<TopicId, { answered: number; missRate: number }>();
  for (const t of TOPICS) {
    const mine = h.items.filter((i) => i.topic === t.id);
    const answered = mine.reduce((n, i) => n + i.right + i.wrong, 0);
    const wrong = mine.reduce((n, i) => n + i.wrong, 0);
    out.set(t.id, { answered, missRate: answered === 0 ? 0 : wrong / answered });
  }
  return out;
}

/**
 * The next question: a due one if any; otherwise a new question of the
 * weakest topic (highest miss rate, then fewest answered), from its least
 * asked template, generated with `freshSeed` (the caller draws it).
 */
export function nextReview(
  h: History,
  now: number,
  freshSeed: number,
  catalog: readonly CatalogEntry[] = CATALOG,
): Pick {
  const [due] = dueItems(h, now);
  if (due !== undefined)
    return { reason: 'due', templateId: due.templateId, seed: due.seed, item: due };
  const rates = topicMissRates(h);
  const topics = TOPICS.filter((t) => catalog.some((e) => e.topic === t.id)).sort((a, b) => {
    const ra = rates.get(a.id) ?? { answered: 0, missRate: 0 };
    const rb = rates.get(b.id) ?? { answered: 0, missRate: 0 };
    return rb.missRate - ra.missRate || ra.answered - rb.answered;
  });
  const topic = topics[0]?.id ?? 'blocking';
  const asked = (id: string): number =>
    h.items.filter((i) => i.templateId === id).reduce((n, i) => n + i.right + i.wrong, 0);
  const templates = catalog
    .filter((e) => e.topic === topic)
    .sort((a, b) => asked(a.id) - asked(b.id));
  const pick = templates[0] ?? catalog[0];
  if (pick === undefined) throw new Error('The catalog is empty');
  return { reason: 'new', templateId: pick.id, seed: freshSeed, topic: pick.topic };
}

/** Counts for the spaced-repetition header. */
export function scheduleStats(
  h: History,
  now: number,
): {
  readonly due: number;
  readonly learning: number;
  readonly known: number;
  readonly total: number;
  /** When the next question falls due (ms since the epoch), or null. */
  readonly nextDue: number | null;
} {
  const later = h.items.filter((i) => i.due > now).map((i) => i.due);
  return {
    due: h.items.filter((i) => i.due <= now).length,
    learning: h.items.filter((i) => i.box <= 1).length,
    known: h.items.filter((i) => i.box >= 3).length,
    total: h.items.length,
    nextDue: later.length === 0 ? null : Math.min(...later),
  };
}
