/**
 * The frame codec's point (src/worker/wire.ts): on the stage bench's load the
 * packed frame is a fraction of the plain one. Sizes are V8's own
 * serialisation (what postMessage writes), so this lives with the Node-only code.
 */
import { serialize } from 'node:v8';
import { expect, it } from 'vitest';
import { packFromHost } from '../worker/wire';
import { BENCH, frameOf, snapshotAt } from '../worker/testing/frames';

it('packs the 8 × 10 stage-bench frame to under a third of its size', () => {
  const frame = frameOf(snapshotAt(BENCH, 60));
  const plain = serialize(frame).length;
  const packed = serialize(packFromHost(frame)).length;
  expect(frame.snapshot.shards!.reduce((n, s) => n + s.records.length, 0)).toBeGreaterThan(1000);
  expect(packed * 3).toBeLessThan(plain);
});
