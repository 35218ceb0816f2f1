/** Scaling: the SQS poller fleet, MaximumConcurrency, and throttles on streams. */
import {
  fixOptions,
  numberAnswer,
  type FixCandidate,
  type FixJudge,
  type Template,
} from '../define';
import { entry } from '../catalog';
import {
  delivered,
  need,
  peakConcurrency,
  round3,
  run,
  runningAt,
  type Draft,
  type Run,
} from '../run';
import { Explainer, plural, secs } from '../text';
import { kinesisDraft } from './common';

const maximumConcurrency: Template = {
  ...entry('scaling-maximum-concurrency'),
  generate(d) {
    const cap = d.int(2, 12);
    const r = run({
      durationSeconds: 30,
      seed: d.scenarioSeed(),
      source: { type: 'sqs', VisibilityTimeout: 30 },
      mapping: { BatchSize: 10, ScalingConfig: { MaximumConcurrency: cap } },
      function: { durationSeconds: { base: 2, perRecord: 0 } },
      producers: [{ ratePerSecond: 400, from: 0, until: 1 }],
    });
    const p = peakConcurrency(r.report);
    const answer = p.value;
    const ex = new Explainer();
    ex.say(`The most invocations at once was ${answer}: ${ex.inv(p.running)} at ${secs(p.at)}.`);
    ex.say(
      answer === cap
        ? `400 messages were waiting, so Lambda scaled its pollers up (from 5, adding up to 300 concurrent invokes a minute), but never past MaximumConcurrency ${cap}.`
        : `MaximumConcurrency ${cap} is only a ceiling: Lambda starts with 5 concurrent invokes and adds up to 300 a minute while messages wait, and the backlog was gone before it reached ${cap}.`,
    );
    return {
      setup: [
        `An SQS standard queue with 400 messages sent in the first second. BatchSize 10, ScalingConfig MaximumConcurrency ${cap}.`,
        'Each invocation takes 2 s and succeeds. No reserved concurrency; the account allows 1,000.',
      ],
      prompt: 'What is the largest number of invocations running at the same time?',
      number: numberAnswer(answer, 'invocations', [
        [
          5,
          `Lambda starts with 5 concurrent invokes, then scales up while messages wait${cap < 5 ? ', but never past MaximumConcurrency' : ''}.`,
        ],
        [1000, 'MaximumConcurrency caps this mapping well below the account’s 1,000.'],
        [
          1250,
          '1,250 is the most an SQS mapping scales to without a cap; MaximumConcurrency lowers it.',
        ],
        [cap * 10, 'MaximumConcurrency counts concurrent invocations, not messages.'],
        [
          cap,
          'MaximumConcurrency is a ceiling, not a starting point: Lambda scales up to it step by step.',
        ],
      ]),
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: round3(p.at + 0.05),
        follow: null,
        highlight: ['concurrency', 'pollers'],
        caption: `${plural(answer, 'invocation')} at once.`,
      },
    };
  },
};

const firstSecond: Template = {
  ...entry('scaling-first-second'),
  generate(d) {
    const backlog = d.pick([200, 300, 400]);
    const batch = d.pick([5, 10]);
    const r = run({
      durationSeconds: 10,
      seed: d.scenarioSeed(),
      source: { type: 'sqs', VisibilityTimeout: 60 },
      mapping: { BatchSize: batch },
      function: { Timeout: 10, durationSeconds: { base: 5, perRecord: 0 } },
      records: [...Array(backlog).keys()].map((i) => ({ id: `m${i + 1}`, at: 0.5 })),
    });
    const t = 0.9;
    const running = runningAt(r.report, t);
    const answer = running.length;
    need(answer > 0, 'nothing running');
    const ex = new Explainer();
    ex.say(
      `At ${secs(t)}, ${ex.inv(running.map((i) => i.n))} were running: ${plural(answer, 'invocation')}, although ${backlog} messages were waiting.`,
    );
    ex.say(
      'An SQS mapping starts with 5 concurrent invokes and adds up to 300 a minute while messages wait (since November 2023; 60 a minute before), up to 1,250 or MaximumConcurrency.',
    );
    return {
      setup: [
        `An SQS standard queue; ${backlog} messages are sent at t = 0.5 s, just after the mapping is created. BatchSize ${batch}.`,
        'Each invocation takes 5 s and succeeds. No MaximumConcurrency, no reserved concurrency; the account allows 1,000.',
      ],
      prompt: `How many invocations are running at t = ${t} s, just after the messages arrive?`,
      number: numberAnswer(answer, 'invocations', [
        [
          Math.min(1000, backlog / batch),
          'Lambda does not start one invocation per batch at once: it starts with 5 and scales up gradually.',
        ],
        [
          1000,
          'The account concurrency is a ceiling, not the starting point: an SQS mapping starts at 5.',
        ],
        [
          1,
          'A standard queue is read by several pollers at once: Lambda starts with 5 concurrent invokes.',
        ],
        [60, '60 a minute was the old scale-up rate, not the starting concurrency.'],
      ]),
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: t,
        follow: null,
        highlight: ['pollers', 'concurrency'],
        caption: 'The poller fleet right after the burst.',
      },
    };
  },
};

const FIX_THROTTLES = (
  shards: number,
  factor: number,
  reserved: number,
): readonly FixCandidate[] => [
  {
    text: `Set the function’s ReservedConcurrentExecutions to ${shards * factor}`,
    apply: (b) => ({
      ...b,
      function: { ...b.function, ReservedConcurrentExecutions: shards * factor },
    }),
    meant: 'fix',
    misconception: '',
  },
  {
    text: `Set ParallelizationFactor to ${Math.max(1, Math.floor(reserved / shards))}`,
    apply: (b) => ({
      ...b,
      mapping: { ...b.mapping, ParallelizationFactor: Math.max(1, Math.floor(reserved / shards)) },
    }),
    meant: 'fix',
    misconception: '',
  },
  {
    text: 'Set MaximumRetryAttempts to 0',
    apply: (b) => ({ ...b, mapping: { ...b.mapping, MaximumRetryAttempts: 0 } }),
    meant: 'wrong',
    misconception:
      'Throttled invokes never reached the function, so they do not count as retries: Lambda keeps retrying them with backoff.',
  },
  {
    text: 'Set BisectBatchOnFunctionError to true',
    apply: (b) => ({ ...b, mapping: { ...b.mapping, BisectBatchOnFunctionError: true } }),
    meant: 'wrong',
    misconception:
      'Bisect acts on function errors; a throttle is not a function error, and splitting would need even more concurrency.',
  },
  {
    text: 'Set BatchSize to 2',
    apply: (b) => ({ ...b, mapping: { ...b.mapping, BatchSize: 2 } }),
    meant: 'wrong',
    misconception:
      'Smaller batches do not reduce how many batches run at once: shards × ParallelizationFactor still exceeds the reserved concurrency.',
  },
  {
    text: 'Raise the function Timeout to 60 s',
    apply: (b) => ({ ...b, function: { ...b.function, Timeout: 60 } }),
    meant: 'wrong',
    misconception:
      'Longer invocations hold their concurrency longer; the throttles come from too little concurrency, not too little time.',
  },
];

const fixThrottles: Template = {
  ...entry('scaling-fix-throttles'),
  generate(d) {
    const shards = d.int(1, 2);
    const factor = d.int(3, 5);
    const reserved = d.int(shards, shards * factor - 2);
    const base: Draft = kinesisDraft({
      shards,
      durationSeconds: 30,
      seed: d.scenarioSeed(),
      mapping: { BatchSize: 10, ParallelizationFactor: factor },
      function: {
        ReservedConcurrentExecutions: reserved,
        durationSeconds: { base: 1, perRecord: 0 },
      },
      producers: [{ ratePerSecond: 30, keys: 40, from: 0, until: 10 }],
    });
    const throttled = (x: Run): number =>
      x.report.invocations.filter((i) => i.result === 'throttled').length;
    const judge: FixJudge = {
      fixed: (x) =>
        throttled(x) === 0 &&
        Object.values(x.report.records).every((rec) => rec.status === 'succeeded'),
      describe: (x) =>
        throttled(x) === 0
          ? `no invoke was throttled (at most ${peakConcurrency(x.report).value} ran at once).`
          : `${plural(throttled(x), 'invoke')} were throttled.`,
      moment: () => ({
        at: 3,
        follow: null,
        highlight: ['concurrency'],
        caption: 'Concurrency against the reserved limit.',
      }),
    };
    const broken = run(base);
    need(!judge.fixed(broken), 'no throttles');
    const options = fixOptions(d, base, FIX_THROTTLES(shards, factor, reserved), judge);
    const th = broken.report.invocations.filter((i) => i.result === 'throttled');
    const firstT = th[0];
    need(firstT !== undefined, 'no throttle');
    const ex = new Explainer();
    ex.say(
      `The mapping wants up to ${shards} × ${factor} = ${shards * factor} batches at once, but ReservedConcurrentExecutions ${reserved} lets only ${reserved} run: ${ex.inv(th.slice(0, 3).map((i) => i.n))} and ${plural(th.length - Math.min(3, th.length), 'more invoke')} were throttled (429) and retried with backoff, holding up their batches.`,
    );
    ex.say(
      'Either reserve enough concurrency for shards × ParallelizationFactor, or lower ParallelizationFactor to fit the reserved concurrency. Throttles use up no retries and are not function errors.',
    );
    const busy = delivered(broken.report)[0];
    return {
      setup: [
        `A Kinesis stream with ${plural(shards, 'shard')}, read from TRIM_HORIZON. BatchSize 10, ParallelizationFactor ${factor}.`,
        `The function has ReservedConcurrentExecutions ${reserved}; each invocation takes 1 s. 30 records per second on 40 keys for 10 s.`,
        'The Throttles metric is not zero.',
      ],
      prompt: 'Which one change stops the throttles? The simulator ran each option.',
      options,
      explanation: ex,
      showMe: {
        scenario: broken.scenario,
        at: round3(Math.max(firstT.start, busy?.start ?? 0) + 0.01),
        follow: null,
        highlight: ['concurrency', 'batches:0'],
        caption: `Concurrency is capped at ${reserved}: the next batch is throttled.`,
      },
    };
  },
};

export const SCALING_TEMPLATES: readonly Template[] = [
  maximumConcurrency,
  firstSecond,
  fixThrottles,
];
