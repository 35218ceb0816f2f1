/**
 * ISO-8601 times as aws.ts `isoTime` writes them (`new Date(unixMillis(t))
 * .toISOString()`), without a Date per call: the report's on-failure entries
 * spell three times each (an hour's run: ~108,000), and most fall on the
 * same simulated day. The day's text is made once per day; the time of day
 * is written from the milliseconds.
 */
import { isoTime, unixMillis } from '../aws';

const DAY_MS = 86_400_000;
/** Unix milliseconds of 10000-01-01: from there toISOString writes a six-digit year. */
const YEAR_10000_MS = 253_402_300_800_000;

/** The last day spelled and its "YYYY-MM-DDT" (a pure cache). */
const DAY = { day: Number.NaN, prefix: '' };

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;
const pad3 = (n: number): string => (n < 10 ? '00' : n < 100 ? '0' : '') + n;

/** isoTime(t), the same text. */
export function isoTimeOf(t: number): string {
  const ms = unixMillis(t);
  // Before 1970 or from year 10000 on (and NaN): Date's own text.
  if (!(ms >= 0 && ms < YEAR_10000_MS)) return isoTime(t);
  const day = Math.floor(ms / DAY_MS);
  if (day !== DAY.day) {
    DAY.day = day;
    DAY.prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  return `${DAY.prefix}${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${pad3(millis)}Z`;
}
