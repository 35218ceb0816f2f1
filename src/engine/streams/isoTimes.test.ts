import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EPOCH_UNIX_SECONDS, isoTime } from '../aws';
import { isoTimeOf } from './isoTimes';

describe('isoTimeOf', () => {
  it('spells a time as isoTime does', () => {
    const times = [0, 0.0004, 0.0005, 0.999, 1, 59.9995, 86_399.9996, 86_400, 3600.25, -1, -0.0004];
    for (const t of times) expect(isoTimeOf(t)).toBe(isoTime(t));
    // Either side of 1970 and of year 10000, where it hands over to Date.
    const y10000 = 253_402_300_800 - EPOCH_UNIX_SECONDS;
    for (const t of [
      -EPOCH_UNIX_SECONDS,
      -EPOCH_UNIX_SECONDS - 0.001,
      y10000 - 0.001,
      y10000 - 1e-4,
    ]) {
      expect(isoTimeOf(t)).toBe(isoTime(t));
    }
  });

  it('agrees with isoTime on random times, days apart and within a day', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -EPOCH_UNIX_SECONDS, max: 3e9, noNaN: true }),
        fc.double({ min: 0, max: 90_000, noNaN: true }),
        (t, dt) => {
          expect(isoTimeOf(t)).toBe(isoTime(t));
          expect(isoTimeOf(t + dt)).toBe(isoTime(t + dt));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
