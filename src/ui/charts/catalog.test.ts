import { describe, expect, it } from 'vitest';
import { CHARTS, chartsFor, MAX_SHARD_LINES, shortShard } from './catalog';

describe('chart catalogue', () => {
  it('shows stream charts for streams and queue charts for queues', () => {
    expect(chartsFor('kinesis').map((c) => c.id)).toEqual([
      'IteratorAge',
      'ConcurrentExecutions',
      'Invocations',
      'Errors',
      'Throttles',
      'OnFailureDestinationDeliveredEventCount',
      'DroppedEventCount',
      'BlockedShards',
    ]);
    expect(chartsFor('sqs-fifo').map((c) => c.id)).toContain('DeadLetterQueueDepth');
    expect(chartsFor('sqs').map((c) => c.id)).not.toContain('IteratorAge');
  });

  it('gives every chart a caption and unique id', () => {
    expect(new Set(CHARTS.map((c) => c.id)).size).toBe(CHARTS.length);
    for (const c of CHARTS) expect(c.caption.length).toBeGreaterThan(30);
  });

  it('draws the maximum plus a bounded number of shard lines', () => {
    const byShard = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`shardId-00000000000${i}`, [i]]),
    );
    const lines = CHARTS[0]!.lines({
      periodSeconds: 1,
      start: 0,
      series: { IteratorAge: [9] },
      iteratorAgeByShard: byShard,
    });
    expect(lines).toHaveLength(1 + MAX_SHARD_LINES);
    expect(lines[0]).toMatchObject({ label: 'Maximum', values: [9] });
    expect(lines[1]!.label).toBe('shard 0');
    expect(shortShard('shardId-000000000012')).toBe('shard 12');
  });
});
