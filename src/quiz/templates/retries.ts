/** MaximumRetryAttempts and MaximumRecordAgeInSeconds: when Lambda gives up on a stream batch. */
import { claim, numberAnswer, type Template } from '../define';
import { entry } from '../catalog';
import { invocationsWith, need, recordOf, round3, run, withStatus } from '../run';
import { Explainer, list, plural, secs } from '../text';
import { A_SOURCE, DESTINATION_ARNS, kinesisDraft, records, retriesText, rid } from './common';

const poisonInvocations: Template = {
  ...entry('retries-poison-invocations'),
  generate(d) {
    const type = d.pick(['kinesis', 'dynamodb'] as const);
    const batch = d.int(1, 5);
    const poison = d.int(1, batch);
    const retries = d.int(0, 4);
    const withDestination = d.chance(0.5);
    const r = run(
      kinesisDraft({
        type,
        durationSeconds: 90,
        seed: d.scenarioSeed(),
        mapping: {
          BatchSize: batch,
          MaximumRetryAttempts: retries,
          ...(withDestination
            ? { DestinationConfig: { OnFailure: { Destination: DESTINATION_ARNS.sqs } } }
            : {}),
        },
        records: records(batch + 2, { fail: { [poison]: -1 } }),
      }),
    );
    const invs = invocationsWith(r.report, rid(poison));
    const answer = invs.length;
    const [first, ...rest] = invs;
    const last = invs[invs.length - 1];
    need(first !== undefined && last !== undefined, 'never delivered');
    const status = recordOf(r.report, rid(poison)).status;
    const ex = new Explainer();
    ex.say(
      `${ex.inv(first.n)} was the first attempt${rest.length > 0 ? ` and ${ex.inv(rest.map((i) => i.n))} the ${plural(rest.length, 'retry', 'retries')}` : ''}: ` +
        `MaximumRetryAttempts ${retries} means ${retries} ${retries === 1 ? 'retry' : 'retries'} after the first attempt, so ${retries} + 1 = ${answer} invocations.`,
    );
    ex.say(
      status === 'sentToOnFailureDestination'
        ? `After ${ex.inv(last.n)} Lambda gave up and sent an invocation record to the on-failure destination (condition RetryAttemptsExhausted), and the shard moved on.`
        : `After ${ex.inv(last.n)} Lambda gave up and discarded the batch (there is no on-failure destination), and the shard moved on.`,
    );
    return {
      setup: [
        `${A_SOURCE[type]} with one shard, read from TRIM_HORIZON. BatchSize ${batch}.`,
        `Records r1–r${batch + 2} are written at t = 1 s; ${rid(poison)} fails on every delivery (the function throws).`,
        `${retriesText(retries)}, no bisect, ${withDestination ? 'an SQS on-failure destination' : 'no on-failure destination'}.`,
      ],
      prompt: `How many invocations contain ${rid(poison)}?`,
      number: numberAnswer(answer, 'invocations', [
        [
          retries,
          'MaximumRetryAttempts counts the retries after the first attempt: the first attempt comes on top.',
        ],
        [
          retries + 2,
          'Lambda gives up right after the last allowed retry fails; there is no extra final attempt.',
        ],
        [
          1,
          'A failed stream batch is retried: without MaximumRetryAttempts 0 there is more than one attempt.',
        ],
      ]),
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: round3(last.end + 0.01),
        follow: rid(poison),
        highlight: [`record:${rid(poison)}`, withDestination ? 'destination' : 'discard'],
        caption: `The last retry has failed: Lambda gives up on ${rid(poison)}'s batch.`,
      },
    };
  },
};

const whichLimit: Template = {
  ...entry('retries-which-limit'),
  generate(d) {
    const retries = d.pick([-1, 2, 3, 4, 6, 7, 8, 10]);
    const age = d.pick([60, 90]);
    const r = run(
      kinesisDraft({
        durationSeconds: age + 120,
        seed: d.scenarioSeed(),
        mapping: {
          BatchSize: 1,
          MaximumRetryAttempts: retries,
          MaximumRecordAgeInSeconds: age,
          DestinationConfig: { OnFailure: { Destination: DESTINATION_ARNS.sqs } },
        },
        records: records(1, { fail: { 1: -1 } }),
      }),
    );
    const entries = r.report.onFailureDestination.filter((e) =>
      e.records.includes(rid(1) as never),
    );
    const conditions = new Set(entries.map((e) => e.condition));
    const invs = invocationsWith(r.report, rid(1));
    const last = invs[invs.length - 1];
    need(last !== undefined, 'never delivered');
    const span = last.end - 1;
    const options = [
      claim(
        'RetryAttemptsExhausted: the retries run out first.',
        conditions.size === 1 && conditions.has('RetryAttemptsExhausted'),
        `The record age limit ran out first: MaximumRecordAgeInSeconds counts from when the record entered the stream, and the retries, with backoff between them, would have taken longer than ${age} s.`,
        `The on-failure record says ${list([...conditions]) || 'nothing'}.`,
      ),
      claim(
        'RecordAgeExceeded: the record gets too old first.',
        conditions.size === 1 && conditions.has('RecordAgeExceeded'),
        `The retries ran out first: ${retriesText(retries)} used up its retries in about ${secs(span)}, before the record was ${age} s old.`,
        `The on-failure record says ${list([...conditions]) || 'nothing'}.`,
      ),
      claim(
        'No on-failure record: the batch is retried until the record expires from the stream.',
        entries.length === 0,
        'With either limit set, Lambda gives up when the first one is hit and sends an invocation record to the destination.',
        entries.length === 0
          ? 'Nothing reached the destination.'
          : `${plural(entries.length, 'record')} reached the destination.`,
      ),
      claim(
        'Two on-failure records, one for each limit.',
        conditions.size === 2,
        'Lambda gives up once, at the first limit it hits: one invocation record, with that condition.',
        `${plural(entries.length, 'on-failure record')} arrived.`,
      ),
    ];
    const entry = entries[0];
    need(entry !== undefined, 'nothing sent');
    const ex = new Explainer();
    ex.say(
      `The record was written at t = 1 s and tried in ${ex.inv(invs.map((i) => i.n))}, with the backoff growing between retries (1 s, 2 s, 4 s … up to 30 s in this model).`,
    );
    ex.say(
      entry.condition === 'RecordAgeExceeded'
        ? `At ${secs(entry.at)} the record was over ${age} s old, before ${retries === -1 ? 'any retry limit (there is none: -1)' : `its ${retries} retries were used`}: Lambda sent the batch's invocation record with condition RecordAgeExceeded (approximateInvokeCount ${entry.approximateInvokeCount}).`
        : `After ${ex.inv(last.n)}, the last of its ${retries} retries, the retries were used up ${secs(span)} after the record arrived, before it was ${age} s old: condition RetryAttemptsExhausted (approximateInvokeCount ${entry.approximateInvokeCount}).`,
    );
    return {
      setup: [
        'A Kinesis stream with one shard, read from TRIM_HORIZON. BatchSize 1.',
        'Record r1 is written at t = 1 s and fails on every delivery (the function throws).',
        `${retriesText(retries)}, MaximumRecordAgeInSeconds ${age}, an SQS on-failure destination.`,
      ],
      prompt: 'What condition does the on-failure invocation record carry?',
      options,
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: round3(entry.at + 0.01),
        follow: rid(1),
        highlight: ['destination', `record:${rid(1)}`],
        caption: `The invocation record reaches the destination with ${entry.condition}.`,
      },
    };
  },
};

const recordsLost: Template = {
  ...entry('retries-records-lost'),
  generate(d) {
    const batch = d.int(3, 5);
    const n = batch * 3;
    const poison = batch + d.int(1, batch);
    const retries = d.int(0, 3);
    const r = run(
      kinesisDraft({
        durationSeconds: 60,
        seed: d.scenarioSeed(),
        mapping: { BatchSize: batch, MaximumRetryAttempts: retries },
        records: records(n, { fail: { [poison]: -1 } }),
      }),
    );
    const ok = withStatus(r.report, 'succeeded');
    const lost = withStatus(r.report, 'discarded');
    const answer = ok.length;
    need(lost.length > 1, 'only the poison was lost');
    const poisonInvs = invocationsWith(r.report, rid(poison));
    const last = poisonInvs[poisonInvs.length - 1];
    need(last !== undefined, 'never delivered');
    const ex = new Explainer();
    ex.say(
      `${rid(poison)}'s batch (${list(lost)}) failed in ${ex.inv(poisonInvs.map((i) => i.n))}: ${retries === 0 ? 'a single attempt, as MaximumRetryAttempts 0 allows no retry' : `the first attempt and ${plural(retries, 'retry', 'retries')}`}. Then Lambda discarded the whole batch, not just ${rid(poison)}: with no bisect and no partial batch response it cannot tell which record failed.`,
    );
    ex.say(
      `The shard then moved on, so the batches after it succeeded. ${answer} of the ${n} records were processed; ${lost.length} were discarded.`,
    );
    return {
      setup: [
        `A Kinesis stream with one shard, read from TRIM_HORIZON. BatchSize ${batch}.`,
        `Records r1–r${n} are written at t = 1 s; ${rid(poison)} fails on every delivery (the function throws).`,
        `${retriesText(retries)}, no bisect, no on-failure destination.`,
      ],
      prompt: 'How many records does the function process successfully?',
      number: numberAnswer(answer, 'records', [
        [
          n - 1,
          'When retries run out Lambda discards the whole failing batch, not only the record that failed.',
        ],
        [
          poison - 1,
          'The shard is not blocked forever: once MaximumRetryAttempts is used up, Lambda moves past the batch.',
        ],
        [n, 'The records of the failing batch are given up with it.'],
      ]),
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: round3(last.end + 0.01),
        follow: rid(poison),
        highlight: ['discard', 'shard:0'],
        caption: `The whole batch is discarded once the retries are used up.`,
      },
    };
  },
};

export const RETRIES_TEMPLATES: readonly Template[] = [poisonInvocations, whichLimit, recordsLost];
