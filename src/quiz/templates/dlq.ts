/** Dead-letter queues of SQS sources: maxReceiveCount, which messages move, where the DLQ goes. */
import {
  claim,
  fixOptions,
  numberAnswer,
  type FixCandidate,
  type FixJudge,
  type Template,
} from '../define';
import { entry } from '../catalog';
import { invocationsWith, midOf, need, recordOf, round3, run, type Draft } from '../run';
import { Explainer, firstTimes, list, times } from '../text';
import { records, rid } from './common';

const receiveCount: Template = {
  ...entry('dlq-receive-count'),
  generate(d) {
    const fifo = d.chance(0.3);
    const max = d.int(2, 5);
    const v = d.pick([5, 10]);
    const r = run({
      durationSeconds: (max + 2) * v + 10,
      seed: d.scenarioSeed(),
      source: {
        type: fifo ? 'sqs-fifo' : 'sqs',
        VisibilityTimeout: v,
        RedrivePolicy: { maxReceiveCount: max },
        ...(fifo ? { ContentBasedDeduplication: true } : {}),
      },
      mapping: { BatchSize: 1 },
      records: records(3, { prefix: 'm', fail: { 2: -1 } }).map((rec, i) => ({
        ...rec,
        body: `order ${i + 1}`,
      })),
    });
    const invs = invocationsWith(r.report, 'm2');
    const answer = invs.length;
    const entry = r.report.deadLetterQueue.find((e) => e.id === 'm2');
    need(entry !== undefined, 'not moved');
    const last = invs[invs.length - 1];
    need(last !== undefined, 'never delivered');
    const ex = new Explainer();
    ex.say(
      `m2 was received in ${ex.inv(invs.map((i) => i.n))}, failing each time; after each failure it became visible again when its ${v} s visibility timeout ended.`,
    );
    ex.say(
      `Each receive raises ApproximateReceiveCount. When m2 was due to be received again with its count already at maxReceiveCount ${max}, SQS moved it to the DLQ instead (at ${round3(entry.at)} s, receiveCount ${entry.receiveCount}).`,
    );
    return {
      setup: [
        `An SQS ${fifo ? 'FIFO' : 'standard'} queue, VisibilityTimeout ${v}, with a redrive policy: maxReceiveCount ${max} and a dead-letter queue${fifo ? ' (FIFO too)' : ''}.`,
        'BatchSize 1. Messages m1–m3 arrive at t = 1 s; m2 fails on every delivery.',
      ],
      prompt:
        'How many times does the function receive m2 before SQS moves it to the dead-letter queue?',
      number: numberAnswer(answer, 'times', [
        [
          max + 1,
          'maxReceiveCount counts every receive, the first one included: it is not a number of retries.',
        ],
        [
          max - 1,
          'The message is moved when it would be received again after maxReceiveCount receives, so all of those receives reach the function.',
        ],
        [
          1,
          'SQS does not move a message on its first failure: it comes back after the visibility timeout until maxReceiveCount is reached.',
        ],
      ]),
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: round3(entry.at + 0.01),
        follow: 'm2',
        highlight: ['dlq', 'record:m2'],
        caption: `m2 reaches the DLQ after ${answer} receives.`,
      },
    };
  },
};

const whichMessages: Template = {
  ...entry('dlq-which-messages'),
  generate(d) {
    const max = d.int(2, 3);
    const batch = d.pick([1, 2, 10]);
    const n = 6;
    const fails = d.shuffle([0, 0, 1, 2, 3, -1]);
    const failOf: Record<number, number> = {};
    fails.forEach((f, i) => {
      if (f !== 0) failOf[i + 1] = f;
    });
    const r = run({
      durationSeconds: 90,
      seed: d.scenarioSeed(),
      source: { type: 'sqs', VisibilityTimeout: 5, RedrivePolicy: { maxReceiveCount: max } },
      mapping: { BatchSize: batch },
      records: records(n, { prefix: 'm', fail: failOf }).map((rec, i) => ({
        ...rec,
        at: 1 + Math.floor(i / 2) * 0.2,
      })),
    });
    const ids = [...Array(n).keys()].map((i) => rid(i + 1, 'm'));
    const moved = new Set(ids.filter((id) => recordOf(r.report, id).status === 'movedToDlq'));
    const options = ids.map((id, i) => {
      const f = fails[i] ?? 0;
      const rec = recordOf(r.report, id);
      return claim(
        id,
        moved.has(id),
        f === -1
          ? `${id} fails every time, yet it did not reach the DLQ by the end.`
          : `${id} succeeded on receive ${rec.deliveries} and was deleted, before it could go past maxReceiveCount ${max}.`,
        `${id}: received ${times(rec.deliveries)}, ended ${rec.status}.`,
      );
    });
    need(moved.size > 0 && moved.size < n, 'all or none moved');
    const ex = new Explainer();
    const describe = ids.map((id, i) => {
      const f = fails[i] ?? 0;
      return `${id} ${f === 0 ? 'never fails' : f === -1 ? 'always fails' : `fails ${firstTimes(f)}`}`;
    });
    const innocent = [...moved].filter(
      (id) => (fails[ids.indexOf(id)] ?? 0) < max && (fails[ids.indexOf(id)] ?? 0) !== -1,
    );
    ex.say(
      `${[...moved]
        .map(
          (id) => `${id} was received in ${ex.inv(invocationsWith(r.report, id).map((i) => i.n))}`,
        )
        .join('; ')}; then SQS moved ${moved.size === 1 ? 'it' : 'them'} to the DLQ.`,
    );
    ex.say(
      innocent.length > 0
        ? `${list(innocent)} did not fail ${max} times ${innocent.length === 1 ? 'itself' : 'themselves'}: with BatchSize ${batch}, a message shares the fate of its batch. Every receive of a failed batch counts toward maxReceiveCount ${max}, for every message in it.`
        : `A message moves once it has been received maxReceiveCount (${max}) times without being deleted; ${batch === 1 ? 'with BatchSize 1, only its own failures count' : 'every receive of its batch counts'}.`,
    );
    const first = [...moved][0] ?? '';
    const dl = r.report.deadLetterQueue.find((e) => e.id === first);
    return {
      setup: [
        `An SQS standard queue, VisibilityTimeout 5, with a redrive policy: maxReceiveCount ${max} and a dead-letter queue.`,
        `BatchSize ${batch}. Messages m1–m6 arrive around t = 1 s. The function throws when a message fails: ${list(describe)}.`,
      ],
      prompt: 'Which messages end up in the dead-letter queue? Choose every one.',
      options,
      keepOrder: true,
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: dl === undefined ? 30 : round3(dl.at + 0.01),
        follow: first,
        highlight: ['dlq'],
        caption: `${first} moves to the DLQ.`,
      },
    };
  },
};

const FIX_DLQ: readonly FixCandidate[] = [
  {
    text: 'Give the source queue a redrive policy: a DLQ with maxReceiveCount 3',
    apply: (b) => ({ ...b, source: { ...b.source, RedrivePolicy: { maxReceiveCount: 3 } } }),
    meant: 'fix',
    misconception: '',
  },
  {
    text: 'Give the Lambda function a dead-letter queue (DeadLetterConfig)',
    apply: (b) => b,
    meant: 'wrong',
    misconception:
      'The DLQ is configured on the source queue, not on the Lambda function: a function’s DLQ only receives failed asynchronous invocations, and an event source mapping invokes synchronously.',
    note: 'The simulator runs this as the unchanged scenario: a function’s DLQ never sees invocations from an event source mapping.',
  },
  {
    text: 'Set an on-failure destination on the event source mapping (DestinationConfig)',
    apply: (b) => ({
      ...b,
      mapping: {
        ...b.mapping,
        DestinationConfig: {
          OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:esm-lab-failures' },
        },
      },
    }),
    meant: 'wrong',
    misconception:
      'On-failure destinations are for stream (and Kafka) mappings. An SQS source hands failed messages to the source queue’s own DLQ through its redrive policy.',
  },
  {
    text: 'Set MaximumRetryAttempts to 3 on the event source mapping',
    apply: (b) => ({ ...b, mapping: { ...b.mapping, MaximumRetryAttempts: 3 } }),
    meant: 'wrong',
    misconception:
      'MaximumRetryAttempts is a stream setting. An SQS source retries by letting the message become visible again; maxReceiveCount on the queue limits that.',
  },
  {
    text: 'Set FunctionResponseTypes to ["ReportBatchItemFailures"]',
    apply: (b) => ({
      ...b,
      mapping: { ...b.mapping, FunctionResponseTypes: ['ReportBatchItemFailures'] },
    }),
    meant: 'wrong',
    misconception:
      'A partial batch response decides which messages return to the queue, not where a message goes after too many receives.',
  },
];

const whereDlq: Template = {
  ...entry('dlq-where'),
  generate(d) {
    const v = d.pick([5, 10]);
    const n = d.int(2, 5);
    const k = d.int(1, n);
    const id = rid(k, 'm');
    const base: Draft = {
      durationSeconds: 8 * v,
      seed: d.scenarioSeed(),
      source: { type: 'sqs', VisibilityTimeout: v },
      mapping: { BatchSize: 1 },
      records: records(n, { prefix: 'm', fail: { [k]: -1 } }),
    };
    const judge: FixJudge = {
      fixed: (x) => recordOf(x.report, id).status === 'movedToDlq',
      describe: (x) => {
        const rec = recordOf(x.report, id);
        return rec.status === 'movedToDlq'
          ? `${id} moved to the DLQ after ${times(rec.deliveries)}.`
          : `${id} was received ${times(rec.deliveries)} and was still ${rec.status} at ${8 * v} s.`;
      },
      moment: (x) => {
        const last = invocationsWith(x.report, id).at(-1);
        return {
          at: last === undefined ? v : round3(last.end + v / 2),
          follow: id,
          highlight: ['dlq', `record:${id}`],
          caption: `After ${id}'s last failure: is there a DLQ to take it?`,
        };
      },
    };
    const broken = run(base);
    need(!judge.fixed(broken), 'moved already');
    const options = fixOptions(d, base, FIX_DLQ, judge);
    const invs = invocationsWith(broken.report, id);
    const ex = new Explainer();
    ex.say(
      `As it is, ${id} failed in ${ex.inv(invs.map((i) => i.n))} and came back every ${v} s (its visibility timeout): with no redrive policy, SQS keeps it until its retention period ends.`,
    );
    ex.say(
      'For an SQS source, the dead-letter queue belongs to the source queue: a redrive policy with maxReceiveCount moves a message there after that many receives. A Lambda function’s own DLQ is for asynchronous invokes only.',
    );
    const mid = invs[Math.min(2, invs.length - 1)];
    need(mid !== undefined, 'never delivered');
    return {
      setup: [
        `An SQS standard queue, VisibilityTimeout ${v}, no redrive policy. BatchSize 1.`,
        `Messages m1–m${n} arrive at t = 1 s; ${id} fails on every delivery and keeps coming back.`,
      ],
      prompt: `Which one change moves ${id} aside after a few failed tries? The simulator ran each option.`,
      options,
      explanation: ex,
      showMe: {
        scenario: broken.scenario,
        at: midOf(mid),
        follow: id,
        highlight: [`record:${id}`, 'queue'],
        caption: `${id} keeps coming back: the queue has no DLQ.`,
      },
    };
  },
};

export const DLQ_TEMPLATES: readonly Template[] = [receiveCount, whichMessages, whereDlq];
