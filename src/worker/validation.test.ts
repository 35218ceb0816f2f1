import { describe, expect, it } from 'vitest';
import { buildScenario } from '../scenarios/build';
import { parseLoadInput } from './validation';

describe('parseLoadInput: the app limit on generated records', () => {
  const hourAt = (ratePerSecond: number): Record<string, unknown> => ({
    format: 1,
    durationSeconds: 3600,
    source: { type: 'kinesis', ShardCount: 4 },
    producers: [{ ratePerSecond }],
  });

  it('accepts an hour at 1,000 records/s (the CLI would not) as JSON and as a resolved scenario', () => {
    expect(parseLoadInput({ kind: 'json', json: hourAt(1000) }).ok).toBe(true);
    const resolved = buildScenario({
      durationSeconds: 3600,
      source: { type: 'sqs' },
      producers: [{ ratePerSecond: 1000 }],
    });
    expect(parseLoadInput({ kind: 'resolved', scenario: resolved }).ok).toBe(true);
  });

  it('rejects more than 4,000,000 generated records and says why', () => {
    const parsed = parseLoadInput({ kind: 'json', json: hourAt(1200) });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]?.path).toBe('producers');
    expect(parsed.problems[0]?.message).toMatch(
      /about 4320000 records; at most 4000000 per run are allowed \(simulator limit: the app keeps only recent history/,
    );
  });
});
