/** Partial batch responses: ReportBatchItemFailures on streams and queues. */
import {
  claim,
  fixOptions,
  numberAnswer,
  type FixCandidate,
  type FixJudge,
  type Template,
} from '../define';
import { entry } from '../catalog';
import { delivered, invocationsWith, midOf, need, recordOf, round3, run, type Draft } from '../run';
import { Explainer, firstTimes, list, plural, times } from '../text';
import { DESTINATION_ARNS, kinesisDraft, records, retriesText, rid } from './common';

const REPORT = { FunctionResponseTypes: ['ReportBatchItemFailures' as const] };

const freshRetryCount: Template = {
  ...entry('partial-stream-deliveries'),
  generate(d) {
    const type = d.pick(['kinesis', 'dynamodb'] as const);
    const batch = d.int(2, 4);
    const n = batch * 2;
    // Not first in its batch: the partial response must move the checkpoint.
    const k = batch + d.int(2, batch);
    const retries = d.int(1, 4);
    const r = run(
      kinesisDraft({
        type,
        durationSeconds: 90,
        seed: d.scenarioSeed(),
        mapping: {
          BatchSize: batch,
          MaximumRetryAttempts: retries,
          ...REPORT,
          DestinationConfig: { OnFailure: { Destination: DESTINATION_ARNS.sqs } },
        },
        function: { failureMode: 'reportBatchItemFailures' },
        records: records(n, { fail: { [k]: -1 } }),
      }),
    );
    const invs = invocationsWith(r.report, rid(k));
    const answer = invs.length;
    const [first, second] = invs;
    need(first !== undefined && second !== undefined, 'not retried');
    const later = invs.slice(1);
    const entry = r.report.onFailureDestination[0];
    need(entry !== undefined, 'nothing sent');
    need(answer === retries + 2, 'the checkpoint did not move');
    const ex = new Explainer();
    ex.say(
      `${ex.inv(first.n)} held ${list(first.records)}; the function reported ${rid(k)} in batchItemFailures, so Lambda checkpointed the records before it and retried from ${rid(k)} on${second.records.length > 1 ? ` (${rid(k)} and the records after it)` : ''}.`,
    );
    ex.say(
      `Moving the checkpoint starts a fresh retry count, so from there ${rid(k)} got one attempt plus ${plural(retries, 'retry', 'retries')}: ${ex.inv(later.map((i) => i.n))}. In all ${plural(answer, 'delivery', 'deliveries')}; the on-failure record says approximateInvokeCount ${entry.approximateInvokeCount}, batchSize ${entry.batchSize}. AWS behaves the same (a recorded run, esm-semantics.md §11).`,
    );
    return {
      setup: [
        `A ${type === 'kinesis' ? 'Kinesis' : 'DynamoDB'} stream with one shard, read from TRIM_HORIZON. BatchSize ${batch}, ${retriesText(retries)}, FunctionResponseTypes ["ReportBatchItemFailures"], an SQS on-failure destination.`,
        `Records r1–r${n} are written at t = 1 s. The function reports ${rid(k)} as failed in batchItemFailures every time (it never throws).`,
      ],
      prompt: `How many times is ${rid(k)} delivered to the function?`,
      number: numberAnswer(answer, 'times', [
        [
          retries + 1,
          'The delivery in the mixed batch does not count against the retries: moving the checkpoint starts a fresh retry count.',
        ],
        [1, 'A reported failure is retried: only the records before it are checkpointed.'],
        [
          retries,
          'Besides the retries, count the first delivery in the mixed batch and the first attempt alone.',
        ],
      ]),
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: midOf(second),
        follow: rid(k),
        highlight: [`record:${rid(k)}`, 'batches:0'],
        caption: `The retry starts at ${rid(k)}: the records before it were checkpointed.`,
      },
    };
  },
};

const retriedRecords: Template = {
  ...entry('partial-stream-retried-records'),
  generate(d) {
    const batch = d.int(4, 6);
    const n = batch + 2;
    const k = d.int(2, batch - 1);
    const r = run(
      kinesisDraft({
        durationSeconds: 40,
        seed: d.scenarioSeed(),
        mapping: { BatchSize: batch, ...REPORT },
        function: { failureMode: 'reportBatchItemFailures' },
        records: records(n, { fail: { [k]: 1 } }),
      }),
    );
    const first = delivered(r.report)[0];
    need(first !== undefined && first.records.length === batch, 'first batch');
    const ids = [...first.records, rid(batch + 1)];
    const again = (id: string): boolean => recordOf(r.report, id).deliveries > 1;
    const options = ids.map((id) => {
      const i = Number(id.slice(1));
      return claim(
        id,
        again(id),
        i < k
          ? `Lambda checkpoints just before the lowest sequence number reported failed: ${id} comes before ${rid(k)}, so it is done.`
          : i > batch
            ? `${id} was not in the batch that reported a failure; it waited and was delivered once, after the retry.`
            : `${id} is after ${rid(k)} in the batch: everything from the lowest reported sequence number on is retried.`,
        `${id} was delivered ${times(recordOf(r.report, id).deliveries)}.`,
      );
    });
    const retry = invocationsWith(r.report, rid(k))[1];
    need(retry !== undefined, 'not retried');
    const ex = new Explainer();
    ex.say(
      `${ex.inv(first.n)} held ${list(first.records)} and reported ${rid(k)} failed. Lambda checkpointed up to the record before ${rid(k)} and retried from ${rid(k)} on: ${ex.inv(retry.n)} held ${list(retry.records)}.`,
    );
    ex.say(
      `Records after the failed one are retried too: a stream keeps order, so the checkpoint cannot skip ${rid(k)}. (An SQS queue, by contrast, retries only the listed messages.)`,
    );
    return {
      setup: [
        `A Kinesis stream with one shard, read from TRIM_HORIZON. BatchSize ${batch}, FunctionResponseTypes ["ReportBatchItemFailures"].`,
        `Records r1–r${n} are written at t = 1 s. The first time the function gets ${rid(k)} it reports it in batchItemFailures; after that ${rid(k)} succeeds.`,
      ],
      prompt:
        'Which of these records are delivered to the function more than once? Choose every one.',
      options,
      keepOrder: true,
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: midOf(retry),
        follow: rid(k),
        highlight: [`record:${rid(k)}`, 'batches:0'],
        caption: `The retry starts at ${rid(k)} and takes the records after it too.`,
      },
    };
  },
};

const notEnabled: Template = {
  ...entry('partial-not-enabled'),
  generate(d) {
    const enabled = d.chance(0.35);
    const n = d.int(4, 8);
    const k = d.int(1, n);
    const fails = d.int(1, 2);
    const r = run({
      durationSeconds: 60,
      seed: d.scenarioSeed(),
      source: { type: 'sqs', VisibilityTimeout: 10, RedrivePolicy: { maxReceiveCount: 5 } },
      mapping: { BatchSize: 10, ...(enabled ? REPORT : {}) },
      function: { failureMode: 'reportBatchItemFailures' },
      records: records(n, { prefix: 'm', fail: { [k]: fails } }),
    });
    const id = rid(k, 'm');
    const others = [...Array(n).keys()].map((i) => rid(i + 1, 'm')).filter((x) => x !== id);
    const m = recordOf(r.report, id);
    const othersAgain = others.some((x) => recordOf(r.report, x).deliveries > 1);
    const options = [
      claim(
        `Lambda ignores the list and deletes every message, ${id} included: its failure is lost.`,
        m.status === 'succeeded' && m.deliveries === 1,
        `FunctionResponseTypes includes ReportBatchItemFailures here, so Lambda honours the list and returns ${id} to the queue.`,
        `${id} was delivered ${times(m.deliveries)} and ended ${m.status}.`,
      ),
      claim(
        `Only ${id} becomes visible again and is received again later.`,
        m.deliveries > 1 && !othersAgain,
        'Without FunctionResponseTypes ["ReportBatchItemFailures"] on the mapping, Lambda ignores a returned batchItemFailures list and treats the invocation as a success.',
        `${id} was delivered ${times(m.deliveries)}.`,
      ),
      claim(
        'The whole batch becomes visible again after the visibility timeout.',
        othersAgain,
        'The invocation did not fail (the function returned normally), so nothing of the batch is returned as a whole.',
        othersAgain ? 'Other messages came back too.' : 'No other message was delivered twice.',
      ),
      claim(
        `${id} moves straight to the dead-letter queue.`,
        m.status === 'movedToDlq' && m.deliveries === 1,
        'SQS moves a message to the DLQ only after maxReceiveCount receives, never on the first failure.',
        `${id} ended ${m.status}.`,
      ),
    ];
    const invs = invocationsWith(r.report, id);
    const first = invs[0];
    need(first !== undefined, 'never delivered');
    const ex = new Explainer();
    if (enabled) {
      ex.say(
        `${ex.inv(first.n)} returned batchItemFailures naming ${id}, and the mapping has FunctionResponseTypes ["ReportBatchItemFailures"]: Lambda deleted the other messages and left ${id} to become visible again after the visibility timeout.`,
      );
      ex.say(`${id} was received again in ${ex.inv(invs.slice(1).map((i) => i.n))} and succeeded.`);
    } else {
      ex.say(
        `${ex.inv(first.n)} returned batchItemFailures naming ${id}, but the mapping does not list ReportBatchItemFailures in FunctionResponseTypes. Lambda ignores the response and treats the invocation as a success: it deleted every message, ${id} too.`,
      );
      ex.say(
        `${id} was never received again: the failure is silently lost. Turn on ReportBatchItemFailures on the mapping as well as in the code.`,
      );
    }
    return {
      setup: [
        `An SQS standard queue (VisibilityTimeout 10, maxReceiveCount 5 with a DLQ). BatchSize 10.`,
        `FunctionResponseTypes: ${enabled ? '["ReportBatchItemFailures"]' : 'not set'}.`,
        `Messages m1–m${n} arrive at t = 1 s. The function returns {"batchItemFailures":[{"itemIdentifier":"<${id}'s messageId>"}]} ${firstTimes(fails)} it gets ${id}, and never throws.`,
      ],
      prompt: `What happens to ${id} after the first invocation?`,
      options,
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: round3(first.end + 0.01),
        follow: id,
        highlight: [`record:${id}`, 'queue'],
        caption: enabled
          ? `${id} is back in the queue, the rest deleted.`
          : `Every message is deleted, ${id} too.`,
      },
    };
  },
};

const FIX_PARTIAL: readonly FixCandidate[] = [
  {
    text: 'Set FunctionResponseTypes to ["ReportBatchItemFailures"] and return the failed messageId in batchItemFailures',
    apply: (b) => ({
      ...b,
      mapping: { ...b.mapping, ...REPORT },
      function: { ...b.function, failureMode: 'reportBatchItemFailures' },
    }),
    meant: 'fix',
    misconception: '',
  },
  {
    text: 'Set BatchSize to 1',
    apply: (b) => ({ ...b, mapping: { ...b.mapping, BatchSize: 1 } }),
    meant: 'fix',
    misconception: '',
  },
  {
    text: 'Set FunctionResponseTypes to ["ReportBatchItemFailures"] (the function still throws)',
    apply: (b) => ({ ...b, mapping: { ...b.mapping, ...REPORT } }),
    meant: 'wrong',
    misconception:
      'ReportBatchItemFailures only helps when the function returns batchItemFailures; an invocation that throws still returns the whole batch.',
  },
  {
    text: 'Double the queue’s VisibilityTimeout',
    apply: (b) => ({ ...b, source: { ...b.source, VisibilityTimeout: 60 } }),
    meant: 'wrong',
    misconception:
      'A longer visibility timeout only delays the retry; the whole batch still comes back.',
  },
  {
    text: 'Set maxReceiveCount 1 on the queue’s redrive policy',
    apply: (b) => ({ ...b, source: { ...b.source, RedrivePolicy: { maxReceiveCount: 1 } } }),
    meant: 'wrong',
    misconception:
      'Then the whole failed batch, good messages included, moves to the DLQ after one receive: they are not processed again, but they are not processed either.',
  },
  {
    text: 'Return batchItemFailures from the function (FunctionResponseTypes not set)',
    apply: (b) => ({ ...b, function: { ...b.function, failureMode: 'reportBatchItemFailures' } }),
    meant: 'wrong',
    misconception:
      'Without FunctionResponseTypes ["ReportBatchItemFailures"], Lambda ignores the list: the invocation counts as a success and the failed message is deleted unprocessed.',
  },
  {
    text: 'Set ScalingConfig MaximumConcurrency to 2',
    apply: (b) => ({ ...b, mapping: { ...b.mapping, ScalingConfig: { MaximumConcurrency: 2 } } }),
    meant: 'wrong',
    misconception: 'Concurrency does not decide what a failed batch returns to the queue.',
  },
];

const fixDuplicates: Template = {
  ...entry('partial-fix-reprocessing'),
  generate(d) {
    const n = d.int(5, 10);
    const k = d.int(1, n);
    const fails = d.int(1, 2);
    const id = rid(k, 'm');
    const base: Draft = {
      durationSeconds: 90,
      seed: d.scenarioSeed(),
      source: { type: 'sqs', VisibilityTimeout: 20 },
      mapping: { BatchSize: 10 },
      records: records(n, { prefix: 'm', fail: { [k]: fails } }),
    };
    const good = [...Array(n).keys()].map((i) => rid(i + 1, 'm')).filter((x) => x !== id);
    const judge: FixJudge = {
      fixed: (x) =>
        good.every((g) => {
          const rec = recordOf(x.report, g);
          return rec.status === 'succeeded' && rec.deliveries === 1;
        }) &&
        recordOf(x.report, id).status === 'succeeded' &&
        recordOf(x.report, id).deliveries === fails + 1,
      describe: (x) => {
        const twice = good.filter((g) => recordOf(x.report, g).deliveries > 1);
        const m = recordOf(x.report, id);
        if (m.deliveries < fails + 1 && m.status === 'succeeded') {
          return `${id} was deleted after ${plural(m.deliveries, 'delivery', 'deliveries')} although it failed: its failure was lost.`;
        }
        if (twice.length > 0)
          return `${plural(twice.length, 'good message')} were delivered more than once.`;
        const notOk = good.filter((g) => recordOf(x.report, g).status !== 'succeeded');
        return notOk.length > 0
          ? `${plural(notOk.length, 'good message')} ended ${recordOf(x.report, notOk[0] ?? '').status}, not processed.`
          : `each good message was processed once, and ${id} was retried until it succeeded.`;
      },
      moment: (x) => {
        const inv = invocationsWith(x.report, id)[1] ?? invocationsWith(x.report, id)[0];
        return {
          at: inv === undefined ? 25 : midOf(inv),
          follow: id,
          highlight: ['inflight', `record:${id}`],
          caption: `${id}'s retry: what else comes back with it?`,
        };
      },
    };
    const broken = run(base);
    need(!judge.fixed(broken), 'nothing reprocessed');
    const options = fixOptions(d, base, FIX_PARTIAL, judge);
    const invs = invocationsWith(broken.report, id);
    const [first, second] = invs;
    need(first !== undefined && second !== undefined, 'not retried');
    const ex = new Explainer();
    ex.say(
      `As it is, ${ex.inv(first.n)} threw on ${id}, so the whole batch (${plural(first.records.length, 'message')}) became visible again after the visibility timeout and was received again in ${ex.inv(second.n)}: the good messages were processed twice.`,
    );
    ex.say(
      'To return only the failed message, the mapping needs FunctionResponseTypes ["ReportBatchItemFailures"] and the function must return its messageId in batchItemFailures (or each batch must hold one message). Either alone is not enough.',
    );
    return {
      setup: [
        'An SQS standard queue (VisibilityTimeout 20), no DLQ. BatchSize 10.',
        `Messages m1–m${n} arrive at t = 1 s. The function throws on ${id} ${firstTimes(fails)} it gets it.`,
        'The other messages in the batch are processed again each time: the function is not idempotent, so this is a problem.',
      ],
      prompt: `Which one change makes every other message be processed exactly once, while ${id} is still retried until it succeeds? The simulator ran each option.`,
      options,
      explanation: ex,
      showMe: {
        scenario: broken.scenario,
        at: midOf(second),
        follow: id,
        highlight: ['inflight', `record:${id}`],
        caption: 'The whole batch is back: good messages are processed again.',
      },
    };
  },
};

export const PARTIAL_TEMPLATES: readonly Template[] = [
  freshRetryCount,
  retriedRecords,
  notEnabled,
  fixDuplicates,
];
