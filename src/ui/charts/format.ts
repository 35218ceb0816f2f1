/**
 * Number and time formatting for charts, the log and the summary: short,
 * unit-bearing strings that read well on a projector.
 */

import { grouped } from '../numbers';

/** How a metric's values are measured. */
export type MetricUnit = 'ms' | 'seconds' | 'count';

// grouped(), not Intl.NumberFormat: the first NumberFormat of a page loads the browser's number
// data (30–200 ms on a slow phone), which must not land in the app's first frames.
const int = { format: (x: number): string => grouped(x, 0) };
const one = { format: (x: number): string => grouped(x, 1) };

/** A simulated time for an axis: "45 s", "2:05", "1:02:05". */
export function formatClock(t: number): string {
  const s = Math.max(0, Math.round(t));
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** A simulated instant with a tenth of a second: "42.0 s". */
export function formatInstant(t: number): string {
  return `${(Number.isFinite(t) ? t : 0).toFixed(1)} s`;
}

/** A duration in seconds: "850 ms", "12.5 s", "3 min 20 s", "2 h 5 min". */
export function formatDuration(seconds: number): string {
  const s = Number.isFinite(seconds) ? Math.max(0, seconds) : 0;
  if (s < 1 && s > 0) return `${int.format(s * 1000)} ms`;
  if (s < 60) return `${one.format(s)} s`;
  if (s < 3600) {
    const m = Math.floor(s / 60);
    const r = Math.round(s % 60);
    return r === 0 ? `${m} min` : `${m} min ${r} s`;
  }
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** A count: "0", "1,234", "12.3k", "4.5M". */
export function formatCount(v: number): string {
  const x = Number.isFinite(v) ? v : 0;
  const a = Math.abs(x);
  if (a >= 1e6) return `${one.format(x / 1e6)}M`;
  if (a >= 1e4) return `${one.format(x / 1e3)}k`;
  return Number.isInteger(x) ? int.format(x) : one.format(x);
}

/** A metric value in its unit, e.g. IteratorAge 1500 → "1.5 s". */
export function formatMetric(v: number, unit: MetricUnit): string {
  switch (unit) {
    case 'ms':
      return v >= 1000
        ? formatDuration(v / 1000)
        : `${(v < 10 ? one : int).format(Number.isFinite(v) ? v : 0)} ms`;
    case 'seconds':
      return formatDuration(v);
    case 'count':
      return formatCount(v);
  }
}
