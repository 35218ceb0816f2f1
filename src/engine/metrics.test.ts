import { describe, expect, it } from 'vitest';
import { count, createMetrics, gauge, max, maxPerShard, metricsSeries } from './metrics';

describe('per-second metrics', () => {
  it('counters sum within a second', () => {
    const m = createMetrics();
    count(m, 'Invocations', 0.2);
    count(m, 'Invocations', 0.9, 2);
    count(m, 'Invocations', 2.5);
    expect(metricsSeries(m, 3).series.Invocations).toEqual([3, 0, 1, 0]);
  });

  it('max keeps the largest value of the second (IteratorAge)', () => {
    const m = createMetrics();
    max(m, 'IteratorAge', 1.1, 300);
    max(m, 'IteratorAge', 1.7, 200);
    maxPerShard(m, 'shardId-000000000000', 1.2, 50);
    const s = metricsSeries(m, 2);
    expect(s.series.IteratorAge).toEqual([0, 300, 0]);
    expect(s.iteratorAgeByShard).toEqual({ 'shardId-000000000000': [0, 50, 0] });
  });

  it('gauges carry their level over seconds without changes and report the max seen', () => {
    const m = createMetrics();
    gauge(m, 'ConcurrentExecutions', 0.5, 3);
    gauge(m, 'ConcurrentExecutions', 0.6, 1);
    gauge(m, 'ConcurrentExecutions', 3.2, 0);
    expect(metricsSeries(m, 4).series.ConcurrentExecutions).toEqual([3, 1, 1, 1, 0]);
  });

  it('a series can start from a later second', () => {
    const m = createMetrics();
    for (let t = 0; t < 5; t++) count(m, 'RecordsPut', t, t);
    const s = metricsSeries(m, 4, 2);
    expect(s.start).toBe(2);
    expect(s.series.RecordsPut).toEqual([2, 3, 4]);
  });
});
