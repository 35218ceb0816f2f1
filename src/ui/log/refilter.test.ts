import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../engine/types';
import {
  DEFAULT_FILTER,
  filterEvents,
  refilter,
  type FilteredView,
  type LogFilter,
} from './filter';
import { ALL_EVENTS } from './fixtures.test-data';

/** The store's ring: keep the newest `size` of prev + fresh (same rule as appendToRing). */
function ring(prev: readonly SimEvent[], fresh: readonly SimEvent[], size: number) {
  if (fresh.length === 0) return prev;
  const all = [...prev, ...fresh];
  return all.length > size ? all.slice(all.length - size) : all;
}

let seq = 0;
/** A fresh copy of a fixture event (new object, new seq), as the worker sends them. */
const copy = (i: number): SimEvent => ({ ...ALL_EVENTS[i % ALL_EVENTS.length]!, seq: seq++ });

const FILTERS: readonly LogFilter[] = [
  DEFAULT_FILTER,
  { hidden: new Set(), where: '', record: 'r1' },
  { hidden: new Set(['result']), where: 'shardId-000000000001', record: '' },
];
const NO_INDEX = new Map<string, string>();

describe('refilter', () => {
  it('extends the rows frame by frame exactly as a full filter would', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.nat(100), { maxLength: 12 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom(...FILTERS),
        (frames, size, filter) => {
          let events: readonly SimEvent[] = [];
          let view: FilteredView | null = null;
          for (const frame of frames) {
            events = ring(events, frame.map(copy), size);
            view = refilter(view, events, filter, NO_INDEX);
            expect(view.rows).toEqual(filterEvents(events, filter, NO_INDEX));
          }
        },
      ),
    );
  });

  it('reuses the rows when nothing changed, and starts over after a reset', () => {
    const events = Array.from({ length: 8 }, (_, i) => copy(i));
    const a = refilter(null, events, DEFAULT_FILTER, NO_INDEX);
    expect(refilter(a, events, DEFAULT_FILTER, NO_INDEX)).toBe(a);
    const reset = [copy(3), copy(4)];
    expect(refilter(a, reset, DEFAULT_FILTER, NO_INDEX).rows).toEqual(
      filterEvents(reset, DEFAULT_FILTER, NO_INDEX),
    );
    const other: LogFilter = { ...DEFAULT_FILTER, record: 'r1' };
    expect(refilter(a, events, other, NO_INDEX).rows).toEqual(
      filterEvents(events, other, NO_INDEX),
    );
  });

  it('tests only the new events when the buffer grows', () => {
    let reads = 0;
    // Counts how often the filter looks at an event's kind.
    const counted = (i: number): SimEvent => {
      const e = copy(i);
      return Object.defineProperty({ ...e }, 'kind', {
        get: () => {
          reads++;
          return e.kind;
        },
      });
    };
    const events = Array.from({ length: 200 }, (_, i) => counted(i));
    const a = refilter(null, events, DEFAULT_FILTER, NO_INDEX);
    const grown = [...events.slice(2), counted(7), counted(8)];
    reads = 0;
    const b = refilter(a, grown, DEFAULT_FILTER, NO_INDEX);
    expect(reads).toBeLessThan(20);
    expect(b.rows).toEqual(filterEvents(grown, DEFAULT_FILTER, NO_INDEX));
  });
});
