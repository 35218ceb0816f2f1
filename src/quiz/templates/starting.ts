/** StartingPosition: LATEST, TRIM_HORIZON and AT_TIMESTAMP on streams. */
import { claim, numberAnswer, type OptionDraft, type Template } from '../define';
import { entry } from '../catalog';
import { delivered, midOf, need, recordOf, run, validate, type Draft, type Run } from '../run';
import { Explainer, list, plural, secs } from '../text';
import { A_SOURCE } from './common';
import type { RecordDraft } from '../../scenarios/build';

/** Records written before the mapping exists (negative times) and after. */
function history(d: Parameters<Template['generate']>[0]): RecordDraft[] {
  const before = d.int(2, 5);
  const after = d.int(2, 5);
  const out: RecordDraft[] = [];
  let i = 1;
  for (let k = 0; k < before; k++)
    out.push({ id: `r${i++}`, at: -40 + k * Math.floor(35 / before) });
  for (let k = 0; k < after; k++) out.push({ id: `r${i++}`, at: 2 + k * 3 });
  return out;
}

const whenText = (recs: readonly RecordDraft[]): string =>
  recs.map((r) => `${r.id} at ${secs(r.at ?? 0)}`).join(', ');

const latestOrTrim: Template = {
  ...entry('starting-latest-or-trim-horizon'),
  generate(d) {
    const type = d.pick(['kinesis', 'dynamodb'] as const);
    const position = d.pick(['LATEST', 'TRIM_HORIZON'] as const);
    const recs = history(d);
    const r = run({
      durationSeconds: 30,
      seed: d.scenarioSeed(),
      source: { type },
      mapping: { BatchSize: 10, StartingPosition: position },
      records: recs,
    });
    const got = recs
      .filter((rec) => recordOf(r.report, rec.id).deliveries > 0)
      .map((rec) => rec.id);
    const skipped = recs
      .filter((rec) => recordOf(r.report, rec.id).status === 'skipped')
      .map((rec) => rec.id);
    const answer = got.length;
    const newer = recs.filter((rec) => (rec.at ?? 0) >= 0).length;
    const invs = delivered(r.report);
    const first = invs[0];
    need(first !== undefined, 'nothing delivered');
    const ex = new Explainer();
    ex.say(
      position === 'LATEST'
        ? `LATEST starts reading after the newest record at the moment the mapping starts: ${list(skipped)}, written before t = 0, were skipped. ${ex.inv(invs.map((i) => i.n))} received the ${plural(answer, 'later record')}.`
        : `TRIM_HORIZON starts at the oldest record still in the shard, so the records written before the mapping existed are read too: ${ex.inv(first.n)} received ${list(first.records)} straight away.`,
    );
    return {
      setup: [
        `${A_SOURCE[type]} with one shard. The event source mapping is created at t = 0 with StartingPosition ${position}, BatchSize 10.`,
        `Records written: ${whenText(recs)} (negative times are before the mapping existed, all well within the stream's retention).`,
      ],
      prompt: 'How many of these records does the function receive?',
      number: numberAnswer(answer, 'records', [
        [
          position === 'LATEST' ? recs.length : newer,
          position === 'LATEST'
            ? 'LATEST skips every record already in the stream when the mapping starts.'
            : 'TRIM_HORIZON reads from the oldest record still in the stream, not only new ones.',
        ],
        [0, 'Records written after the mapping starts are always read.'],
      ]),
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: midOf(first),
        follow: null,
        highlight: ['shard:0'],
        caption: `${position}: where reading starts.`,
      },
    };
  },
};

const atTimestamp: Template = {
  ...entry('starting-at-timestamp'),
  generate(d) {
    const recs = history(d);
    const ts = d.pick([-35, -25, -15, -5]);
    const r = run({
      durationSeconds: 30,
      seed: d.scenarioSeed(),
      source: { type: 'kinesis' },
      mapping: { BatchSize: 10, StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: ts },
      records: recs,
    });
    const got = recs.filter((rec) => recordOf(r.report, rec.id).deliveries > 0);
    const answer = got.length;
    const newer = recs.filter((rec) => (rec.at ?? 0) >= 0).length;
    const invs = delivered(r.report);
    const first = invs[0];
    need(first !== undefined, 'nothing delivered');
    need(answer !== newer && answer !== recs.length, 'no difference from LATEST or TRIM_HORIZON');
    const ex = new Explainer();
    ex.say(
      `AT_TIMESTAMP starts at the first record written at or after StartingPositionTimestamp (${secs(ts)} here): ${list(got.map((g) => g.id))}. ${ex.inv(first.n)} received ${list(first.records)} as soon as the mapping started.`,
    );
    ex.say(`LATEST would have given ${newer}; TRIM_HORIZON all ${recs.length}.`);
    return {
      setup: [
        `A Kinesis stream with one shard. The mapping is created at t = 0 with StartingPosition AT_TIMESTAMP and StartingPositionTimestamp ${secs(ts)} (on the same clock as the records), BatchSize 10.`,
        `Records written: ${whenText(recs)}.`,
      ],
      prompt: 'How many of these records does the function receive?',
      number: numberAnswer(answer, 'records', [
        [
          newer,
          'AT_TIMESTAMP reads from the timestamp on, including records written before the mapping existed.',
        ],
        [
          recs.length,
          'Records written before the timestamp are not read: that is what TRIM_HORIZON would do.',
        ],
      ]),
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: midOf(first),
        follow: first.records[0] ?? null,
        highlight: ['shard:0'],
        caption: 'The first batch starts at the timestamp.',
      },
    };
  },
};

type PositionSource = 'kinesis' | 'dynamodb' | 'sqs';

interface PositionCandidate {
  readonly text: string;
  readonly mapping: NonNullable<Draft['mapping']>;
  /** The sources AWS accepts it for (esm-semantics.md §1). */
  readonly acceptedFor: readonly PositionSource[];
  /** Offered for these sources only. */
  readonly offeredFor: readonly PositionSource[];
  /** Why it is rejected for a source it is not accepted for. */
  readonly misconception: (type: PositionSource) => string;
}

const QUEUE_NOTE =
  'Queues have no starting position: Lambda always reads the oldest visible messages, and rejects StartingPosition.';

const POSITIONS: readonly PositionCandidate[] = [
  {
    text: 'StartingPosition LATEST',
    mapping: { StartingPosition: 'LATEST' },
    acceptedFor: ['kinesis', 'dynamodb'],
    offeredFor: ['kinesis', 'dynamodb', 'sqs'],
    misconception: () => QUEUE_NOTE,
  },
  {
    text: 'StartingPosition TRIM_HORIZON',
    mapping: { StartingPosition: 'TRIM_HORIZON' },
    acceptedFor: ['kinesis', 'dynamodb'],
    offeredFor: ['kinesis', 'dynamodb', 'sqs'],
    misconception: () => QUEUE_NOTE,
  },
  {
    text: 'StartingPosition AT_TIMESTAMP with a StartingPositionTimestamp',
    mapping: { StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: -10 },
    acceptedFor: ['kinesis'],
    offeredFor: ['kinesis', 'dynamodb', 'sqs'],
    misconception: (type) =>
      type === 'dynamodb'
        ? 'AT_TIMESTAMP works for Kinesis (and Kafka, MSK, DocumentDB), not for DynamoDB Streams.'
        : QUEUE_NOTE,
  },
  {
    text: 'StartingPosition AT_TIMESTAMP without a timestamp',
    mapping: { StartingPosition: 'AT_TIMESTAMP' },
    acceptedFor: [],
    offeredFor: ['kinesis', 'dynamodb'],
    misconception: (type) =>
      type === 'dynamodb'
        ? 'AT_TIMESTAMP is not supported for DynamoDB Streams at all.'
        : 'AT_TIMESTAMP needs StartingPositionTimestamp: Lambda must know where to start.',
  },
  {
    text: 'StartingPosition TRIM_HORIZON with a StartingPositionTimestamp',
    mapping: { StartingPosition: 'TRIM_HORIZON', StartingPositionTimestamp: -10 },
    acceptedFor: [],
    offeredFor: ['kinesis'],
    misconception: () => 'StartingPositionTimestamp goes only with AT_TIMESTAMP.',
  },
  {
    text: 'No StartingPosition at all',
    mapping: {},
    acceptedFor: ['sqs'],
    offeredFor: ['sqs'],
    misconception: () => '',
  },
];

const accepted: Template = {
  ...entry('starting-accepted'),
  generate(d) {
    const type = d.pick(['kinesis', 'dynamodb', 'sqs'] as const);
    const offered = d.sample(
      POSITIONS.filter((c) => c.offeredFor.includes(type)),
      4,
    );
    const options: OptionDraft[] = [];
    let shown: { run: Run; text: string } | null = null;
    for (const c of offered) {
      const draft: Draft = {
        durationSeconds: 20,
        seed: d.scenarioSeed(),
        source: { type },
        mapping: c.mapping,
        records: [
          { id: 'r1', at: -20 },
          { id: 'r2', at: -5 },
          { id: 'r3', at: 2 },
        ].map((x) => (type === 'sqs' ? { ...x, at: Math.max(0, x.at) } : x)),
      };
      const v = validate(draft);
      if (v.ok !== c.acceptedFor.includes(type)) continue;
      if (v.ok) {
        const r = run(draft);
        if (shown === null || c.text.includes('TRIM')) shown = { run: r, text: c.text };
        const got = delivered(r.report).reduce((n, i) => n + i.records.length, 0);
        options.push(
          claim(
            c.text,
            true,
            '',
            `Lambda accepts it; the function received ${plural(got, 'record')}.`,
          ),
        );
      } else {
        options.push(
          claim(
            c.text,
            false,
            c.misconception(type),
            `Lambda rejects it: ${v.problems.map((p) => p.message).join('; ')}`,
          ),
        );
      }
    }
    need(shown !== null && options.some((o) => !o.correct), 'layout');
    const first = delivered(shown.run.report)[0];
    need(first !== undefined, 'nothing delivered');
    const ex = new Explainer();
    ex.say(
      type === 'kinesis'
        ? 'Kinesis accepts LATEST, TRIM_HORIZON and AT_TIMESTAMP (with StartingPositionTimestamp, in Unix seconds); the timestamp goes only with AT_TIMESTAMP.'
        : type === 'dynamodb'
          ? 'DynamoDB Streams accept LATEST and TRIM_HORIZON only; AT_TIMESTAMP is for Kinesis, Kafka, MSK and DocumentDB.'
          : 'An SQS queue takes no StartingPosition: Lambda reads whatever messages are visible, oldest first.',
    );
    ex.say(`With "${shown.text}", ${ex.inv(first.n)} received ${list(first.records)}.`);
    const label =
      type === 'kinesis'
        ? 'a Kinesis stream'
        : type === 'dynamodb'
          ? 'a DynamoDB stream'
          : 'an SQS queue';
    return {
      setup: [
        `${A_SOURCE[type]}${type === 'sqs' ? '' : ' with one shard'}, and a new event source mapping for it. Each option is one setting of the CreateEventSourceMapping request; the simulator validates each one.`,
      ],
      prompt: `Which of these does Lambda accept for ${label}? Choose every one.`,
      options,
      keepOrder: true,
      explanation: ex,
      showMe: {
        scenario: shown.run.scenario,
        at: midOf(first),
        follow: null,
        highlight: [type === 'sqs' ? 'queue' : 'shard:0'],
        caption: `${shown.text}: the first batch.`,
      },
    };
  },
};

export const STARTING_TEMPLATES: readonly Template[] = [latestOrTrim, atTimestamp, accepted];
