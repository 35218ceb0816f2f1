/**
 * Reading and writing the spaced-repetition history as JSON. What comes
 * from storage is checked field by field: anything malformed is dropped
 * (and said so), never trusted, so corrupt storage cannot break the view.
 */
import { catalogEntry } from './catalog';
import { MAX_SEED } from './links';
import { EMPTY_HISTORY, MAX_ITEMS, TOP_BOX, type History, type ReviewItem } from './schedule';

/** Where the history is kept in localStorage. */
export const HISTORY_STORAGE_KEY = 'esm-lab-practice-history';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 1e9;
const isTime = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < 1e14;

function readItem(v: unknown): ReviewItem | null {
  if (!isRecord(v)) return null;
  const { templateId, seed, box, due, right, wrong, lastAnswered } = v;
  if (typeof templateId !== 'string') return null;
  const entry = catalogEntry(templateId);
  if (entry === undefined) return null;
  if (!isCount(seed) || seed < 1 || seed > MAX_SEED) return null;
  if (!isCount(box) || box > TOP_BOX) return null;
  if (!isTime(due) || !isCount(right) || !isCount(wrong) || !isTime(lastAnswered)) return null;
  return { templateId, seed, topic: entry.topic, box, due, right, wrong, lastAnswered };
}

/** The stored history, checked. `dropped` counts entries that were not valid. */
export function parseHistory(text: string | null): {
  readonly history: History;
  readonly dropped: number;
  readonly problem: string | null;
} {
  if (text === null || text === '') return { history: EMPTY_HISTORY, dropped: 0, problem: null };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return {
      history: EMPTY_HISTORY,
      dropped: 0,
      problem:
        'Your practice history could not be read (it is not valid JSON), so it starts afresh.',
    };
  }
  if (!isRecord(data) || data.version !== 1 || !Array.isArray(data.items)) {
    return {
      history: EMPTY_HISTORY,
      dropped: 0,
      problem: 'Your practice history is in a form this lab does not know, so it starts afresh.',
    };
  }
  const items: ReviewItem[] = [];
  const seen = new Set<string>();
  let dropped = 0;
  for (const raw of data.items.slice(0, MAX_ITEMS * 2)) {
    const item = readItem(raw);
    const key = item === null ? '' : `${item.templateId}/${item.seed}`;
    if (item === null || seen.has(key)) {
      dropped++;
      continue;
    }
    seen.add(key);
    items.push(item);
  }
  dropped += Math.max(0, data.items.length - MAX_ITEMS * 2);
  return {
    history: { version: 1, items: items.slice(-MAX_ITEMS) },
    dropped,
    problem:
      dropped > 0
        ? `${dropped} damaged ${dropped === 1 ? 'entry' : 'entries'} in your practice history ${dropped === 1 ? 'was' : 'were'} left out.`
        : null,
  };
}

/** The history as stored. */
export function serializeHistory(h: History): string {
  return JSON.stringify(h);
}
