/**
 * The binding test of the question templates: 50 questions per template,
 * each with its own seed. For each: the rules every question keeps (one right
 * option where the kind says so, distractors that differ from the answer,
 * misconceptions on every wrong option), the invocations its explanation
 * names exist in that run's report, regenerating it from the same seed gives
 * a deep-equal question, and — where one is natural — an independent check
 * of the claimed answer against the report (or against AWS's rule itself).
 */
import { describe, expect, it } from 'vitest';
import { runScenario, type ResolvedScenario, type RunReport } from '../engine';
import { CATALOG } from './catalog';
import { generateQuestion, questionProblem } from './generate';
import { TEMPLATES } from './templates';
import { TOPICS } from './topics';
import type { Question } from './types';

const SEEDS = Array.from({ length: 50 }, (_, i) => 1 + i * 7919);

/** Stage target ids, as src/ui/stage/targets.ts defines them. */
const TARGET =
  /^(source|pollers|window|function|concurrency|destination|discard|queue|inflight|dlq|narration|shard:\d+|batches:\d+|window:\d+|group:.+|record:.+)$/;

const reports = new Map<ResolvedScenario, RunReport>();
function reportOf(s: ResolvedScenario): RunReport {
  let r = reports.get(s);
  if (r === undefined) {
    r = runScenario(s);
    reports.set(s, r);
  }
  return r;
}

const deliveredWith = (r: RunReport, id: string): number =>
  r.invocations.filter(
    (i) => i.result !== 'throttled' && (i.records as readonly string[]).includes(id),
  ).length;

/** Most invocations overlapping, counted at each start (independent of the templates' sweep). */
function overlap(r: RunReport): number {
  const live = r.invocations.filter((i) => i.result !== 'throttled' && i.end > i.start);
  return Math.max(
    0,
    ...live.map((a) => live.filter((b) => b.start <= a.start && a.start < b.end).length),
  );
}

const right = (q: Question): string[] => q.options.filter((o) => o.correct).map((o) => o.text);
const statusOf = (r: RunReport, id: string): string => r.records[id]?.status ?? 'missing';
const follow = (q: Question): string => {
  if (q.showMe.follow === null) throw new Error('no followed record');
  return q.showMe.follow;
};

/** A fix question: the broken run shows the problem, the right option's run does not, the wrong ones' runs do. */
function checkFix(q: Question, fixed: (r: RunReport, s: ResolvedScenario) => boolean): void {
  expect(fixed(reportOf(q.showMe.scenario), q.showMe.scenario)).toBe(false);
  for (const o of q.options) {
    if (o.run === null) {
      expect(o.correct).toBe(false);
      expect(o.outcome).toMatch(/Lambda rejects the mapping with this change: /);
      continue;
    }
    expect(fixed(reportOf(o.run.scenario), o.run.scenario), o.text).toBe(o.correct);
  }
}

/** Independent checks, where one is natural. */
const CHECKS: Readonly<Record<string, (q: Question, r: RunReport) => void>> = {
  'blocking-whole-batch-retried': (q, r) =>
    expect(q.number?.value).toBe(deliveredWith(r, follow(q))),
  'blocking-other-shard': (q, r) => {
    const poison = follow(q);
    const shardOf = new Map<string, string | null>();
    for (const i of r.invocations)
      for (const id of i.records) if (!shardOf.has(id)) shardOf.set(id, i.shardId);
    const others = [...shardOf].filter(([, s]) => s !== shardOf.get(poison)).map(([id]) => id);
    expect(others.every((id) => statusOf(r, id) === 'succeeded')).toBe(true);
    expect(right(q)[0]).toMatch(/^They are processed normally/);
  },
  'blocking-which-processed': (q, r) => {
    for (const o of q.options) expect(o.correct, o.text).toBe(statusOf(r, o.text) === 'succeeded');
  },
  'batching-invocation-count': (q, r) =>
    expect(q.number?.value).toBe(r.invocations.filter((i) => i.result !== 'throttled').length),
  'batching-window-first-batch': (q, r) => {
    expect(q.number?.value).toBe(r.invocations[0]?.records.length);
    // AWS rule: the first batch waits for the window, so it is smaller than BatchSize here.
    expect(q.number?.value).toBeLessThan(q.showMe.scenario.mapping.BatchSize);
  },
  'batching-six-mb': (q, r) => {
    const first = r.invocations[0];
    expect(q.number?.value).toBe(first?.records.length);
    const size = (id: string): number =>
      q.showMe.scenario.records.find((x) => x.id === id)?.body?.length ?? 0;
    const bytes = (first?.records ?? []).reduce((n, id) => n + size(id), 0);
    expect(bytes).toBeLessThanOrEqual(6 * 1024 * 1024);
    expect(first?.records.length).toBeLessThan(q.showMe.scenario.mapping.BatchSize);
  },
  'parallelization-peak-concurrency': (q, r) => {
    expect(q.number?.value).toBe(overlap(r));
    const s = q.showMe.scenario;
    const shards = s.source.type === 'kinesis' ? s.source.ShardCount : 1;
    expect(q.number?.value).toBeLessThanOrEqual(shards * s.mapping.ParallelizationFactor);
  },
  'parallelization-blocked-keys': (q, r) => {
    const waiting = new Set(
      q.showMe.scenario.records.filter((x) => statusOf(r, x.id) !== 'succeeded').map((x) => x.key),
    );
    for (const o of q.options) expect(o.correct, o.text).toBe(waiting.has(o.text));
  },
  'parallelization-fix-lag': (q) =>
    checkFix(q, (r) => Object.values(r.records).every((x) => x.status === 'succeeded')),
  'retries-poison-invocations': (q, r) => {
    expect(q.number?.value).toBe(deliveredWith(r, follow(q)));
    // AWS rule: the first attempt plus MaximumRetryAttempts retries.
    expect(q.number?.value).toBe(q.showMe.scenario.mapping.MaximumRetryAttempts + 1);
  },
  'retries-which-limit': (q, r) => {
    const condition = r.onFailureDestination[0]?.condition ?? 'none';
    expect(right(q)[0]?.startsWith(condition)).toBe(true);
  },
  'retries-records-lost': (q, r) =>
    expect(q.number?.value).toBe(
      Object.values(r.records).filter((x) => x.status === 'succeeded').length,
    ),
  'bisect-poison-invocations': (q, r) => expect(q.number?.value).toBe(deliveredWith(r, follow(q))),
  'bisect-good-record': (q, r) => expect(q.number?.value).toBe(r.records[follow(q)]?.deliveries),
  'bisect-fix-good-records': (q) =>
    checkFix(q, (r) =>
      Object.entries(r.records).every(([id, x]) => id === follow(q) || x.status === 'succeeded'),
    ),
  'destinations-payload': (q, r) => {
    const e = r.onFailureDestination[0];
    expect(e).toBeDefined();
    // AWS rule: only an S3 destination receives the original event (payload).
    expect(right(q)[0]?.includes('original invocation event')).toBe(e?.destinationKind === 's3');
  },
  'destinations-batch-size': (q, r) => {
    const e = r.onFailureDestination.find((x) =>
      (x.records as readonly string[]).includes(follow(q)),
    );
    expect(q.number?.value).toBe(e?.batchSize);
    expect(q.number?.value).toBe(e?.records.length);
  },
  'destinations-which-records': (q, r) => {
    const covered = new Set<string>(r.onFailureDestination.flatMap((e) => e.records));
    for (const o of q.options) expect(o.correct, o.text).toBe(covered.has(o.text));
  },
  'partial-stream-deliveries': (q, r) => {
    expect(q.number?.value).toBe(r.records[follow(q)]?.deliveries);
    // Observed on AWS (esm-semantics.md §11): a fresh retry count after the checkpoint moves.
    expect(q.number?.value).toBe(q.showMe.scenario.mapping.MaximumRetryAttempts + 2);
  },
  'partial-stream-retried-records': (q, r) => {
    for (const o of q.options)
      expect(o.correct, o.text).toBe((r.records[o.text]?.deliveries ?? 0) > 1);
  },
  'partial-not-enabled': (q) => {
    // AWS rule: without FunctionResponseTypes, a batchItemFailures list is ignored.
    const ignored = q.showMe.scenario.mapping.FunctionResponseTypes.length === 0;
    expect(right(q)[0]?.startsWith('Lambda ignores the list')).toBe(ignored);
  },
  'partial-fix-reprocessing': (q) =>
    checkFix(q, (r, s) => {
      const id = follow(q);
      const fails = s.records.find((x) => x.id === id)?.failDeliveries ?? 0;
      return (
        Object.entries(r.records).every(
          ([k, x]) => k === id || (x.status === 'succeeded' && x.deliveries === 1),
        ) &&
        statusOf(r, id) === 'succeeded' &&
        r.records[id]?.deliveries === fails + 1
      );
    }),
  'visibility-window-duplicates': (q, r) =>
    expect(q.number?.value).toBe(Object.values(r.records).filter((x) => x.deliveries > 1).length),
  'visibility-retry-gap': (q, r) => {
    const [a, b] = r.invocations.filter((i) =>
      (i.records as readonly string[]).includes(follow(q)),
    );
    expect(q.number?.value).toBe(Math.round((b?.start ?? 0) - (a?.start ?? 0)));
    // AWS rule: a failed message is received again when its visibility timeout ends.
    const v =
      q.showMe.scenario.source.type === 'sqs' ? q.showMe.scenario.source.VisibilityTimeout : -1;
    expect(Math.abs((q.number?.value ?? 0) - v)).toBeLessThanOrEqual(1);
  },
  'visibility-fix-duplicates': (q) =>
    checkFix(q, (r) =>
      Object.values(r.records).every((x) => x.deliveries === 1 && x.status === 'succeeded'),
    ),
  'dlq-receive-count': (q, r) => {
    expect(q.number?.value).toBe(r.records.m2?.deliveries);
    const src = q.showMe.scenario.source;
    // AWS rule: a message moves after maxReceiveCount receives.
    expect(q.number?.value).toBe('RedrivePolicy' in src ? src.RedrivePolicy?.maxReceiveCount : -1);
  },
  'dlq-which-messages': (q, r) => {
    const moved = new Set<string>(r.deadLetterQueue.map((e) => e.id));
    for (const o of q.options) expect(o.correct, o.text).toBe(moved.has(o.text));
  },
  'dlq-where': (q) => checkFix(q, (r) => statusOf(r, follow(q)) === 'movedToDlq'),
  'duplicates-counter': (q, r) =>
    expect(q.number?.value).toBe(Object.values(r.records).reduce((n, x) => n + x.deliveries, 0)),
  'duplicates-fifo-dedup': (q, r) => {
    expect(q.number?.value).toBe(Object.values(r.records).filter((x) => x.deliveries > 0).length);
    // AWS rule, computed from the sends alone: a body seen in the last 5 minutes is dropped.
    const lastSeen = new Map<string, number>();
    let accepted = 0;
    for (const s of [...q.showMe.scenario.records].sort((a, b) => a.at - b.at)) {
      const prev = lastSeen.get(s.body ?? '');
      if (prev === undefined || s.at - prev >= 300) {
        accepted++;
        lastSeen.set(s.body ?? '', s.at);
      }
    }
    expect(q.number?.value).toBe(accepted);
  },
  'duplicates-cause': (q) => {
    const viaWindow = q.showMe.scenario.mapping.MaximumBatchingWindowInSeconds > 0;
    expect(right(q)[0]?.startsWith('The visibility timeout ran out')).toBe(viaWindow);
  },
  'fifo-peak-concurrency': (q, r) => {
    expect(q.number?.value).toBe(overlap(r));
    // AWS rule: at most min(active message groups, MaximumConcurrency).
    const groups = new Set(q.showMe.scenario.records.map((x) => x.key)).size;
    const cap = q.showMe.scenario.mapping.ScalingConfig?.MaximumConcurrency ?? Infinity;
    expect(q.number?.value).toBe(Math.min(groups, cap));
  },
  'fifo-failed-group': (q, r) => {
    const doneAt = (id: string): number =>
      r.invocations.find(
        (i) => i.result === 'success' && (i.records as readonly string[]).includes(id),
      )?.end ?? Infinity;
    const a2 = r.invocations.find(
      (i) => i.result === 'success' && (i.records as readonly string[]).includes('a2'),
    );
    for (const o of q.options) expect(o.correct, o.text).toBe(doneAt(o.text) <= (a2?.start ?? 0));
    // AWS rule: nothing later in group A is processed before a2.
    expect(right(q).some((t) => t.startsWith('a') && t !== 'a1')).toBe(false);
  },
  'fifo-fix-blocked-group': (q) =>
    checkFix(q, (r) =>
      Object.entries(r.records).every(
        ([id, x]) => !/^a[3-9]$/.test(id) || x.status === 'succeeded',
      ),
    ),
  'scaling-maximum-concurrency': (q, r) => {
    expect(q.number?.value).toBe(overlap(r));
    expect(q.number?.value).toBeLessThanOrEqual(
      q.showMe.scenario.mapping.ScalingConfig?.MaximumConcurrency ?? 0,
    );
  },
  'scaling-first-second': (q, r) => {
    expect(q.number?.value).toBe(r.invocations.filter((i) => i.start <= 0.9 && 0.9 < i.end).length);
    // AWS rule: an SQS mapping starts with 5 concurrent invokes.
    expect(q.number?.value).toBe(5);
  },
  'scaling-fix-throttles': (q) =>
    checkFix(
      q,
      (r) =>
        r.invocations.every((i) => i.result !== 'throttled') &&
        Object.values(r.records).every((x) => x.status === 'succeeded'),
    ),
  'starting-latest-or-trim-horizon': (q) => {
    const s = q.showMe.scenario;
    // AWS rule: LATEST skips what was in the stream at creation; TRIM_HORIZON reads it all.
    const expected =
      s.mapping.StartingPosition === 'LATEST'
        ? s.records.filter((x) => x.at >= 0).length
        : s.records.length;
    expect(q.number?.value).toBe(expected);
  },
  'starting-at-timestamp': (q) => {
    const s = q.showMe.scenario;
    expect(q.number?.value).toBe(
      s.records.filter((x) => x.at >= (s.mapping.StartingPositionTimestamp ?? 0)).length,
    );
  },
  'filtering-count': (q, r) => {
    const s = q.showMe.scenario;
    const pattern = JSON.parse(s.mapping.FilterCriteria?.Filters[0]?.Pattern ?? '{}') as Record<
      string,
      { type: string[]; amount?: { numeric: [string, number] }[] }
    >;
    const rule = Object.values(pattern)[0];
    const passes = s.records.filter((x) => {
      const b = JSON.parse(x.body ?? '{}') as { type: string; amount: number };
      const min = rule?.amount?.[0]?.numeric[1];
      return (rule?.type ?? []).includes(b.type) && (min === undefined || b.amount >= min);
    });
    expect(q.number?.value).toBe(passes.length);
    expect(q.number?.value).toBe(Object.values(r.records).filter((x) => x.deliveries > 0).length);
  },
  'filtering-sqs-fate': (q, r) => {
    expect(
      Object.values(r.records)
        .filter((x) => x.status === 'filtered')
        .every((x) => x.deliveries === 0),
    ).toBe(true);
    expect(right(q)[0]).toMatch(/^Lambda deletes them/);
  },
  'filtering-stream-fate': (q, r) => {
    expect(Object.values(r.records).some((x) => x.status === 'filtered')).toBe(true);
    expect(right(q)[0]).toMatch(/^The iterator moves past them/);
  },
  'permissions-fix-role': (q) => {
    const type = q.showMe.scenario.source.type;
    // AWS rule: the source's own execution-role policy lets Lambda read it.
    expect(right(q)[0]).toContain(READER[type][0]);
    for (const o of q.options) {
      expect(o.run !== null, o.text).toBe(o.correct);
      if (!o.correct) expect(o.outcome).toContain(AWS_MESSAGE[type]);
    }
  },
  'permissions-which-roles': (q) => {
    const type = q.showMe.scenario.source.type;
    for (const o of q.options) {
      expect(o.correct, o.text).toBe(READER[type].some((p) => o.text.includes(p)));
      if (!o.correct) expect(o.outcome).toContain(AWS_MESSAGE[type]);
    }
  },
  'permissions-what-happens': (q) => {
    const type = q.showMe.scenario.source.type;
    const fails = q.options.find((o) => o.text.startsWith('CreateEventSourceMapping fails'));
    expect(fails?.text).toContain(AWS_MESSAGE[type]);
    const role = q.setup[0] ?? '';
    expect(fails?.correct).toBe(!READER[type].some((p) => role.includes(p)));
  },
};

/** Policies that let Lambda read each source (AWS managed policies, least privilege first). */
const READER = {
  kinesis: [
    'AWSLambdaKinesisExecutionRole',
    'AmazonKinesisReadOnlyAccess',
    'AmazonKinesisFullAccess',
    'AdministratorAccess',
  ],
  dynamodb: ['AWSLambdaDynamoDBExecutionRole', 'AmazonDynamoDBFullAccess', 'AdministratorAccess'],
  sqs: ['AWSLambdaSQSQueueExecutionRole', 'AmazonSQSFullAccess', 'AdministratorAccess'],
  'sqs-fifo': ['AWSLambdaSQSQueueExecutionRole', 'AmazonSQSFullAccess', 'AdministratorAccess'],
} as const;

/** AWS's InvalidParameterValueException text when the role cannot read the source. */
const AWS_MESSAGE = {
  sqs: 'The provided execution role does not have permissions to call ReceiveMessage on SQS',
  'sqs-fifo': 'The provided execution role does not have permissions to call ReceiveMessage on SQS',
  kinesis:
    'Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM',
  dynamodb:
    'Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM',
} as const;

describe('the template registry', () => {
  it('has at least 40 templates, matching the catalog, covering every topic and kind', () => {
    expect(TEMPLATES.length).toBeGreaterThanOrEqual(40);
    expect(TEMPLATES.map((t) => [t.id, t.topic, t.kind, t.title])).toEqual(
      CATALOG.map((e) => [e.id, e.topic, e.kind, e.title]),
    );
    for (const topic of TOPICS) {
      expect(TEMPLATES.filter((t) => t.topic === topic.id).length, topic.id).toBeGreaterThanOrEqual(
        2,
      );
    }
    for (const kind of ['single', 'multiple', 'number', 'fix'] as const) {
      expect(
        TEMPLATES.some((t) => t.kind === kind),
        kind,
      ).toBe(true);
    }
  });

  it('has an independent check for most templates', () => {
    const unchecked = TEMPLATES.filter((t) => CHECKS[t.id] === undefined).map((t) => t.id);
    expect(unchecked.length).toBeLessThanOrEqual(3);
  });
});

describe.each(TEMPLATES.map((t) => [t.id]))('%s', (id) => {
  it('makes 50 sound, reproducible questions from 50 seeds', { timeout: 120_000 }, () => {
    const texts = new Set<string>();
    for (const seed of SEEDS) {
      const q = generateQuestion(id, seed);
      expect(questionProblem(q), `seed ${seed}`).toBeNull();
      texts.add(JSON.stringify([q.setup, q.prompt, q.options.map((o) => o.text), q.number?.value]));

      // The explanation names real invocations of the run Show me opens.
      const report = reportOf(q.showMe.scenario);
      for (const n of q.cites) {
        expect(report.invocations[n - 1]?.n, `seed ${seed}: #${n}`).toBe(n);
      }
      // Show me opens inside the run, on stage elements that exist.
      expect(q.showMe.at).toBeGreaterThanOrEqual(0);
      expect(q.showMe.at).toBeLessThanOrEqual(q.showMe.scenario.durationSeconds);
      for (const t of q.showMe.highlight) expect(t).toMatch(TARGET);

      CHECKS[id]?.(q, report);

      // Regenerating from the same seed gives the same question.
      expect(generateQuestion(id, seed)).toEqual(q);
      reports.clear();
    }
    // Different seeds give different questions.
    expect(texts.size, 'distinct questions').toBeGreaterThanOrEqual(3);
  });
});
