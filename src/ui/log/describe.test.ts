import { describe, expect, it } from 'vitest';
import { describeEvent, listIds } from './describe';
import { ALL_EVENTS } from './fixtures.test-data';

describe('describeEvent', () => {
  it('writes a sentence with an icon and a label for every kind', () => {
    const lines = ALL_EVENTS.map((e) => {
      const d = describeEvent(e);
      return `${d.icon} [${d.label}/${d.tone}] ${d.text} {${d.recordIds.join(',')}}`;
    });
    expect(lines).toMatchInlineSnapshot(`
      [
        "+ [Put/neutral] Record r0 put with key user-1 into shard 0 {r0}",
        "⟳ [Poll/neutral] Poller read 3 records from shard 0 {}",
        "➜ [Batch/info] Invocation #1 sent 6 records from shard 0 (BatchSize reached): r0, r1, r2, r3 and 2 more {r0,r1,r2,r3,r4,r5}",
        "✗ [Result/danger] Invocation #1 failed: the function threw an error {r0,r1}",
        "↻ [Retry/warning] Retry 1 of 2 for 2 records from shard 0 at 2.3 s after a function error {r0,r1}",
        "✂ [Bisect/warning] Batch split in two (BisectBatchOnFunctionError): r0 | r1 {r0,r1}",
        "⚑ [Checkpoint/success] Checkpoint on shard 0 moved past r1 {r1}",
        "■ [Blocked/danger] Shard 1 blocked: later records wait while r7 retries {r7}",
        "▶ [Unblocked/success] Shard 1 unblocked: processing moves on {}",
        "✉ [Destination/danger] 1 record from shard 1 given up (RetryAttemptsExhausted); metadata sent to the SQS on-failure destination: r7 {r7}",
        "⊗ [Discarded/danger] 2 records from shard 1 discarded (RecordAgeExceeded), no destination: r8, r9 {r8,r9}",
        "⊖ [Expired/danger] r10 expired: retention removed it before processing {r10}",
        "⊘ [Filtered/neutral] r11 filtered out by FilterCriteria (never invoked) {r11}",
        "≡ [Deduplicated/neutral] m2 dropped: same deduplication id as m1 within 5 minutes {m2}",
        "✓ [Deleted/success] Deleted 2 messages from the queue: m1, m3 {m1,m3}",
        "◎ [Visible again/warning] VisibilityTimeout ran out: m4 visible again {m4}",
        "☠ [DLQ/danger] m4 moved to the dead-letter queue after 3 receives (maxReceiveCount) {m4}",
        "⊕ [Duplicate/warning] m5 delivered again in invocation #9 (it became visible while still in flight) {m5}",
        "⇡ [Scaling/accent] Poller fleet 5 → 10 concurrent invokes: messages are waiting {}",
        "▭ [Window/info] Tumbling window 0.0 s–30.0 s closed on shard 0 {}",
        "✎ [Edit/accent] Live edit: BatchSize 100 → 10 {}",
        "○ [Disabled/warning] Mapping disabled (Enabled: false): polling stops, records wait {}",
        "◉ [Enabled/success] Mapping enabled: polling resumes from the checkpoint {}",
      ]
    `);
  });

  it('describes queue events without a shard and every result kind', () => {
    expect(describeEvent({ t: 0, seq: 1, kind: 'poll', shardId: null, polled: 1 }).text).toBe(
      'Pollers received 1 message',
    );
    const results = [
      'success',
      'timeout',
      'throttled',
      'partialFailure',
      'invalidResponse',
    ] as const;
    const texts = results.map(
      (result) =>
        describeEvent({
          t: 0,
          seq: 1,
          kind: 'invocationResult',
          invocation: 4,
          shardId: null,
          result,
          recordIds: [],
          reportedFailures: result === 'partialFailure' ? (['m2'] as never[]) : [],
        }).text,
    );
    expect(texts).toEqual([
      'Invocation #4 succeeded',
      'Invocation #4 failed: it ran past the function Timeout',
      'Invocation #4 was throttled (429): no concurrency free',
      'Invocation #4 reported failed items: m2',
      'Invocation #4 returned an invalid batchItemFailures response: the whole batch fails',
    ]);
  });

  it('shortens long id lists', () => {
    expect(listIds([])).toBe('no records');
    expect(listIds(['a', 'b', 'c', 'd', 'e', 'f'])).toBe('a, b, c, d and 2 more');
  });
});
