/** SQS visibility timeout: when a message comes back, and what a short timeout does. */
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
  runDetailed,
  type Draft,
  type Run,
} from '../run';
import { Explainer, list, plural, secs } from '../text';
import { records, rid } from './common';

/** Messages m1…mN, one every half second from t = 0.5 s. */
function trickle(n: number) {
  return records(n, { prefix: 'm' }).map((r, i) => ({ ...r, at: 0.5 + i * 0.5 }));
}

/** The "window + slow function > visibility timeout" scenario. */
function shortVisibility(d: Parameters<Template['generate']>[0]): {
  draft: Draft;
  v: number;
  w: number;
  base: number;
  n: number;
} {
  const v = d.int(5, 8);
  const w = d.int(3, v - 1);
  const base = d.int(Math.max(2, v - w + 1), v - 1);
  const n = d.int(8, 12);
  return {
    v,
    w,
    base,
    n,
    draft: {
      durationSeconds: 60,
      seed: d.scenarioSeed(),
      source: { type: 'sqs', VisibilityTimeout: v },
      mapping: { BatchSize: 10, MaximumBatchingWindowInSeconds: w },
      function: { Timeout: v, durationSeconds: { base, perRecord: 0 } },
      records: trickle(n),
    },
  };
}

const windowDuplicates: Template = {
  ...entry('visibility-window-duplicates'),
  generate(d) {
    const { draft, v, w, base, n } = shortVisibility(d);
    const r = runDetailed(draft);
    const ids = [...Array(n).keys()].map((i) => rid(i + 1, 'm'));
    const twice = ids.filter((id) => recordOf(r.report, id).deliveries > 1);
    const answer = twice.length;
    need(answer > 0, 'no duplicates');
    const example = twice[0] ?? '';
    const invs = invocationsWith(r.report, example);
    const [a, b] = invs;
    need(a !== undefined && b !== undefined, 'not delivered twice');
    const ex = new Explainer();
    ex.say(
      `A message's visibility timeout starts when Lambda receives it, and with a ${w} s batching window Lambda receives messages while it gathers the batch. ${example} was received early, then ${ex.inv(a.n)} ran from ${secs(a.start)} to ${secs(a.end)}: its ${v} s visibility timeout ran out while the invocation was still running.`,
    );
    ex.say(
      `So ${example} became visible again and ${ex.inv(b.n)} received it a second time, although nothing failed. ${plural(answer, 'message')} (${list(twice)}) went through this. AWS advises a visibility timeout of at least 6 × the function timeout plus the batching window.`,
    );
    return {
      setup: [
        `An SQS standard queue with VisibilityTimeout ${v}. BatchSize 10, MaximumBatchingWindowInSeconds ${w}.`,
        `The function's Timeout is ${v} s; each invocation takes ${base} s and succeeds.`,
        `Messages m1–m${n} arrive one every half second from t = 0.5 s.`,
      ],
      prompt: 'How many messages are delivered to the function more than once?',
      number: numberAnswer(answer, 'messages', [
        [
          0,
          'Nothing fails, yet messages come back: the visibility timeout starts at receive time, and the batching window plus the run time outlast it.',
        ],
        [
          n,
          'Only the messages received early enough for their visibility timeout to run out during the invocation come back.',
        ],
      ]),
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: midOf(b),
        follow: example,
        highlight: [`record:${example}`, 'inflight'],
        caption: `${example} is in two invocations: its visibility timeout ran out mid-run.`,
      },
    };
  },
};

const retryGap: Template = {
  ...entry('visibility-retry-gap'),
  generate(d) {
    const v = d.pick([10, 15, 20, 30, 45, 60]);
    const timeout = d.pick([3, 5]);
    const n = d.int(1, 5);
    const k = d.int(1, n);
    const r = run({
      durationSeconds: v + 30,
      seed: d.scenarioSeed(),
      source: { type: 'sqs', VisibilityTimeout: v },
      function: { Timeout: timeout },
      records: records(n, { prefix: 'm', fail: { [k]: 1 } }),
    });
    const id = rid(k, 'm');
    const [a, b] = invocationsWith(r.report, id);
    need(a !== undefined && b !== undefined, 'not retried');
    const answer = Math.round(b.start - a.start);
    const ex = new Explainer();
    ex.say(
      `${ex.inv(a.n)} started at ${secs(a.start)} and failed on ${id}. Lambda does not retry an SQS batch itself: the batch's messages stay invisible until their visibility timeout ends, ${v} s after they were received.`,
    );
    ex.say(
      `Then ${id} was visible again and ${ex.inv(b.n)} received it at ${secs(b.start)}: about ${answer} s later.`,
    );
    return {
      setup: [
        `An SQS standard queue with VisibilityTimeout ${v}, no DLQ. BatchSize 10 (the default).`,
        `The function's Timeout is ${timeout} s. Messages m1–m${n} arrive at t = 1 s; the function throws on ${id} the first time and succeeds after.`,
      ],
      prompt: `How many seconds after the failed invocation started does ${id}'s next delivery start? (Round to whole seconds.)`,
      number: numberAnswer(answer, 'seconds', [
        [
          0,
          'Lambda does not retry a failed SQS batch at once: its messages come back only when their visibility timeout ends.',
        ],
        [timeout, 'The function timeout limits one invocation; it does not schedule the retry.'],
        [
          6 * timeout,
          'Six times the function timeout is AWS’s advice for setting the visibility timeout; the retry waits for the visibility timeout actually set.',
        ],
        [
          2 * v,
          'One visibility timeout, not two: the message is visible again as soon as it ends.',
        ],
      ]),
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: round3(a.end + (b.start - a.end) / 2),
        follow: id,
        highlight: [`record:${id}`, 'inflight'],
        caption: `${id} waits out its visibility timeout before it can be received again.`,
      },
    };
  },
};

const FIX_VISIBILITY = (v: number, w: number): readonly FixCandidate[] => [
  {
    text: `Set the queue’s VisibilityTimeout to ${6 * v + w} s (6 × the function timeout + the window)`,
    apply: (b) => ({ ...b, source: { ...b.source, VisibilityTimeout: 6 * v + w } }),
    meant: 'fix',
    misconception: '',
  },
  {
    text: 'Set MaximumBatchingWindowInSeconds to 0',
    apply: (b) => ({ ...b, mapping: { ...b.mapping, MaximumBatchingWindowInSeconds: 0 } }),
    meant: 'fix',
    misconception: '',
  },
  {
    text: 'Set BatchSize to 1',
    apply: (b) => ({ ...b, mapping: { ...b.mapping, BatchSize: 1 } }),
    meant: 'wrong',
    misconception:
      'Smaller batches still wait in the batching window, and their visibility timeout still starts at receive time.',
  },
  {
    text: 'Lower the function Timeout to 2 s',
    apply: (b) => ({ ...b, function: { ...b.function, Timeout: 2 } }),
    meant: 'wrong',
    misconception:
      'A shorter timeout does not make the work faster: invocations time out, fail, and their whole batch comes back.',
  },
  {
    text: 'Add a DLQ with maxReceiveCount 1',
    apply: (b) => ({ ...b, source: { ...b.source, RedrivePolicy: { maxReceiveCount: 1 } } }),
    meant: 'wrong',
    misconception:
      'Then a message whose visibility timeout runs out goes to the DLQ instead of being processed again: it is not processed twice, but not reliably either.',
  },
  {
    text: 'Set FunctionResponseTypes to ["ReportBatchItemFailures"]',
    apply: (b) => ({
      ...b,
      mapping: { ...b.mapping, FunctionResponseTypes: ['ReportBatchItemFailures'] },
    }),
    meant: 'wrong',
    misconception:
      'Nothing fails here: the messages come back because their visibility timeout ran out, which partial batch responses do not change.',
  },
  {
    text: 'Set ScalingConfig MaximumConcurrency to 2',
    apply: (b) => ({ ...b, mapping: { ...b.mapping, ScalingConfig: { MaximumConcurrency: 2 } } }),
    meant: 'wrong',
    misconception:
      'Capping concurrency does not change how long a received message stays invisible.',
  },
];

const fixDuplicates: Template = {
  ...entry('visibility-fix-duplicates'),
  generate(d) {
    const { draft, v, w, base, n } = shortVisibility(d);
    const ids = [...Array(n).keys()].map((i) => rid(i + 1, 'm'));
    const once = (x: Run): boolean =>
      ids.every(
        (id) =>
          recordOf(x.report, id).deliveries === 1 && recordOf(x.report, id).status === 'succeeded',
      );
    const judge: FixJudge = {
      fixed: once,
      describe: (x) => {
        const twice = ids.filter((id) => recordOf(x.report, id).deliveries > 1);
        const lost = ids.filter((id) => recordOf(x.report, id).status !== 'succeeded');
        if (twice.length > 0)
          return `${plural(twice.length, 'message')} were delivered more than once.`;
        if (lost.length > 0)
          return `${plural(lost.length, 'message')} ended ${recordOf(x.report, lost[0] ?? '').status} instead of being processed.`;
        return 'every message was delivered once and processed.';
      },
      moment: (x) => {
        const first = invocationsWith(x.report, 'm1')[0];
        return {
          at: first === undefined ? 8 : midOf(first),
          follow: 'm1',
          highlight: ['inflight'],
          caption: 'While the first invocation runs: does m1 stay invisible?',
        };
      },
    };
    const broken = run(draft);
    need(!judge.fixed(broken), 'no duplicates');
    const options = fixOptions(d, draft, FIX_VISIBILITY(v, w), judge);
    const [a, b] = invocationsWith(broken.report, 'm1');
    need(a !== undefined && b !== undefined, 'm1 once');
    const ex = new Explainer();
    ex.say(
      `As it is, m1 was received at the start of the ${w} s window; ${ex.inv(a.n)} ran until ${secs(a.end)}, after m1's ${v} s visibility timeout had ended, so ${ex.inv(b.n)} received m1 again.`,
    );
    ex.say(
      `A message must stay invisible for the whole window plus the invocation: AWS advises a visibility timeout of at least 6 × the function timeout plus MaximumBatchingWindowInSeconds. Removing the window works too here, since ${base} s of run time fits in ${v} s.`,
    );
    return {
      setup: [
        `An SQS standard queue with VisibilityTimeout ${v}. BatchSize 10, MaximumBatchingWindowInSeconds ${w}.`,
        `The function's Timeout is ${v} s; each invocation takes ${base} s and succeeds.`,
        `Messages m1–m${n} arrive one every half second from t = 0.5 s, and some are processed twice.`,
      ],
      prompt:
        'Which one change gets every message processed exactly once? The simulator ran each option.',
      options,
      explanation: ex,
      showMe: {
        scenario: broken.scenario,
        at: midOf(b),
        follow: 'm1',
        highlight: ['record:m1', 'inflight'],
        caption: 'm1 is received again while its first invocation may still be running.',
      },
    };
  },
};

export const VISIBILITY_TEMPLATES: readonly Template[] = [
  windowDuplicates,
  retryGap,
  fixDuplicates,
];
