/**
 * Practice links (the part after `#quiz/`): a question is `<templateId>/<seed>`
 * and reproduces it exactly; a test is `test/<count>/<seed>[/<minutes>]`;
 * `review` opens spaced repetition and `` the practice view. Parsing never
 * throws: a bad link comes back as a message naming what is wrong.
 */
import { catalogEntry } from './catalog';
import { list } from './text';

/** Test sizes on offer. */
export const TEST_SIZES = [10, 20, 40] as const;
export type TestSize = (typeof TEST_SIZES)[number];

/** Largest seed a link may carry (positive 31-bit integers). */
export const MAX_SEED = 2_147_483_647;
/** Longest time limit a test link may carry, in minutes. */
export const MAX_TEST_MINUTES = 180;

/** What a practice link opens. */
export type QuizRoute =
  | { readonly kind: 'home' }
  | { readonly kind: 'review' }
  | { readonly kind: 'question'; readonly templateId: string; readonly seed: number }
  | {
      readonly kind: 'test';
      readonly count: TestSize;
      readonly seed: number;
      readonly minutes: number;
    };

/** `#quiz/…` without the `#`. */
export const QUIZ_PREFIX = 'quiz/';

/** The hash (without `#`) of a question. */
export function questionHash(templateId: string, seed: number): string {
  return `${QUIZ_PREFIX}${templateId}/${seed}`;
}

/** The hash (without `#`) of a test. */
export function testHash(count: TestSize, seed: number, minutes: number): string {
  return `${QUIZ_PREFIX}test/${count}/${seed}${minutes > 0 ? `/${minutes}` : ''}`;
}

function parseSeed(s: string | undefined): number | null {
  if (s === undefined || !/^\d{1,10}$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= MAX_SEED ? n : null;
}

/** Reads the part of a practice link after `quiz/`; a string is the problem with it. */
export function parseQuizPath(rest: string): QuizRoute | string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    return 'its address is not valid (a broken % escape)';
  }
  // A trailing slash is forgiven; an empty part elsewhere is reported below.
  const parts = decoded.split('/').filter((p, i, all) => p !== '' || i < all.length - 1);
  const [head, a, b, c, ...extra] = parts;
  if (head === undefined || head === '') return { kind: 'home' };
  if (head === 'review' && a === undefined) return { kind: 'review' };
  if (head === 'test') {
    const count = Number(a);
    if (!TEST_SIZES.includes(count as TestSize)) {
      return `a test has ${list(TEST_SIZES.map(String), 'or')} questions, not "${(a ?? '').slice(0, 20)}"`;
    }
    const seed = parseSeed(b);
    if (seed === null)
      return `the test's seed must be a whole number from 1 to ${MAX_SEED}, not "${b ?? ''}"`;
    const minutes = c === undefined ? 0 : Number(c);
    if (
      !Number.isInteger(minutes) ||
      minutes < 0 ||
      minutes > MAX_TEST_MINUTES ||
      (c !== undefined && !/^\d+$/.test(c))
    ) {
      return `the time limit must be a whole number of minutes from 0 to ${MAX_TEST_MINUTES}, not "${c ?? ''}"`;
    }
    if (extra.length > 0) return 'it has more parts than a test link';
    return { kind: 'test', count: count as TestSize, seed, minutes };
  }
  if (catalogEntry(head) === undefined)
    return `there is no question template "${head.slice(0, 60)}"`;
  const seed = parseSeed(a);
  if (seed === null)
    return `the question's seed must be a whole number from 1 to ${MAX_SEED}, not "${(a ?? '').slice(0, 20)}"`;
  if (b !== undefined) return 'it has more parts than a question link';
  return { kind: 'question', templateId: head, seed };
}
