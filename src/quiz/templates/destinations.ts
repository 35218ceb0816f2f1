/** On-failure destinations of stream mappings: what they receive, and for which records. */
import { claim, numberAnswer, type Template } from '../define';
import { entry } from '../catalog';
import { invocationsWith, need, round3, run } from '../run';
import { Explainer, list, plural } from '../text';
import {
  A_SOURCE,
  DESTINATION_ARNS,
  DESTINATION_NAMES,
  kinesisDraft,
  records,
  retriesText,
  rid,
} from './common';

const payload: Template = {
  ...entry('destinations-payload'),
  generate(d) {
    const type = d.pick(['kinesis', 'dynamodb'] as const);
    const kind = d.pick(['sqs', 'sns', 's3'] as const);
    const batch = d.int(2, 5);
    const poison = d.int(1, batch);
    const r = run(
      kinesisDraft({
        type,
        durationSeconds: 40,
        seed: d.scenarioSeed(),
        mapping: {
          BatchSize: batch,
          MaximumRetryAttempts: 1,
          DestinationConfig: { OnFailure: { Destination: DESTINATION_ARNS[kind] } },
        },
        records: records(batch, { fail: { [poison]: -1 } }),
      }),
    );
    const entries = r.report.onFailureDestination;
    const entry = entries[0];
    need(entry !== undefined, 'nothing sent');
    const info =
      entry.invocationRecord.KinesisBatchInfo ?? entry.invocationRecord.DDBStreamBatchInfo;
    need(info !== undefined, 'no batch info');
    const metadataOnly = entries.every((e) => e.invocationRecord.payload === undefined);
    const withPayload = entries.every((e) => e.invocationRecord.payload !== undefined);
    const perRecord = entries.length === batch && entries.every((e) => e.records.length === 1);
    const field = type === 'kinesis' ? 'KinesisBatchInfo' : 'DDBStreamBatchInfo';
    const options = [
      claim(
        `Metadata only: the shard, the first and last sequence numbers and batchSize (${field}). The records must be read again from the stream.`,
        metadataOnly,
        'An S3 destination gets the metadata plus the whole original invocation event (payload); SQS and SNS destinations get the metadata only.',
        metadataOnly
          ? 'The invocation record has no payload.'
          : 'The invocation record carries a payload.',
      ),
      claim(
        'The metadata plus the whole original invocation event, records included, as payload.',
        withPayload,
        'SQS and SNS destinations receive metadata only; only an S3 destination also gets the original event (payload).',
        withPayload
          ? 'The invocation record carries a payload.'
          : 'The invocation record has no payload.',
      ),
      claim(
        'One message per failed record, each holding that record’s data.',
        perRecord,
        'Lambda sends one invocation record per failed batch, describing its range of sequence numbers; it does not send records one by one.',
        `${plural(entries.length, 'invocation record')} for ${plural(entry.batchSize, 'record')}.`,
      ),
      claim(
        'Nothing: on-failure destinations are only for asynchronous invocations.',
        entries.length === 0,
        'Stream event source mappings have their own on-failure destination (DestinationConfig.OnFailure) for batches Lambda gives up on.',
        `${plural(entries.length, 'invocation record')} arrived.`,
      ),
    ];
    const poisonInvs = invocationsWith(r.report, rid(poison)).map((i) => i.n);
    const ex = new Explainer();
    ex.say(
      `The batch failed in ${ex.inv(poisonInvs)} (${retriesText(1)}), and Lambda sent one invocation record to ${DESTINATION_NAMES[kind]}: condition ${entry.condition}, and ${field} with the shard (${info.shardId}), the first and last sequence numbers of the batch and batchSize ${info.batchSize}.`,
    );
    ex.say(
      kind === 's3'
        ? 'An S3 destination also gets the original invocation event as payload, so the failed records are kept with it.'
        : `${kind === 'sqs' ? 'An SQS' : 'An SNS'} destination gets no records, only where to find them: read them from the stream before retention removes them.`,
    );
    return {
      setup: [
        `${A_SOURCE[type]} with one shard, read from TRIM_HORIZON. BatchSize ${batch}, ${retriesText(1)}.`,
        `Records r1–r${batch} are written at t = 1 s; ${rid(poison)} fails on every delivery.`,
        `The on-failure destination is ${DESTINATION_NAMES[kind]}.`,
      ],
      prompt: `What does the ${kind === 's3' ? 'S3 bucket' : kind === 'sqs' ? 'SQS queue' : 'SNS topic'} receive when Lambda gives up on the batch?`,
      options,
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: round3(entry.at + 0.01),
        follow: rid(poison),
        highlight: ['destination'],
        caption: 'The invocation record arrives at the destination.',
      },
    };
  },
};

const batchSizeField: Template = {
  ...entry('destinations-batch-size'),
  generate(d) {
    const batch = d.int(3, 6);
    const poison = d.int(1, batch);
    const bisect = d.chance(0.5);
    const retries = d.int(0, 2);
    const r = run(
      kinesisDraft({
        durationSeconds: 60,
        seed: d.scenarioSeed(),
        mapping: {
          BatchSize: batch,
          MaximumRetryAttempts: retries,
          BisectBatchOnFunctionError: bisect,
          DestinationConfig: { OnFailure: { Destination: DESTINATION_ARNS.sqs } },
        },
        records: records(batch, { fail: { [poison]: -1 } }),
      }),
    );
    const entry = r.report.onFailureDestination.find((e) =>
      e.records.includes(rid(poison) as never),
    );
    need(entry !== undefined, 'nothing sent');
    const answer = entry.batchSize;
    const invs = invocationsWith(r.report, rid(poison));
    const last = invs[invs.length - 1];
    need(last !== undefined, 'never delivered');
    const ex = new Explainer();
    ex.say(
      bisect
        ? `Bisect split the failing batch: ${rid(poison)} was in ${ex.inv(invs.map((i) => i.n))}, the halves shrinking until ${ex.inv(last.n)} held ${list(last.records)}. When that piece used up its retries, its invocation record covered that piece only: batchSize ${answer}.`
        : `Without bisect, the whole batch failed in ${ex.inv(invs.map((i) => i.n))}, so the invocation record covers all of it: ${list(entry.records)}, batchSize ${answer}.`,
    );
    return {
      setup: [
        `A Kinesis stream with one shard, read from TRIM_HORIZON. BatchSize ${batch}, ${retriesText(retries)}, BisectBatchOnFunctionError ${bisect}.`,
        `Records r1–r${batch} are written at t = 1 s; ${rid(poison)} fails on every delivery.`,
        'The on-failure destination is an SQS queue.',
      ],
      prompt: `What batchSize does the on-failure invocation record for ${rid(poison)} show?`,
      number: numberAnswer(answer, 'records', [
        [
          1,
          'Without bisect Lambda gives up on the whole batch, so the invocation record describes every record of it.',
        ],
        [
          batch,
          'Bisect split the batch, and the piece Lambda gave up on is smaller than the original batch.',
        ],
        [0, 'batchSize counts the records the given-up piece covers, at least one.'],
      ]),
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: round3(entry.at + 0.01),
        follow: rid(poison),
        highlight: ['destination'],
        caption: `The invocation record: batchSize ${answer}.`,
      },
    };
  },
};

const whichRecords: Template = {
  ...entry('destinations-which-records'),
  generate(d) {
    const batch = d.int(3, 4);
    const n = batch * 3;
    const poison = batch + d.int(1, batch);
    const r = run(
      kinesisDraft({
        durationSeconds: 40,
        seed: d.scenarioSeed(),
        mapping: {
          BatchSize: batch,
          MaximumRetryAttempts: 1,
          DestinationConfig: { OnFailure: { Destination: DESTINATION_ARNS.sqs } },
        },
        records: records(n, { fail: { [poison]: -1 } }),
      }),
    );
    const covered = new Set(
      r.report.onFailureDestination.flatMap((e) => e.records as readonly string[]),
    );
    const all = [...Array(n).keys()].map((i) => rid(i + 1));
    const inBatch = all.filter((id) => covered.has(id) && id !== rid(poison));
    const outside = all.filter((id) => !covered.has(id));
    need(inBatch.length > 0 && outside.length > 1, 'layout');
    const ids = [
      rid(poison),
      ...d.sample(inBatch, Math.min(2, inBatch.length)),
      ...d.sample(outside, 2),
    ].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    const options = ids.map((id) =>
      claim(
        id,
        covered.has(id),
        `${id} was in another batch, which succeeded: the on-failure record covers only the batch Lambda gave up on.`,
        covered.has(id) ? `${id} is in the on-failure record's range.` : `${id} succeeded.`,
      ),
    );
    const invs = invocationsWith(r.report, rid(poison));
    const entry = r.report.onFailureDestination[0];
    need(entry !== undefined, 'nothing sent');
    const ex = new Explainer();
    ex.say(
      `${rid(poison)}'s batch (${list([...covered])}) failed in ${ex.inv(invs.map((i) => i.n))}. Lambda gave up on the whole batch and its invocation record covers that batch's sequence-number range: batchSize ${entry.batchSize}, the good records included.`,
    );
    ex.say('The batches before and after it succeeded; the destination knows nothing of them.');
    return {
      setup: [
        `A Kinesis stream with one shard, read from TRIM_HORIZON. BatchSize ${batch}, ${retriesText(1)}, no bisect, an SQS on-failure destination.`,
        `Records r1–r${n} are written at t = 1 s; ${rid(poison)} fails on every delivery (the function throws).`,
      ],
      prompt:
        'Which of these records are covered by the on-failure invocation record? Choose every one.',
      options,
      keepOrder: true,
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: round3(entry.at + 0.01),
        follow: rid(poison),
        highlight: ['destination', 'shard:0'],
        caption: 'The whole failed batch is described in the invocation record.',
      },
    };
  },
};

export const DESTINATIONS_TEMPLATES: readonly Template[] = [payload, batchSizeField, whichRecords];
