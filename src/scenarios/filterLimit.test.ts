/**
 * esm-semantics.md §7: up to 5 filters per mapping (FILT). The validator accepts 5 and rejects
 * a 6th with one clear message naming the JSON path (scenario-format.md). The engine's OR of
 * filters is checked in src/engine/filteringAndObserved.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { parseScenario } from './validate';

const withFilters = (type: string, n: number) => ({
  format: 1,
  durationSeconds: 60,
  source: { type },
  mapping: {
    ...(type === 'kinesis' ? { StartingPosition: 'LATEST' } : {}),
    FilterCriteria: {
      Filters: Array.from({ length: n }, (_, i) => ({
        Pattern: JSON.stringify({ [type === 'kinesis' ? 'data' : 'body']: { n: [i] } }),
      })),
    },
  },
});

describe('§7 FilterCriteria: at most 5 filters (FILT)', () => {
  it.each(['sqs', 'kinesis'])('%s: 5 filters are accepted, a 6th is rejected clearly', (type) => {
    expect(parseScenario(withFilters(type, 5)).ok).toBe(true);
    const r = parseScenario(withFilters(type, 6));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      {
        path: 'mapping.FilterCriteria',
        message: 'FilterCriteria has 6 filters; at most 5 are allowed per event source mapping',
      },
    ]);
  });
});
