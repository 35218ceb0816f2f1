import { describe, expect, it } from 'vitest';
import type { SimEventKind } from '../../engine';
import {
  DEFAULT_FILTER,
  filterEvents,
  groupIndex,
  KIND_CATEGORIES,
  type LogFilter,
} from './filter';
import { ALL_EVENTS, ONE_OF_EACH } from './fixtures.test-data';

const none: LogFilter = { hidden: new Set(), where: '', record: '' };
const kinds = (f: LogFilter, keyOf?: Map<string, string>) =>
  filterEvents(ALL_EVENTS, f, keyOf).map((e) => e.kind);

describe('filterEvents', () => {
  it('kind categories cover every kind exactly once', () => {
    const all = KIND_CATEGORIES.flatMap((c) => c.kinds);
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual((Object.keys(ONE_OF_EACH) as SimEventKind[]).sort());
  });

  it('shows everything with no filter, and hides puts and polls by default', () => {
    expect(kinds(none)).toHaveLength(ALL_EVENTS.length);
    expect(kinds(DEFAULT_FILTER)).not.toContain('recordPut');
    expect(kinds(DEFAULT_FILTER)).not.toContain('poll');
    expect(kinds(DEFAULT_FILTER)).toHaveLength(ALL_EVENTS.length - 2);
  });

  it('filters by record id, exactly', () => {
    expect(kinds({ ...none, record: ' r1 ' })).toEqual([
      'batchSent',
      'invocationResult',
      'retryScheduled',
      'bisect',
      'checkpoint',
    ]);
    expect(kinds({ ...none, record: 'r' })).toEqual([]);
  });

  it('filters by shard', () => {
    expect(kinds({ ...none, where: 'shardId-000000000001' })).toEqual([
      'shardBlocked',
      'shardUnblocked',
      'onFailureDestination',
      'discarded',
    ]);
  });

  it('filters queue events by message group through the id index', () => {
    const put = { t: 0, seq: 0, kind: 'recordPut', shardId: null, sequenceNumber: '1' } as const;
    const index = groupIndex(
      [
        { ...put, recordId: 'm4', key: 'g2' } as never,
        { ...put, recordId: 'm5', key: 'g1' } as never,
      ],
      [{ id: 'm1', key: 'g2' }],
    );
    expect(kinds({ ...none, where: 'g2' }, index)).toEqual([
      'messagesDeleted',
      'visibilityTimeoutExpired',
      'movedToDlq',
    ]);
  });

  it('caps the derived id index', () => {
    const put = { t: 0, seq: 0, kind: 'recordPut', shardId: null, sequenceNumber: '1' } as const;
    const events = Array.from(
      { length: 50 },
      (_, i) => ({ ...put, recordId: `m${i}`, key: 'g' }) as never,
    );
    const index = groupIndex(events, [], 10);
    expect(index.size).toBe(10);
    expect(index.has('m49')).toBe(true);
    expect(index.has('m0')).toBe(false);
  });
});
