/** Batch size, batching window and the 6 MB payload limit. */
import { claim, numberAnswer, type OptionDraft, type Template } from '../define';
import { entry } from '../catalog';
import { delivered, midOf, need, run, validate, type Draft, type Run } from '../run';
import { Explainer, bytes, list, plural, secs } from '../text';
import type { RecordDraft } from '../../scenarios/build';
import { A_SOURCE, kinesisDraft, records } from './common';

const invocationCount: Template = {
  ...entry('batching-invocation-count'),
  generate(d) {
    const type = d.pick(['kinesis', 'dynamodb', 'sqs'] as const);
    const batch = d.int(2, 10);
    const n = batch * d.int(2, 4) + d.int(1, batch - 1);
    const draft: Draft =
      type === 'sqs'
        ? {
            durationSeconds: 30,
            seed: d.scenarioSeed(),
            source: { type },
            mapping: { BatchSize: batch },
            records: records(n, { prefix: 'm' }),
          }
        : kinesisDraft({
            type,
            durationSeconds: 30,
            seed: d.scenarioSeed(),
            mapping: { BatchSize: batch },
            records: records(n),
          });
    const r = run(draft);
    const invs = delivered(r.report);
    const answer = invs.length;
    need(
      invs.every((i) => i.result === 'success'),
      'failures',
    );
    const ex = new Explainer();
    const sizes = invs.map((i) => i.records.length);
    const last = invs[invs.length - 1];
    need(last !== undefined, 'no invocation');
    need(
      sizes.slice(0, -1).every((x) => x === batch),
      'a batch before the last was not full',
    );
    ex.say(
      `The ${n} records were all waiting at once, so Lambda sent full batches of ${batch}: ${ex.inv(invs.map((i) => i.n))} held ${list(sizes.map(String))} records.`,
    );
    ex.say(
      `With no batching window Lambda does not wait to fill the last batch: ${ex.inv(last.n)} went with what was left. ${n} ÷ ${batch} rounded up is ${answer}.`,
    );
    return {
      setup: [
        `${A_SOURCE[type]}${type === 'sqs' ? '' : ' with one shard, read from TRIM_HORIZON'}.`,
        `BatchSize ${batch}, MaximumBatchingWindowInSeconds 0 (the default).`,
        `${n} ${type === 'sqs' ? 'messages are sent' : 'records are written'} at once at t = 1 s; the function succeeds every time.`,
      ],
      prompt: `How many times is the function invoked?`,
      number: numberAnswer(answer, 'invocations', [
        [n, 'BatchSize is the most records per invocation, not one record per invocation.'],
        [
          Math.floor(n / batch),
          'Without a batching window, Lambda does not hold back a batch that is not full: the last, smaller batch is sent at once.',
        ],
        [1, `BatchSize caps each invocation at ${batch} records, so ${n} records need several.`],
      ]),
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: midOf(last),
        follow: null,
        highlight: ['function', type === 'sqs' ? 'queue' : 'batches:0'],
        caption: `The last, smaller batch goes without waiting.`,
      },
    };
  },
};

const windowFirstBatch: Template = {
  ...entry('batching-window-first-batch'),
  generate(d) {
    const type = d.pick(['kinesis', 'sqs'] as const);
    const rate = d.pick([2, 3, 4, 5]);
    const window = d.int(2, 6);
    const batch = d.pick([50, 100, 200]);
    const draft: Draft = {
      durationSeconds: 30,
      seed: d.scenarioSeed(),
      source: { type },
      mapping: {
        BatchSize: batch,
        MaximumBatchingWindowInSeconds: window,
        ...(type === 'kinesis' ? { StartingPosition: 'TRIM_HORIZON' as const } : {}),
      },
      producers: [{ ratePerSecond: rate, from: 0.5, until: 20 }],
    };
    const r = run(draft);
    const [first, second] = delivered(r.report);
    need(first !== undefined && second !== undefined, 'no invocations');
    const answer = first.records.length;
    const ex = new Explainer();
    ex.say(
      `The window opened when the mapping started (t = 0) and Lambda gathered records until it elapsed: ${ex.inv(first.n)} started at ${secs(first.start)} with ${plural(answer, 'record')}, far fewer than BatchSize ${batch}.`,
    );
    ex.say(
      `Lambda invokes when the window elapses, the batch is full or the payload reaches 6 MB, whichever comes first. The next window started when ${ex.inv(first.n)} completed, so ${ex.inv(second.n)} held ${second.records.length}.`,
    );
    return {
      setup: [
        `${A_SOURCE[type]}${type === 'kinesis' ? ' with one shard, read from TRIM_HORIZON' : ''}.`,
        `BatchSize ${batch}, MaximumBatchingWindowInSeconds ${window}.`,
        `${rate} records per second arrive from t = 0.5 s on; the function succeeds every time.`,
      ],
      prompt: 'How many records does the first invocation receive?',
      number: numberAnswer(answer, 'records', [
        [
          batch,
          `The window is a maximum wait, not a wait for a full batch: after ${window} s Lambda sends what it has.`,
        ],
        [
          1,
          'With a batching window Lambda does not invoke for the first record: it gathers until the window elapses.',
        ],
        [
          rate * window,
          `Records start arriving at t = 0.5 s, not at 0: count only those that arrived before the window elapsed at ${window} s.`,
        ],
      ]),
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: Math.max(0.5, first.start - window / 2),
        follow: null,
        highlight: [type === 'sqs' ? 'window' : 'window:0'],
        caption: 'The batching window gathers records until it elapses.',
      },
    };
  },
};

const sixMegabytes: Template = {
  ...entry('batching-six-mb'),
  generate(d) {
    const type = d.pick(['sqs', 'kinesis'] as const);
    const kb = d.pick([700, 800, 900, 1000]);
    const n = 10;
    const recs = records(n, { prefix: type === 'sqs' ? 'm' : 'r' }).map((rec) => ({
      ...rec,
      body: 'x'.repeat(kb * 1000),
    }));
    const draft: Draft = {
      durationSeconds: 20,
      seed: d.scenarioSeed(),
      source: { type },
      mapping: {
        BatchSize: 10,
        ...(type === 'kinesis' ? { StartingPosition: 'TRIM_HORIZON' as const } : {}),
      },
      records: recs,
    };
    const r = run(draft);
    const [first, second] = delivered(r.report);
    need(first !== undefined && second !== undefined, 'one batch');
    const answer = first.records.length;
    const ex = new Explainer();
    const perRecord = type === 'kinesis' ? Math.ceil((kb * 1000) / 3) * 4 : kb * 1000;
    ex.say(
      `${ex.inv(first.n)} held ${plural(answer, type === 'sqs' ? 'message' : 'record')}: one more would have taken the payload past 6 MB (Lambda's fixed limit for a synchronous invoke, metadata included). ` +
        `The rest went in ${ex.inv(second.n)}.`,
    );
    if (type === 'kinesis') {
      ex.say(
        `A Kinesis record's data reaches the function base64-encoded, so each ${bytes(kb * 1000)} record weighs about ${bytes(perRecord)} in the event.`,
      );
    }
    return {
      setup: [
        `${A_SOURCE[type]}${type === 'kinesis' ? ' with one shard, read from TRIM_HORIZON' : ''}. BatchSize 10.`,
        `${n} ${type === 'sqs' ? 'messages' : 'records'} of ${bytes(kb * 1000)} each arrive at t = 1 s.`,
      ],
      prompt: `How many ${type === 'sqs' ? 'messages' : 'records'} does the first invocation receive?`,
      number: numberAnswer(answer, type === 'sqs' ? 'messages' : 'records', [
        [
          10,
          'BatchSize is not the only limit: Lambda also invokes when the payload would exceed 6 MB.',
        ],
        [
          Math.floor(6_000_000 / (kb * 1000)),
          type === 'kinesis'
            ? 'Kinesis data is base64-encoded in the event (4 bytes for every 3) and metadata counts too.'
            : 'Close, but the event carries metadata with every message, and that counts toward the 6 MB too.',
        ],
        [
          Math.floor(n / 2),
          'Lambda does not split the records evenly: it fills a batch up to the limit.',
        ],
      ]),
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: midOf(first),
        follow: null,
        highlight: ['function'],
        caption: 'The first batch stops short of BatchSize: it is full at 6 MB.',
      },
    };
  },
};

/** A mapping configuration offered in "which does Lambda accept?". */
interface ConfigCandidate {
  readonly text: string;
  readonly draft: Draft;
  /** What the template teaches with it. */
  readonly meant: 'accepted' | 'rejected';
  /** The misconception behind thinking Lambda accepts it (rejected ones) . */
  readonly misconception: string;
}

const burst = (prefix: string): RecordDraft[] => records(30, { prefix });

const CONFIGS: readonly ConfigCandidate[] = [
  {
    text: 'SQS standard queue: BatchSize 50, no batching window',
    draft: {
      durationSeconds: 10,
      source: { type: 'sqs' },
      mapping: { BatchSize: 50 },
      records: burst('m'),
    },
    meant: 'rejected',
    misconception:
      'A standard queue accepts BatchSize above 10 only with MaximumBatchingWindowInSeconds of at least 1 s.',
  },
  {
    text: 'SQS standard queue: BatchSize 50, MaximumBatchingWindowInSeconds 1',
    draft: {
      durationSeconds: 10,
      source: { type: 'sqs' },
      mapping: { BatchSize: 50, MaximumBatchingWindowInSeconds: 1 },
      records: burst('m'),
    },
    meant: 'accepted',
    misconception: '',
  },
  {
    text: 'SQS standard queue: BatchSize 10, no batching window',
    draft: {
      durationSeconds: 10,
      source: { type: 'sqs' },
      mapping: { BatchSize: 10 },
      records: burst('m'),
    },
    meant: 'accepted',
    misconception: '',
  },
  {
    text: 'SQS FIFO queue: BatchSize 20',
    draft: {
      durationSeconds: 10,
      source: { type: 'sqs-fifo', ContentBasedDeduplication: true },
      mapping: { BatchSize: 20 },
      records: burst('m'),
    },
    meant: 'rejected',
    misconception:
      'FIFO queues are still capped at 10 messages per batch; only standard queues went up to 10,000 (in 2020).',
  },
  {
    text: 'SQS FIFO queue: BatchSize 10, MaximumBatchingWindowInSeconds 2',
    draft: {
      durationSeconds: 10,
      source: { type: 'sqs-fifo', ContentBasedDeduplication: true },
      mapping: { BatchSize: 10, MaximumBatchingWindowInSeconds: 2 },
      records: burst('m'),
    },
    meant: 'rejected',
    misconception:
      'FIFO queues have no batching window: MaximumBatchingWindowInSeconds cannot be set.',
  },
  {
    text: 'SQS FIFO queue: BatchSize 10, no batching window',
    draft: {
      durationSeconds: 10,
      source: { type: 'sqs-fifo', ContentBasedDeduplication: true },
      mapping: { BatchSize: 10 },
      records: burst('m'),
    },
    meant: 'accepted',
    misconception: '',
  },
  {
    text: 'Kinesis stream: BatchSize 500, no batching window',
    draft: kinesisDraft({ durationSeconds: 10, mapping: { BatchSize: 500 }, records: burst('r') }),
    meant: 'accepted',
    misconception: '',
  },
  {
    text: 'Kinesis stream: BatchSize 20,000',
    draft: kinesisDraft({
      durationSeconds: 10,
      mapping: { BatchSize: 20000 },
      records: burst('r'),
    }),
    meant: 'rejected',
    misconception: 'A stream batch holds at most 10,000 records.',
  },
  {
    text: 'DynamoDB stream: BatchSize 1,000, no batching window',
    draft: kinesisDraft({
      type: 'dynamodb',
      durationSeconds: 10,
      mapping: { BatchSize: 1000 },
      records: burst('r'),
    }),
    meant: 'accepted',
    misconception: '',
  },
];

const acceptedConfigs: Template = {
  ...entry('batching-accepted-configs'),
  generate(d) {
    const rejectedPool = CONFIGS.filter((c) => c.meant === 'rejected');
    const acceptedPool = CONFIGS.filter((c) => c.meant === 'accepted');
    const chosen = d
      .shuffle([...d.sample(rejectedPool, d.int(1, 3)), ...d.sample(acceptedPool, 2)])
      .slice(0, 4);
    const options: OptionDraft[] = [];
    let shown: Run | null = null;
    let shownText = '';
    for (const c of chosen) {
      const v = validate(c.draft);
      if (v.ok !== (c.meant === 'accepted')) continue;
      if (v.ok) {
        const r = run(c.draft);
        if (shown === null) {
          shown = r;
          shownText = c.text;
        }
        options.push(
          claim(
            c.text,
            true,
            '',
            `Lambda accepts it; its first batch held ${delivered(r.report)[0]?.records.length ?? 0} records.`,
          ),
        );
      } else {
        options.push(
          claim(
            c.text,
            false,
            c.misconception,
            `Lambda rejects it: ${v.problems.map((p) => p.message).join('; ')}`,
          ),
        );
      }
    }
    need(
      shown !== null && options.some((o) => !o.correct),
      'need accepted and rejected configurations',
    );
    const first = delivered(shown.report)[0];
    need(first !== undefined, 'no invocation');
    const ex = new Explainer();
    ex.say(
      'Batch sizes by source: streams and SQS standard queues take 1–10,000; a standard queue above 10 needs a batching window of at least 1 s; FIFO queues take 1–10 and have no window.',
    );
    ex.say(
      `Running "${shownText}" with 30 records waiting: ${ex.inv(first.n)} received ${first.records.length} of them at once.`,
    );
    return {
      setup: [
        'Each option is one CreateEventSourceMapping request. The simulator validates it exactly as it validates a scenario.',
      ],
      prompt: 'Which of these event source mappings does Lambda accept? Choose every one.',
      options,
      explanation: ex,
      showMe: {
        scenario: shown.scenario,
        at: midOf(first),
        follow: null,
        highlight: ['function'],
        caption: `${shownText}: the first batch.`,
      },
    };
  },
};

export const BATCHING_TEMPLATES: readonly Template[] = [
  invocationCount,
  windowFirstBatch,
  sixMegabytes,
  acceptedConfigs,
];
