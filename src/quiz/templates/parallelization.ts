/** ParallelizationFactor: concurrent batches per shard, ordered per partition key. */
import {
  claim,
  fixOptions,
  numberAnswer,
  type FixCandidate,
  type FixJudge,
  type Template,
} from '../define';
import { entry } from '../catalog';
import {
  delivered,
  invocationsWith,
  need,
  peakConcurrency,
  recordOf,
  run,
  runDetailed,
  type Draft,
  type Run,
} from '../run';
import { Explainer, list, plural, secs } from '../text';
import { kinesisDraft, records, retriesText, rid } from './common';

const peak: Template = {
  ...entry('parallelization-peak-concurrency'),
  generate(d) {
    const shards = d.int(1, 3);
    const factor = d.int(2, 5);
    const keys = d.pick([3, 6, 12, 24]);
    const r = runDetailed(
      kinesisDraft({
        shards,
        durationSeconds: 20,
        seed: d.scenarioSeed(),
        mapping: { BatchSize: 10, ParallelizationFactor: factor },
        function: { durationSeconds: { base: 1.5 } },
        producers: [{ ratePerSecond: 20, keys, from: 0, until: 8 }],
      }),
    );
    const p = peakConcurrency(r.report);
    const answer = p.value;
    const lanes = new Set<string>();
    for (const e of r.events) if (e.kind === 'batchSent') lanes.add(`${e.shardId}/${e.slot}`);
    const ex = new Explainer();
    ex.say(
      `At ${secs(p.at)}, ${ex.inv(p.running)} were running at the same time: ${plural(answer, 'invocation')}.`,
    );
    ex.say(
      answer === shards * factor
        ? `That is the ceiling: ${shards} ${shards === 1 ? 'shard' : 'shards'} × ParallelizationFactor ${factor}. Each shard runs up to ${factor} batches at once, each batch holding keys that hash to it, so every key stays in order.`
        : `The ceiling is ${shards} × ${factor} = ${shards * factor}, but a shard's keys are spread over its ${factor} concurrent batches by hash, and the ${keys} keys reached only ${lanes.size} of the ${shards * factor} batch slots. Records of one key never run in two batches at once.`,
    );
    return {
      setup: [
        `A Kinesis stream with ${plural(shards, 'shard')}, read from TRIM_HORIZON.`,
        `BatchSize 10, ParallelizationFactor ${factor}.`,
        `20 records per second for 8 s, on ${keys} partition keys spread over the shards.`,
        'Each invocation takes 1.5 s; nothing fails. The account has plenty of concurrency.',
      ],
      prompt: 'What is the largest number of invocations running at the same time?',
      number: numberAnswer(answer, 'invocations', [
        [shards, 'One invocation per shard holds only with ParallelizationFactor 1.'],
        [factor, `ParallelizationFactor is per shard: the stream has ${plural(shards, 'shard')}.`],
        [
          shards * factor,
          `${shards} × ${factor} is the ceiling, but a shard can only run as many batches as its keys fill: ordering is per key, so one key never runs in two batches.`,
        ],
        [
          keys,
          'Lambda does not run one invocation per partition key: keys share the concurrent batches of their shard.',
        ],
      ]),
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: p.at + 0.05,
        follow: null,
        highlight: ['concurrency', 'batches:0'],
        caption: `${plural(answer, 'invocation')} at once: the concurrent batches per shard.`,
      },
    };
  },
};

/** Partition keys to draw from: which of them share a batch slot depends on their hash. */
const KEY_POOL: readonly string[] = [...Array(40).keys()].map((i) => `user-${i + 1}`);

const blockedKeys: Template = {
  ...entry('parallelization-blocked-keys'),
  generate(d) {
    const factor = d.int(2, 3);
    const keys = d.sample(KEY_POOL, 6);
    const n = 12;
    const poison = d.int(1, n);
    const poisonKey = keys[(poison - 1) % keys.length] ?? 'user-a';
    const r = runDetailed(
      kinesisDraft({
        seed: d.scenarioSeed(),
        mapping: { BatchSize: 4, ParallelizationFactor: factor },
        records: records(n, {
          key: (i) => keys[(i - 1) % keys.length] ?? 'user-a',
          fail: { [poison]: -1 },
        }).map((rec, i) => ({ ...rec, at: 1 + Math.floor(i / keys.length) })),
      }),
    );
    const keyOf = (i: number): string => keys[(i - 1) % keys.length] ?? 'user-a';
    const waiting = new Set<string>();
    for (let i = 1; i <= n; i++) {
      if (recordOf(r.report, rid(i)).status !== 'succeeded') waiting.add(keyOf(i));
    }
    const others = keys.filter((k) => k !== poisonKey);
    need(
      others.some((k) => waiting.has(k)) && others.some((k) => !waiting.has(k)),
      'no key shares the lane',
    );
    const slotOfRecord = new Map<string, number>();
    for (const e of r.events) {
      if (e.kind === 'batchSent') for (const id of e.recordIds) slotOfRecord.set(id, e.slot);
    }
    const poisonSlot = slotOfRecord.get(rid(poison));
    const options = others.map((k) =>
      claim(
        k,
        waiting.has(k),
        `${k}'s records were in another of the shard's ${factor} concurrent batches. A failing batch blocks only its own batch slot, so keys that hash elsewhere carry on.`,
        waiting.has(k)
          ? `${k} still had records waiting at the end.`
          : `All of ${k}'s records succeeded.`,
      ),
    );
    const ex = new Explainer();
    const poisonInvs = invocationsWith(r.report, rid(poison)).map((i) => i.n);
    const sharing = others.filter((k) => waiting.has(k));
    ex.say(
      `With ParallelizationFactor ${factor} the shard runs ${factor} batches at once, and each partition key hashes to one of them. ${rid(poison)} (key ${poisonKey}) failed in ${ex.inv(poisonInvs)} and its batch slot${poisonSlot === undefined ? '' : ` (${poisonSlot + 1} of ${factor})`} stayed blocked.`,
    );
    ex.say(
      `${list(sharing)} ${sharing.length === 1 ? 'hashes' : 'hash'} to the same slot, so ${sharing.length === 1 ? 'its' : 'their'} records waited behind the poison record: order is kept per key, and a blocked slot holds every key in it. The other keys were processed.`,
    );
    return {
      setup: [
        'A Kinesis stream with one shard, read from TRIM_HORIZON.',
        `BatchSize 4, ParallelizationFactor ${factor}. ${retriesText(-1)}.`,
        `Two records on each of the keys ${list(keys)}, written from t = 1 s.`,
        `Record ${rid(poison)}, on key ${poisonKey}, fails on every delivery. The run lasts 60 s.`,
      ],
      prompt: `Besides ${poisonKey}, which keys still have records waiting at the end of the run? Choose every one.`,
      options,
      keepOrder: true,
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: 20,
        follow: rid(poison),
        highlight: ['batches:0', `record:${rid(poison)}`],
        caption: `One batch slot is blocked by ${rid(poison)}; the other slots keep going.`,
      },
    };
  },
};

const FIX_LAG: readonly FixCandidate[] = [
  {
    text: 'Set ParallelizationFactor to 4',
    apply: (b) => ({ ...b, mapping: { ...b.mapping, ParallelizationFactor: 4 } }),
    meant: 'fix',
    misconception: '',
  },
  {
    text: 'Set ParallelizationFactor to 10',
    apply: (b) => ({ ...b, mapping: { ...b.mapping, ParallelizationFactor: 10 } }),
    meant: 'fix',
    misconception: '',
  },
  {
    text: 'Set the function’s ReservedConcurrentExecutions to 100',
    apply: (b) => ({ ...b, function: { ...b.function, ReservedConcurrentExecutions: 100 } }),
    meant: 'wrong',
    misconception:
      'A stream runs at most shards × ParallelizationFactor invocations at once; reserving concurrency does not add batches per shard.',
  },
  {
    text: 'Set MaximumBatchingWindowInSeconds to 5',
    apply: (b) => ({ ...b, mapping: { ...b.mapping, MaximumBatchingWindowInSeconds: 5 } }),
    meant: 'wrong',
    misconception:
      'A batching window makes Lambda wait to gather records: it adds delay, not throughput.',
  },
  {
    text: 'Set BisectBatchOnFunctionError to true',
    apply: (b) => ({ ...b, mapping: { ...b.mapping, BisectBatchOnFunctionError: true } }),
    meant: 'wrong',
    misconception:
      'Bisect only acts when a batch fails; nothing fails here, the function is just slow.',
  },
  {
    text: 'Set MaximumRetryAttempts to 0',
    apply: (b) => ({ ...b, mapping: { ...b.mapping, MaximumRetryAttempts: 0 } }),
    meant: 'wrong',
    misconception: 'Retries only matter when batches fail; nothing fails here.',
  },
  {
    text: 'Raise the function Timeout to 30 s',
    apply: (b) => ({ ...b, function: { ...b.function, Timeout: 30 } }),
    meant: 'wrong',
    misconception:
      'No invocation times out: the function is slow per record, and a longer timeout changes nothing.',
  },
  {
    text: 'Set BatchSize to 2',
    apply: (b) => ({ ...b, mapping: { ...b.mapping, BatchSize: 2 } }),
    meant: 'wrong',
    misconception:
      'Smaller batches pay the per-invocation overhead more often and still run one at a time per shard.',
  },
];

const fixLag: Template = {
  ...entry('parallelization-fix-lag'),
  generate(d) {
    const rate = d.pick([10, 15, 20]);
    const keys = d.pick([8, 16, 32]);
    const until = 20;
    const duration = 45;
    const base: Draft = kinesisDraft({
      durationSeconds: duration,
      seed: d.scenarioSeed(),
      mapping: { BatchSize: 10 },
      function: { Timeout: 10, durationSeconds: { base: 0.4, perRecord: 0.1 } },
      producers: [{ ratePerSecond: rate, keys, from: 0, until }],
    });
    const total = rate * until;
    const left = (x: Run): number =>
      Object.values(x.report.records).filter((rec) => rec.status !== 'succeeded').length;
    const judge: FixJudge = {
      fixed: (x) => left(x) === 0,
      describe: (x) =>
        left(x) === 0
          ? `every record was processed by ${duration} s (at most ${peakConcurrency(x.report).value} invocations at once).`
          : `${left(x)} of ${total} records were still waiting at ${duration} s.`,
      moment: (x) => ({
        at: until,
        follow: null,
        highlight: ['shard:0', 'batches:0'],
        caption: `At ${until} s: ${left(x) === 0 ? 'the shard keeps up' : 'records still pile up'}.`,
      }),
    };
    const broken = run(base);
    need(!judge.fixed(broken), 'the base keeps up');
    const options = fixOptions(d, base, FIX_LAG, judge);
    const invs = delivered(broken.report);
    const last = invs[invs.length - 1];
    need(last !== undefined, 'no invocations');
    const ex = new Explainer();
    ex.say(
      `One shard with ParallelizationFactor 1 runs one batch at a time: ${ex.inv(1)}, then ${ex.inv(2)}, … up to ${ex.inv(last.n)}, each about ${secs(last.end - last.start)} for 10 records: about ${Math.round(10 / (last.end - last.start))} records per second against ${rate} arriving.`,
    );
    ex.say(
      `By ${duration} s, ${left(broken)} records were still waiting and IteratorAge kept climbing. A higher ParallelizationFactor runs several batches of the shard at once (keys hash to them, so per-key order holds); the other changes leave one slow batch at a time.`,
    );
    return {
      setup: [
        'A Kinesis stream with one shard, read from TRIM_HORIZON. BatchSize 10.',
        `${rate} records per second arrive for ${until} s, on ${keys} partition keys.`,
        'The function takes 0.4 s per invocation plus 0.1 s per record, and never fails.',
        `By ${duration} s it is still far behind: IteratorAge keeps growing.`,
      ],
      prompt: `Which one change lets the function process every record by ${duration} s? The simulator ran each option.`,
      options,
      explanation: ex,
      showMe: {
        scenario: broken.scenario,
        at: until,
        follow: null,
        highlight: ['shard:0', 'batches:0'],
        caption: 'One batch at a time: the records pile up on the shard.',
      },
    };
  },
};

export const PARALLELIZATION_TEMPLATES: readonly Template[] = [peak, blockedKeys, fixLag];
