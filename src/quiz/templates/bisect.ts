/** BisectBatchOnFunctionError: split a failing batch in halves, without using up retries. */
import {
  fixOptions,
  numberAnswer,
  type FixCandidate,
  type FixJudge,
  type Template,
} from '../define';
import { entry } from '../catalog';
import {
  invocationsWith,
  midOf,
  need,
  recordOf,
  round3,
  run,
  withStatus,
  type Draft,
  type Run,
} from '../run';
import { Explainer, list, plural } from '../text';
import { DESTINATION_ARNS, kinesisDraft, records, retriesText, rid } from './common';

/** A one-batch stream run with bisect on: the draw shared by the two counting templates. */
function bisectRun(d: Parameters<Template['generate']>[0]) {
  const batch = d.pick([4, 6, 8]);
  const poison = d.int(1, batch);
  const retries = d.int(0, 3);
  const r = run(
    kinesisDraft({
      durationSeconds: 90,
      seed: d.scenarioSeed(),
      mapping: {
        BatchSize: batch,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: retries,
        DestinationConfig: { OnFailure: { Destination: DESTINATION_ARNS.sqs } },
      },
      records: records(batch, { fail: { [poison]: -1 } }),
    }),
  );
  const setup = [
    'A Kinesis stream with one shard, read from TRIM_HORIZON.',
    `BatchSize ${batch}, BisectBatchOnFunctionError true, ${retriesText(retries)}, an SQS on-failure destination.`,
    `Records r1–r${batch} are written at t = 1 s; ${rid(poison)} fails on every delivery (the function throws).`,
  ];
  return { batch, poison, retries, r, setup };
}

/** "#1 (r1–r8) failed, split into …": the run of invocations holding `id`, for explanations. */
function describeSplits(ex: Explainer, r: Run, id: string): string {
  return invocationsWith(r.report, id)
    .map(
      (i) =>
        `${ex.inv(i.n)} (${i.records.length === 1 ? i.records[0] : `${i.records[0]}–${i.records[i.records.length - 1]}`}, ${i.result === 'success' ? 'succeeded' : 'failed'})`,
    )
    .join(', ');
}

const poisonInvocations: Template = {
  ...entry('bisect-poison-invocations'),
  generate(d) {
    const { batch, poison, retries, r, setup } = bisectRun(d);
    const invs = invocationsWith(r.report, rid(poison));
    const answer = invs.length;
    const splits = invs.filter((i) => i.records.length > 1).length;
    const ex = new Explainer();
    ex.say(`${rid(poison)} was in ${describeSplits(ex, r, rid(poison))}.`);
    ex.say(
      `Each failure of a batch of more than one record split it in two (${plural(splits, 'invocation')} with ${rid(poison)} and others), and the splits used up no retries. ` +
        `Once ${rid(poison)} was alone, it got its first attempt plus ${plural(retries, 'retry', 'retries')}: ${plural(answer - splits, 'more invocation', 'more invocations')}, then the invocation record went to the destination.`,
    );
    return {
      setup,
      prompt: `How many invocations contain ${rid(poison)}?`,
      number: numberAnswer(answer, 'invocations', [
        [
          retries + 1,
          'Bisect adds invocations: every split retries a half that still holds the poison record, and splits use no retries.',
        ],
        [
          answer - 1,
          `Count the first invocation of the whole batch too: it is the one that failed first and triggered the split.`,
        ],
        [
          splits + 1,
          'Splits do not use up retries: once the poison record is alone, it still gets its first attempt and every retry.',
        ],
        [batch, 'Bisect halves the batch; it does not try each record on its own.'],
      ]),
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: midOf(invs[Math.min(1, invs.length - 1)] ?? invs[0]!),
        follow: rid(poison),
        highlight: [`record:${rid(poison)}`, 'batches:0'],
        caption: `A half that still holds ${rid(poison)} fails and is split again.`,
      },
    };
  },
};

const goodRecord: Template = {
  ...entry('bisect-good-record'),
  generate(d) {
    const { batch, poison, retries, r, setup } = bisectRun(d);
    const j = d.pick([...Array(batch).keys()].map((i) => i + 1).filter((i) => i !== poison));
    const invs = invocationsWith(r.report, rid(j));
    const answer = invs.length;
    need(recordOf(r.report, rid(j)).status === 'succeeded', 'good record not processed');
    const ex = new Explainer();
    ex.say(`${rid(j)} was in ${describeSplits(ex, r, rid(j))}.`);
    ex.say(
      `A good record is delivered again each time a batch holding it fails and is split, until it lands in a half without ${rid(poison)}; that half succeeds. The poison record's retries (${retries}) do not involve ${rid(j)}.`,
    );
    const last = invs[invs.length - 1];
    need(last !== undefined, 'never delivered');
    return {
      setup,
      prompt: `How many times is ${rid(j)} delivered to the function?`,
      number: numberAnswer(answer, 'times', [
        [
          1,
          'The first batch held every record and failed, so every record is delivered again in a half.',
        ],
        [
          retries + 1,
          `Without bisect ${rid(j)} would share every retry of the whole batch; with bisect it leaves the failing half once it is split away from ${rid(poison)}.`,
        ],
        [
          answer + 1,
          `Once ${rid(j)} is in a half without the poison record, that half succeeds and ${rid(j)} is done.`,
        ],
      ]),
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: midOf(last),
        follow: rid(j),
        highlight: [`record:${rid(j)}`, 'batches:0'],
        caption: `${rid(j)} succeeds in a half without ${rid(poison)}.`,
      },
    };
  },
};

const FIX_BISECT: readonly FixCandidate[] = [
  {
    text: 'Set BisectBatchOnFunctionError to true',
    apply: (b) => ({ ...b, mapping: { ...b.mapping, BisectBatchOnFunctionError: true } }),
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
    text: 'Set FunctionResponseTypes to ["ReportBatchItemFailures"]',
    apply: (b) => ({
      ...b,
      mapping: { ...b.mapping, FunctionResponseTypes: ['ReportBatchItemFailures'] },
    }),
    meant: 'wrong',
    misconception:
      'ReportBatchItemFailures only helps when the function returns batchItemFailures; a function that throws still fails the whole batch.',
  },
  {
    text: 'Set MaximumRetryAttempts to 10',
    apply: (b) => ({ ...b, mapping: { ...b.mapping, MaximumRetryAttempts: 10 } }),
    meant: 'wrong',
    misconception:
      'More retries of the same whole batch fail the same way: the good records still share its fate.',
  },
  {
    text: 'Set MaximumRetryAttempts to -1',
    apply: (b) => ({ ...b, mapping: { ...b.mapping, MaximumRetryAttempts: -1 } }),
    meant: 'wrong',
    misconception:
      'Then nothing reaches the destination, but the good records are never processed either: the batch is retried until the record expires and the shard waits.',
  },
  {
    text: 'Send failures to an S3 bucket instead of the SQS queue',
    apply: (b) => ({
      ...b,
      mapping: {
        ...b.mapping,
        DestinationConfig: { OnFailure: { Destination: DESTINATION_ARNS.s3 } },
      },
    }),
    meant: 'wrong',
    misconception:
      'The destination decides what is kept about a failed batch (S3 also gets the payload), not which records fail.',
  },
  {
    text: 'Raise the function Timeout to 60 s',
    apply: (b) => ({ ...b, function: { ...b.function, Timeout: 60 } }),
    meant: 'wrong',
    misconception:
      'The function throws on the poison record; it does not time out, so more time changes nothing.',
  },
];

const fixGoodRecordsLost: Template = {
  ...entry('bisect-fix-good-records'),
  generate(d) {
    const batch = d.int(4, 8);
    const poison = d.int(1, batch);
    const n = batch * 2;
    const base: Draft = kinesisDraft({
      durationSeconds: 90,
      seed: d.scenarioSeed(),
      mapping: {
        BatchSize: batch,
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: DESTINATION_ARNS.sqs } },
      },
      records: records(n, { fail: { [poison]: -1 } }),
    });
    const goodIds = [...Array(n).keys()].map((i) => rid(i + 1)).filter((id) => id !== rid(poison));
    const judge: FixJudge = {
      fixed: (x) => goodIds.every((id) => recordOf(x.report, id).status === 'succeeded'),
      describe: (x) => {
        const gone = goodIds.filter((id) => recordOf(x.report, id).status !== 'succeeded');
        return gone.length === 0
          ? `every good record succeeded; ${rid(poison)} alone was ${recordOf(x.report, rid(poison)).status === 'sentToOnFailureDestination' ? 'sent to the destination' : recordOf(x.report, rid(poison)).status}.`
          : `${plural(gone.length, 'good record')} (${list(gone.slice(0, 4))}${gone.length > 4 ? ', …' : ''}) did not succeed.`;
      },
      moment: (x) => {
        const last = invocationsWith(x.report, rid(poison)).at(-1);
        return {
          at: last === undefined ? 5 : round3(last.end + 0.01),
          follow: rid(poison),
          highlight: ['destination', `record:${rid(poison)}`],
          caption: `When Lambda gives up on ${rid(poison)}: what else goes with it?`,
        };
      },
    };
    const broken = run(base);
    need(!judge.fixed(broken), 'nothing lost');
    const options = fixOptions(d, base, FIX_BISECT, judge);
    const sent = withStatus(broken.report, 'sentToOnFailureDestination');
    const invs = invocationsWith(broken.report, rid(poison));
    const ex = new Explainer();
    ex.say(
      `As it is, ${rid(poison)}'s batch failed in ${ex.inv(invs.map((i) => i.n))} and Lambda sent the whole batch's invocation record to the destination: ${list(sent)} were given up, although only ${rid(poison)} fails.`,
    );
    ex.say(
      'Lambda needs to isolate the failing record: BisectBatchOnFunctionError splits a failing batch until the poison record is alone (splits use no retries), and BatchSize 1 never mixes records. Either way the good records succeed.',
    );
    return {
      setup: [
        `A Kinesis stream with one shard, read from TRIM_HORIZON. BatchSize ${batch}, ${retriesText(2)}, an SQS on-failure destination.`,
        `Records r1–r${n} are written at t = 1 s; only ${rid(poison)} fails (on every delivery, the function throws).`,
        `Yet ${list(sent.filter((id) => id !== rid(poison)).slice(0, 3))}${sent.length > 4 ? ' and others' : ''} end up in the on-failure destination too.`,
      ],
      prompt: `Which one change gets every record except ${rid(poison)} processed? The simulator ran each option.`,
      options,
      explanation: ex,
      showMe: {
        scenario: broken.scenario,
        at: round3((invs[invs.length - 1]?.end ?? 5) + 0.01),
        follow: rid(poison),
        highlight: ['destination', 'batches:0'],
        caption: `The whole batch goes to the destination, good records included.`,
      },
    };
  },
};

export const BISECT_TEMPLATES: readonly Template[] = [
  poisonInvocations,
  goodRecord,
  fixGoodRecordsLost,
];
