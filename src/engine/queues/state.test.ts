import { describe, expect, it } from 'vitest';
import { buildScenario } from '../../scenarios/build';
import {
  createQueueState,
  idOfCode,
  producerIdCode,
  RESULTS,
  resultCode,
  TRIGGERS,
  triggerCode,
} from './state';

describe('queue state helpers', () => {
  it('result and trigger codes are their indexes in RESULTS and TRIGGERS', () => {
    expect(RESULTS.map(resultCode)).toEqual(RESULTS.map((_, i) => i));
    expect(TRIGGERS.map(triggerCode)).toEqual(TRIGGERS.map((_, i) => i));
  });

  it('producer ids come back right whatever the id cache held (same slot, large numbers)', () => {
    const s = createQueueState(buildScenario({ source: { type: 'sqs' } }), null);
    const cases: [number, number][] = [
      [0, 5],
      [3, 5],
      [0, 5 + 1024],
      [7, 2 ** 32 - 1],
      [0, 5],
      [12, 2 ** 31 + 5],
    ];
    for (const [index, n] of cases) {
      expect(idOfCode(s, producerIdCode(index, n))).toBe(`p${index}-${n}`);
      expect(idOfCode(s, producerIdCode(index, n))).toBe(`p${index}-${n}`);
    }
  });
});
