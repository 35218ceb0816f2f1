import { describe, expect, it } from 'vitest';
import { count, createMetrics, gauge, max, maxPerShard, metricsSeries } from '../metrics';
import { countAt, gaugeAt, maxAt, maxPerShardAt, SM } from './metricSeries';

describe('metricSeries: the cached updates do what metrics.ts does', () => {
  it('gives the same series, key order and gauges, across two interleaved MetricsStates', () => {
    const byName = [createMetrics(), createMetrics()];
    const cached = [createMetrics(), createMetrics()];
    // Two runs updated in turn: the cache follows whichever MetricsState it is given.
    for (let step = 0; step < 400; step++) {
      const k = step % 2;
      const t = Math.floor(step / 3) + (step % 7) / 10;
      const second = Math.floor(t);
      const v = (step * 37) % 101;
      count(byName[k]!, 'Invocations', t);
      countAt(cached[k]!, SM.Invocations, second);
      if (step % 5 === 0) {
        count(byName[k]!, 'RecordsPut', t, 3);
        countAt(cached[k]!, SM.RecordsPut, second, 3);
      }
      gauge(byName[k]!, 'ConcurrentExecutions', t, v % 9);
      gaugeAt(cached[k]!, SM.ConcurrentExecutions, second, v % 9);
      max(byName[k]!, 'Duration', t, v);
      maxAt(cached[k]!, SM.Duration, second, v);
      const shard = step % 3;
      maxPerShard(byName[k]!, `shard-${shard}`, t, v);
      maxPerShardAt(cached[k]!, shard, `shard-${shard}`, second, v);
    }
    for (const k of [0, 1]) {
      expect(Object.keys(cached[k]!.series)).toEqual(Object.keys(byName[k]!.series));
      expect(cached[k]!.gauges).toEqual(byName[k]!.gauges);
      expect(metricsSeries(cached[k]!, 140)).toEqual(metricsSeries(byName[k]!, 140));
    }
  });
});
