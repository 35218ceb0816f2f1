import { describe, expect, it } from 'vitest';
import type { MetricsSeries } from '../../engine/types';
import { chartsFor } from './catalog';
import { chartCsv, chartFileName, csvField } from './exportChart';

const metrics: MetricsSeries = {
  periodSeconds: 1,
  start: 10,
  series: { IteratorAge: [0, 1500, 3000], Invocations: [1, 2, 3], Errors: [0, 1, 0] },
  iteratorAgeByShard: {
    'shardId-000000000000': [0, 1500, 3000],
    'shardId-000000000001': [0, 0, 200],
  },
};

describe('chart downloads', () => {
  it('CSV: a row per second the lab holds, a column per line, headed with the metric and unit', () => {
    const age = chartsFor('kinesis').find((d) => d.id === 'IteratorAge');
    if (age === undefined) throw new Error('no IteratorAge chart');
    expect(chartCsv(age, metrics).split('\r\n')).toEqual([
      'second,IteratorAge Maximum (ms),IteratorAge shard 0 (ms),IteratorAge shard 1 (ms)',
      '10,0,0,0',
      '11,1500,1500,0',
      '12,3000,3000,200',
      '',
    ]);
    expect(chartFileName(age, 'png')).toBe('esm-lab-IteratorAge.png');
  });

  it('quotes fields that need it', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(1.5)).toBe('1.5');
    expect(csvField(Number.NaN)).toBe('');
  });
});
