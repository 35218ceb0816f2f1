/** Duplicates: at-least-once delivery, idempotency, FIFO deduplication. */
import { claim, numberAnswer, type Template } from '../define';
import { entry } from '../catalog';
import { delivered, invocationsWith, midOf, need, recordOf, run, runDetailed } from '../run';
import { Explainer, list, plural, secs } from '../text';
import { records, rid } from './common';

/** Messages m1…mN, one every half second from t = 0.5 s. */
function trickle(n: number) {
  return records(n, { prefix: 'm' }).map((r, i) => ({ ...r, at: 0.5 + i * 0.5 }));
}

const counter: Template = {
  ...entry('duplicates-counter'),
  generate(d) {
    const rate = d.pick([0.2, 0.3, 0.4]);
    const n = d.int(8, 14);
    const batch = d.pick([1, 5, 10]);
    const r = run({
      durationSeconds: 30,
      seed: d.scenarioSeed(),
      source: { type: 'sqs', duplicateDeliveryRate: rate },
      mapping: { BatchSize: batch },
      records: trickle(n),
    });
    const invs = delivered(r.report);
    need(
      invs.every((i) => i.result === 'success'),
      'failures',
    );
    const answer = invs.reduce((sum, i) => sum + i.records.length, 0);
    need(answer > n, 'no duplicates');
    const ids = [...Array(n).keys()].map((i) => rid(i + 1, 'm'));
    const twice = ids.filter((id) => recordOf(r.report, id).deliveries > 1);
    const example = twice[0] ?? '';
    const exInvs = invocationsWith(r.report, example);
    const ex = new Explainer();
    ex.say(
      `Nothing failed, but event source mappings deliver at least once: ${example} reached the function in ${ex.inv(exInvs.map((i) => i.n))}. In all, ${plural(twice.length, 'message')} (${list(twice)}) arrived more than once.`,
    );
    ex.say(
      `The counter adds one per message received: ${answer} for ${n} messages. An idempotent function would remember the messageIds it has handled (for example in DynamoDB with a condition) and count each once.`,
    );
    return {
      setup: [
        `An SQS standard queue; the simulator hands a received message to a second poller ${Math.round(rate * 100)} % of the time, as at-least-once delivery allows. BatchSize ${batch}.`,
        `Messages m1–m${n} arrive one every half second. The function never fails; it adds 1 to a counter for every message it receives.`,
      ],
      prompt: 'What does the counter read at the end?',
      number: numberAnswer(answer, 'on the counter', [
        [
          n,
          'Without failures messages can still arrive twice: delivery is at least once, so the counter is only right if the function is idempotent.',
        ],
        [2 * n, 'Only some receives are duplicated, not every one.'],
      ]),
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: midOf(exInvs[1] ?? exInvs[0] ?? invs[0]!),
        follow: example,
        highlight: [`record:${example}`, 'inflight'],
        caption: `${example} is delivered a second time, with no failure.`,
      },
    };
  },
};

const fifoDedup: Template = {
  ...entry('duplicates-fifo-dedup'),
  generate(d) {
    const bodies = ['order 1', 'order 2', 'order 3', 'order 4'];
    const sends: { id: string; at: number; body: string }[] = [];
    const n = d.int(6, 9);
    for (let i = 1; i <= n; i++) {
      const late = i === n && d.chance(0.6);
      sends.push({ id: rid(i, 'm'), at: late ? 360 : i * 5, body: d.pick(bodies) });
    }
    const r = run({
      durationSeconds: 380,
      seed: d.scenarioSeed(),
      source: { type: 'sqs-fifo', ContentBasedDeduplication: true },
      mapping: { BatchSize: 10 },
      records: sends.map((s) => ({ ...s, key: 'orders' })),
    });
    const reached = sends.filter((s) => recordOf(r.report, s.id).deliveries > 0);
    const dropped = sends.filter((s) => recordOf(r.report, s.id).status === 'skipped');
    const answer = reached.length;
    need(dropped.length > 0, 'no duplicates sent');
    const distinct = new Set(sends.map((s) => s.body)).size;
    const invs = delivered(r.report).filter((i) => i.records.length > 0);
    const ex = new Explainer();
    ex.say(
      `With ContentBasedDeduplication, the deduplication id is the SHA-256 of the body, and SQS drops a send whose id it has seen in the last 5 minutes, even if the first message was already deleted. ${list(dropped.map((s) => s.id))} ${dropped.length === 1 ? 'was' : 'were'} dropped that way.`,
    );
    const late = sends.find((s) => s.at === 360);
    ex.say(
      `${ex.inv(invs.map((i) => i.n))} received ${list(reached.map((s) => s.id))}: ${plural(answer, 'message')}.${late !== undefined && recordOf(r.report, late.id).deliveries > 0 ? ` ${late.id} repeats an earlier body but came more than 5 minutes later, so it was accepted.` : ''}`,
    );
    const lastInv = invs[invs.length - 1];
    need(lastInv !== undefined, 'no invocation');
    return {
      setup: [
        'An SQS FIFO queue with ContentBasedDeduplication true; every message is in group "orders". BatchSize 10.',
        `Sends: ${sends.map((s) => `${s.id} "${s.body}" at ${secs(s.at)}`).join('; ')}.`,
      ],
      prompt: 'How many of these messages reach the function?',
      number: numberAnswer(answer, 'messages', [
        [
          n,
          'A FIFO queue with content-based deduplication drops a send whose body it has seen in the last 5 minutes.',
        ],
        [
          distinct,
          'Deduplication lasts 5 minutes: a repeat sent later than that is a new message.',
        ],
      ]),
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: midOf(lastInv),
        follow: null,
        highlight: ['queue', 'function'],
        caption: 'Only messages that were not deduplicated reach the function.',
      },
    };
  },
};

const cause: Template = {
  ...entry('duplicates-cause'),
  generate(d) {
    const viaVisibility = d.chance(0.5);
    const n = d.int(6, 10);
    const r = runDetailed(
      viaVisibility
        ? {
            durationSeconds: 40,
            seed: d.scenarioSeed(),
            source: { type: 'sqs', VisibilityTimeout: 6 },
            mapping: { BatchSize: 10, MaximumBatchingWindowInSeconds: 4 },
            function: { Timeout: 6, durationSeconds: { base: 4, perRecord: 0 } },
            records: trickle(n),
          }
        : {
            durationSeconds: 40,
            seed: d.scenarioSeed(),
            source: { type: 'sqs', VisibilityTimeout: 30, duplicateDeliveryRate: 0.3 },
            mapping: { BatchSize: 1 },
            records: trickle(n),
          },
    );
    const dups = r.events.filter((e) => e.kind === 'duplicateDelivery');
    const first = dups[0];
    need(first !== undefined && first.kind === 'duplicateDelivery', 'no duplicate');
    const id = first.recordId as string;
    const causes = new Set(
      dups
        .filter((e) => e.kind === 'duplicateDelivery' && e.recordId === id)
        .map((e) => (e.kind === 'duplicateDelivery' ? e.cause : '')),
    );
    const failed = r.report.invocations.some((i) => i.result !== 'success');
    const puts = r.report.records[id] !== undefined ? 1 : 0;
    const options = [
      claim(
        'At-least-once delivery: SQS handed the same message to two pollers.',
        causes.size === 1 && causes.has('atLeastOnce'),
        'Here the second delivery came because the message’s visibility timeout ran out while its first invocation was still running.',
        `The duplicate's cause in the run: ${[...causes].join(', ')}.`,
      ),
      claim(
        'The visibility timeout ran out while the first invocation was still running.',
        causes.size === 1 && causes.has('visibilityTimeout'),
        'The first invocation finished well within the visibility timeout; SQS standard queues may simply deliver a message more than once.',
        `The duplicate's cause in the run: ${[...causes].join(', ')}.`,
      ),
      claim(
        'The function failed, and the message was retried.',
        failed,
        'No invocation failed in this run: duplicates happen without errors too.',
        failed ? 'An invocation failed.' : 'Every invocation succeeded.',
      ),
      claim(
        'The producer sent it twice.',
        puts > 1,
        `${id} was sent once: the duplicate came from the queue, not the producer.`,
        `${id} was sent once.`,
      ),
    ];
    const invs = invocationsWith(r.report, id);
    const [a, b] = invs;
    need(a !== undefined && b !== undefined, 'single delivery');
    const ex = new Explainer();
    ex.say(
      causes.has('visibilityTimeout')
        ? `${id} was received while the 4 s batching window gathered; ${ex.inv(a.n)} then ran until ${secs(a.end)}, past the end of ${id}'s 6 s visibility timeout. ${id} became visible again and ${ex.inv(b.n)} received it too.`
        : `${ex.inv(a.n)} and ${ex.inv(b.n)} both received ${id} at ${secs(a.start)}: SQS standard queues deliver at least once, and occasionally hand a message to two pollers. The invocation was short and nothing failed.`,
    );
    ex.say(
      'Either way, the function must be idempotent: processing the same message twice must do no harm.',
    );
    return {
      setup: viaVisibility
        ? [
            'An SQS standard queue, VisibilityTimeout 6. BatchSize 10, MaximumBatchingWindowInSeconds 4.',
            `The function's Timeout is 6 s; each invocation takes 4 s and succeeds. Messages m1–m${n} arrive one every half second.`,
          ]
        : [
            'An SQS standard queue, VisibilityTimeout 30. BatchSize 1.',
            `The function takes 0.05 s and succeeds. Messages m1–m${n} arrive one every half second, each sent once.`,
          ],
      prompt: `${id} reached the function twice, in ${ex.inv(a.n)} and ${ex.inv(b.n)}. Why?`,
      options,
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: midOf(b),
        follow: id,
        highlight: [`record:${id}`, 'inflight'],
        caption: `${id}'s second delivery.`,
      },
    };
  },
};

export const DUPLICATES_TEMPLATES: readonly Template[] = [counter, fifoDedup, cause];
