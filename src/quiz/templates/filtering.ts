/** Event filtering (FilterCriteria): what reaches the function, and what happens to the rest. */
import { claim, numberAnswer, type Template } from '../define';
import { entry } from '../catalog';
import { delivered, midOf, need, recordOf, run, runDetailed } from '../run';
import { Explainer, list, plural } from '../text';
import type { RecordDraft } from '../../scenarios/build';

const TYPES = ['order', 'refund', 'test'] as const;

/** Records with JSON bodies {"type": …, "amount": …}. */
function typedRecords(
  d: Parameters<Template['generate']>[0],
  n: number,
  prefix: string,
): RecordDraft[] {
  return [...Array(n).keys()].map((i) => ({
    id: `${prefix}${i + 1}`,
    at: 1 + i * 0.5,
    body: JSON.stringify({ type: d.pick(TYPES), amount: d.int(1, 20) * 5 }),
  }));
}

const bodyOf = (r: RecordDraft): { type: string; amount: number } =>
  JSON.parse(r.body ?? '{}') as { type: string; amount: number };

const count: Template = {
  ...entry('filtering-count'),
  generate(d) {
    const type = d.pick(['sqs', 'kinesis'] as const);
    const field = type === 'sqs' ? 'body' : 'data';
    const n = d.int(6, 10);
    const recs = typedRecords(d, n, type === 'sqs' ? 'm' : 'r');
    const wanted = d.pick(TYPES);
    const min = d.chance(0.5) ? d.pick([20, 40, 60]) : null;
    const inner: Record<string, unknown> = { type: [wanted] };
    if (min !== null) inner.amount = [{ numeric: ['>=', min] }];
    const pattern = JSON.stringify({ [field]: inner });
    const r = run({
      durationSeconds: 20,
      seed: d.scenarioSeed(),
      source: { type },
      mapping: {
        BatchSize: 10,
        FilterCriteria: { Filters: [{ Pattern: pattern }] },
        ...(type === 'kinesis' ? { StartingPosition: 'TRIM_HORIZON' as const } : {}),
      },
      records: recs,
    });
    const passed = recs
      .filter((rec) => recordOf(r.report, rec.id).deliveries > 0)
      .map((rec) => rec.id);
    const answer = passed.length;
    const invs = delivered(r.report);
    need(invs.length > 0 && answer < n, 'nothing filtered or nothing passed');
    const typeOnly = recs.filter((rec) => bodyOf(rec).type === wanted).length;
    const ex = new Explainer();
    ex.say(
      `The filter keeps ${field} with type "${wanted}"${min === null ? '' : ` and amount ≥ ${min}`}: ${list(passed)}. Lambda applies it before batching, so ${ex.inv(invs.map((i) => i.n))} received only those, ${plural(answer, 'record')} in all; the function never saw the rest.`,
    );
    return {
      setup: [
        `${type === 'sqs' ? 'An SQS standard queue' : 'A Kinesis stream (one shard, TRIM_HORIZON)'}, BatchSize 10, with FilterCriteria pattern ${pattern}.`,
        `${type === 'sqs' ? 'Messages' : 'Records'}: ${recs.map((rec) => `${rec.id} ${rec.body ?? ''}`).join('; ')}.`,
      ],
      prompt: `How many ${type === 'sqs' ? 'messages' : 'records'} reach the function?`,
      number: numberAnswer(answer, type === 'sqs' ? 'messages' : 'records', [
        [
          n,
          'Filtering happens in the event source mapping, before Lambda invokes: records that do not match never reach the function.',
        ],
        [n - answer, 'The filter says which records to keep, not which to drop.'],
        [
          typeOnly,
          'Every field in a filter pattern must match: the numeric condition on amount applies too.',
        ],
      ]),
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: midOf(invs[0] ?? delivered(r.report)[0]!),
        follow: null,
        highlight: ['function', type === 'sqs' ? 'queue' : 'shard:0'],
        caption: 'Only matching records reach the function.',
      },
    };
  },
};

const sqsFate: Template = {
  ...entry('filtering-sqs-fate'),
  generate(d) {
    const n = d.int(5, 8);
    const recs = typedRecords(d, n, 'm');
    const wanted = d.pick(TYPES);
    const max = d.int(2, 4);
    const r = runDetailed({
      durationSeconds: 60,
      seed: d.scenarioSeed(),
      source: { type: 'sqs', VisibilityTimeout: 10, RedrivePolicy: { maxReceiveCount: max } },
      mapping: {
        BatchSize: 10,
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ body: { type: [wanted] } }) }] },
      },
      records: recs,
    });
    const out = recs.filter((rec) => bodyOf(rec).type !== wanted).map((rec) => rec.id);
    need(out.length > 0 && out.length < n, 'layout');
    const statuses = new Set(out.map((id) => recordOf(r.report, id).status));
    const delivered0 = out.every((id) => recordOf(r.report, id).deliveries === 0);
    const queueEnd = r.end.queue;
    need(queueEnd !== null, 'no queue');
    const options = [
      claim(
        'Lambda deletes them from the queue without invoking the function.',
        statuses.size === 1 &&
          statuses.has('filtered') &&
          delivered0 &&
          queueEnd.visibleCount === 0,
        'For SQS, messages that do not match are deleted automatically.',
        `They ended ${[...statuses].join(', ')}; ${queueEnd.visibleCount} messages were left visible.`,
      ),
      claim(
        'They stay in the queue, and are received again after the visibility timeout.',
        out.some((id) => recordOf(r.report, id).status === 'pending'),
        'A message Lambda filters out is deleted; it does not come back after the visibility timeout. (Streams are different: the record stays in the stream and the iterator moves past it.)',
        `${queueEnd.visibleCount + queueEnd.inFlightCount} messages were still in the queue at the end.`,
      ),
      claim(
        `They move to the dead-letter queue after maxReceiveCount (${max}) receives.`,
        out.some((id) => recordOf(r.report, id).status === 'movedToDlq'),
        'Filtered messages are deleted at once; they are not failures, so they never reach the DLQ.',
        `${r.report.deadLetterQueue.length} messages reached the DLQ.`,
      ),
      claim(
        'The function gets them, flagged as filtered, and must skip them itself.',
        !delivered0,
        'The filter is applied by the event source mapping before invoking: the function never sees messages that do not match.',
        delivered0 ? 'No invocation held them.' : 'An invocation held them.',
      ),
    ];
    const invs = delivered(r.report);
    const first = invs[0];
    need(first !== undefined, 'nothing delivered');
    const ex = new Explainer();
    ex.say(
      `${list(out)} did not match the filter: Lambda deleted them from the queue (status filtered) and never invoked the function for them. ${ex.inv(invs.map((i) => i.n))} received only the "${wanted}" messages.`,
    );
    ex.say(
      'Filtering SQS messages saves invocations but loses the rest for good: a message filtered out cannot be read by this mapping again.',
    );
    return {
      setup: [
        `An SQS standard queue (VisibilityTimeout 10, a DLQ with maxReceiveCount ${max}). BatchSize 10, FilterCriteria pattern {"body":{"type":["${wanted}"]}}.`,
        `Messages: ${recs.map((rec) => `${rec.id} ${rec.body ?? ''}`).join('; ')}.`,
      ],
      prompt: `What happens to the messages whose type is not "${wanted}"?`,
      options,
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: midOf(first),
        follow: out[0] ?? null,
        highlight: ['queue', 'function'],
        caption: 'Non-matching messages are deleted; only matching ones are invoked.',
      },
    };
  },
};

const streamFate: Template = {
  ...entry('filtering-stream-fate'),
  generate(d) {
    const n = d.int(5, 8);
    const recs = typedRecords(d, n, 'r');
    const wanted = d.pick(TYPES);
    const r = runDetailed({
      durationSeconds: 30,
      seed: d.scenarioSeed(),
      source: { type: 'kinesis' },
      mapping: {
        BatchSize: 10,
        StartingPosition: 'TRIM_HORIZON',
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ data: { type: [wanted] } }) }] },
      },
      records: recs,
    });
    const out = recs.filter((rec) => bodyOf(rec).type !== wanted).map((rec) => rec.id);
    const kept = recs.filter((rec) => bodyOf(rec).type === wanted).map((rec) => rec.id);
    need(out.length > 0 && kept.length > 0, 'layout');
    const shard = r.end.shards?.[0];
    need(shard !== undefined, 'no shard');
    const inStream = shard.totalRecords;
    const neverDelivered = out.every((id) => recordOf(r.report, id).deliveries === 0);
    const options = [
      claim(
        'The iterator moves past them; they stay in the stream until retention removes them.',
        neverDelivered &&
          inStream === n &&
          kept.every((id) => recordOf(r.report, id).status === 'succeeded'),
        'Lambda cannot delete from a stream: a record that does not match is skipped by this mapping and stays for other consumers until it expires.',
        `${inStream} of ${n} records were still in the shard at the end.`,
      ),
      claim(
        'Lambda deletes them from the stream.',
        inStream < n,
        'Streams are not queues: nothing is deleted from a Kinesis stream by reading it. Only retention removes records.',
        `${inStream} of ${n} records were still in the shard at the end.`,
      ),
      claim(
        'They block the shard until they expire.',
        kept.some((id) => recordOf(r.report, id).status !== 'succeeded'),
        'A filtered record is not a failure: the iterator moves past it and the shard carries on.',
        `The matching records ${kept.every((id) => recordOf(r.report, id).status === 'succeeded') ? 'all succeeded' : 'did not all succeed'}.`,
      ),
      claim(
        'The function gets them, flagged as filtered, and must skip them itself.',
        !neverDelivered,
        'The filter is applied by the event source mapping before invoking: the function never sees records that do not match.',
        neverDelivered ? 'No invocation held them.' : 'An invocation held them.',
      ),
    ];
    const invs = delivered(r.report);
    const first = invs[0];
    need(first !== undefined, 'nothing delivered');
    const ex = new Explainer();
    ex.say(
      `${ex.inv(invs.map((i) => i.n))} received only ${list(kept)}. ${list(out)} did not match: the iterator moved past them (status filtered), and at the end the shard still held all ${inStream} records.`,
    );
    ex.say(
      'On a stream, filtering only decides what this mapping invokes with; the data stays in the stream for other consumers until retention ends.',
    );
    return {
      setup: [
        `A Kinesis stream (one shard, 24 h retention). BatchSize 10, TRIM_HORIZON, FilterCriteria pattern {"data":{"type":["${wanted}"]}}.`,
        `Records: ${recs.map((rec) => `${rec.id} ${rec.body ?? ''}`).join('; ')}.`,
      ],
      prompt: `What happens to the records whose type is not "${wanted}"?`,
      options,
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: midOf(first),
        follow: out[0] ?? null,
        highlight: ['shard:0'],
        caption: 'Filtered records stay in the shard; the iterator moves past them.',
      },
    };
  },
};

export const FILTERING_TEMPLATES: readonly Template[] = [count, sqsFate, streamFate];
