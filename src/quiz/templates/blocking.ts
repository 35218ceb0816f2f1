/** Stream ordering and blocking: a failed batch is retried whole, and its shard waits. */
import { claim, numberAnswer, type OptionDraft, type Template } from '../define';
import { entry } from '../catalog';
import { invocationsWith, midOf, need, recordOf, round3, run, shardOfRecords } from '../run';
import { Explainer, list, times } from '../text';
import { A_SOURCE, kinesisDraft, records, retriesText, rid } from './common';

const wholeBatchRetried: Template = {
  ...entry('blocking-whole-batch-retried'),
  generate(d) {
    const type = d.pick(['kinesis', 'dynamodb'] as const);
    const batch = d.int(3, 6);
    const n = batch + d.int(1, 3);
    const k = d.int(1, batch);
    const j = d.pick([...Array(batch).keys()].map((i) => i + 1).filter((i) => i !== k));
    const fails = d.int(1, 3);
    const r = run(
      kinesisDraft({
        type,
        seed: d.scenarioSeed(),
        mapping: { BatchSize: batch },
        records: records(n, { fail: { [k]: fails } }),
      }),
    );
    const withJ = invocationsWith(r.report, rid(j));
    const first = withJ[0];
    need(first !== undefined && first.records.includes(rid(k) as never), 'not in one batch');
    const answer = withJ.length;
    const ex = new Explainer();
    const failed = withJ.filter((i) => i.result !== 'success').map((i) => i.n);
    const ok = withJ.filter((i) => i.result === 'success').map((i) => i.n);
    ex.say(
      `${rid(k)} fails ${fails === 1 ? 'its first delivery' : `its first ${fails} deliveries`}, and ${rid(j)} was in the same batch. ` +
        `Lambda retries a failed stream batch whole, in order, so ${rid(j)} came back every time: ` +
        `the batch failed in ${ex.inv(failed)} and succeeded in ${ex.inv(ok)}.`,
    );
    ex.say(
      `${rid(j)} reached the function ${times(answer)}. Only ReportBatchItemFailures (a partial batch response) lets Lambda retry less than the whole batch.`,
    );
    return {
      setup: [
        `${A_SOURCE[type]} with one shard, read from TRIM_HORIZON.`,
        `BatchSize ${batch}. ${n} records r1–r${n} are written at once at t = 1 s.`,
        `The function fails on ${rid(k)} ${fails === 1 ? 'the first time' : `the first ${fails} times`} it gets it, then succeeds. It throws an error (no partial batch response).`,
        `${retriesText(-1)}.`,
      ],
      prompt: `How many times does the function receive record ${rid(j)}?`,
      number: numberAnswer(answer, 'times', [
        [
          1,
          `Only the record that failed is retried? That is what a partial batch response does, and it is off here: a failed stream batch is retried whole, so ${rid(j)} comes back with it.`,
        ],
        [
          fails,
          `That counts only the retries: ${rid(j)}'s first delivery, in the batch that failed, counts too.`,
        ],
        [
          answer + 1,
          `The batch is retried until it succeeds and then not again: the successful invocation is the last one ${rid(j)} is in.`,
        ],
      ]),
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: midOf(withJ[1] ?? first),
        follow: rid(j),
        highlight: [`record:${rid(j)}`, 'batches:0'],
        caption: `The retry of the whole batch: ${rid(j)} is in it again although it did not fail.`,
      },
    };
  },
};

const otherShard: Template = {
  ...entry('blocking-other-shard'),
  generate(d) {
    const keys = ['user-1', 'user-2', 'user-3', 'user-4', 'user-5', 'user-6'];
    const n = 12;
    const poison = d.int(3, n - 2);
    const batch = d.int(2, 4);
    const r = run(
      kinesisDraft({
        shards: 2,
        seed: d.scenarioSeed(),
        mapping: { BatchSize: batch },
        records: records(n, {
          key: (i) => keys[(i - 1) % keys.length] ?? 'user-1',
          fail: { [poison]: -1 },
        }).map((rec, i) => ({ ...rec, at: 1 + Math.floor(i / 2) })),
      }),
    );
    const shardOf = shardOfRecords(r.report);
    const ps = shardOf.get(rid(poison));
    need(ps !== undefined, 'poison never delivered');
    const other = ps === 0 ? 1 : 0;
    const ids = [...Array(n).keys()].map((i) => rid(i + 1));
    const onOther = ids.filter((id) => shardOf.get(id) === other);
    need(onOther.length >= 2, 'too few records on the other shard');
    const poisonInvs = invocationsWith(r.report, rid(poison));
    const otherOk = onOther.every((id) => recordOf(r.report, id).status === 'succeeded');
    const otherNone = onOther.every((id) => recordOf(r.report, id).status !== 'succeeded');
    const mixed = poisonInvs.some((i) => i.records.some((id) => shardOf.get(id) === other));
    // "Skipped" is observable as Lambda having stopped retrying the poison record.
    const poisonLeft = recordOf(r.report, rid(poison)).status !== 'pending';
    const otherInvs = r.report.invocations
      .filter((i) => i.records.some((id) => shardOf.get(id) === other))
      .map((i) => i.n);
    const options: OptionDraft[] = [
      claim(
        `They are processed normally: only shard ${ps} waits.`,
        otherOk,
        'Shard blocking is per shard.',
        `Shard ${other}'s records ${otherOk ? 'all succeeded' : 'did not all succeed'}.`,
      ),
      claim(
        'They wait too: a failing batch stops the whole event source mapping until the record expires.',
        otherNone,
        'Each shard has its own iterator. A failing batch blocks only its own shard, so the other shard keeps going.',
        `Shard ${other}'s records ${otherNone ? 'never succeeded' : 'were processed'}.`,
      ),
      claim(
        "They are retried together with the poison record's batch.",
        mixed,
        'A batch only ever holds records of one shard, and a retry resends that same batch.',
        mixed ? 'A batch mixed both shards.' : `No invocation held records of both shards.`,
      ),
      claim(
        'Lambda skips the poison record, and both shards carry on.',
        poisonLeft,
        `With ${retriesText(-1)} nothing is skipped: to keep order, Lambda retries the poison record's batch until the record expires, and its shard waits behind it.`,
        poisonLeft
          ? `Lambda stopped retrying ${rid(poison)}.`
          : `Lambda was still retrying ${rid(poison)} at the end.`,
      ),
    ];
    const ex = new Explainer();
    const shown = poisonInvs.map((i) => i.n);
    ex.say(
      `${rid(poison)} went to shard ${ps}. Its batch failed in ${ex.inv(shown)}: Lambda kept retrying it and shard ${ps} stayed blocked for the whole run.`,
    );
    ex.say(
      `Shard ${other} has its own iterator: its records (${list(onOther)}) went in ${ex.inv(otherInvs)} and succeeded. A poison record blocks its own shard only.`,
    );
    const last = poisonInvs[Math.min(2, poisonInvs.length - 1)];
    return {
      setup: [
        'A Kinesis stream with two shards, read from TRIM_HORIZON.',
        `BatchSize ${batch}. Records r1–r${n} are written two per second from t = 1 s, on partition keys user-1 … user-6.`,
        `Record ${rid(poison)} fails on every delivery (a poison record); it hashed to shard ${ps}.`,
        `${retriesText(-1)}, no bisect, no on-failure destination.`,
      ],
      prompt: `What happens to the records on shard ${other} during the first minute?`,
      options,
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: last === undefined ? 10 : round3(Math.max(midOf(last), 8)),
        follow: rid(poison),
        highlight: [`shard:${ps}`, `shard:${other}`],
        caption: `Shard ${ps} is blocked behind ${rid(poison)}; shard ${other} keeps going.`,
      },
    };
  },
};

const whichProcessed: Template = {
  ...entry('blocking-which-processed'),
  generate(d) {
    const batch = d.int(2, 4);
    const n = batch * 3;
    // The poison record is not first in its batch, and at least one full batch comes before it.
    const poisonBatch = d.int(1, 2);
    const poison = poisonBatch * batch + d.int(2, batch);
    const r = run(
      kinesisDraft({
        seed: d.scenarioSeed(),
        mapping: { BatchSize: batch },
        records: records(n, { fail: { [poison]: -1 } }),
      }),
    );
    const poisonInvs = invocationsWith(r.report, rid(poison));
    const first = poisonInvs[0];
    need(first !== undefined, 'poison never delivered');
    const sameBatch = new Set<string>(first.records);
    const all = [...Array(n).keys()].map((i) => rid(i + 1));
    const earlier = all.slice(0, poison - 1).filter((id) => !sameBatch.has(id));
    const mates = all.slice(0, poison - 1).filter((id) => sameBatch.has(id));
    const after = all.slice(poison).filter((id) => !sameBatch.has(id));
    const matesAfter = all.slice(poison).filter((id) => sameBatch.has(id));
    need(earlier.length > 0 && mates.length > 0 && after.length > 0, 'layout');
    const picks = [
      ...d.sample(earlier, Math.min(2, earlier.length)),
      d.pick(mates),
      ...d.sample([...matesAfter, ...after], 2),
    ];
    const ids = [...new Set(picks)].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    const options = ids.map((id) => {
      const ok = recordOf(r.report, id).status === 'succeeded';
      const why = mates.includes(id)
        ? `${id} came before the poison record but was in the same batch: a failed batch is retried whole, and none of it is checkpointed while it keeps failing.`
        : sameBatch.has(id)
          ? `${id} was in the poison record's batch: a failed batch is retried whole, so ${id} is retried with it and never checkpointed.`
          : `${id} comes after the poison record on the same shard: the shard is processed in order, so ${id} waits behind the blocked batch.`;
      return claim(
        id,
        ok,
        why,
        ok ? `${id} succeeded.` : `${id} was ${recordOf(r.report, id).status} at the end.`,
      );
    });
    const ex = new Explainer();
    const okInvs = r.report.invocations
      .filter((i) => i.result === 'success' && !i.records.includes(rid(poison) as never))
      .map((i) => i.n);
    ex.say(
      `The batches before the poison record's succeeded in ${ex.inv(okInvs)}: ${list(earlier)} were checkpointed.`,
    );
    ex.say(
      `${rid(poison)}'s batch (${list([...sameBatch])}) failed in ${ex.inv(poisonInvs.map((i) => i.n))}. ` +
        `Lambda retries it whole until the record expires, so ${list(mates)} never succeeded although ${mates.length === 1 ? 'it comes' : 'they come'} first, and ${list(after)} waited behind it.`,
    );
    return {
      setup: [
        'A Kinesis stream with one shard, read from TRIM_HORIZON.',
        `BatchSize ${batch}. Records r1–r${n} are written at once at t = 1 s.`,
        `Record ${rid(poison)} fails on every delivery (a poison record). The function throws.`,
        `${retriesText(-1)}, no bisect, no on-failure destination. The run lasts 60 s.`,
      ],
      prompt:
        'Which of these records has the function processed successfully by the end of the run? Choose every one.',
      options,
      keepOrder: true,
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: midOf(poisonInvs[1] ?? first),
        follow: rid(poison),
        highlight: ['shard:0', `record:${rid(poison)}`],
        caption: `${rid(poison)}'s batch is retried whole; the records behind it wait.`,
      },
    };
  },
};

export const BLOCKING_TEMPLATES: readonly Template[] = [
  wholeBatchRetried,
  otherShard,
  whichProcessed,
];
