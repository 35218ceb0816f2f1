/** SQS FIFO: ordering per message group, and concurrency bounded by active groups. */
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
  midOf,
  need,
  peakConcurrency,
  recordOf,
  round3,
  run,
  type Draft,
} from '../run';
import { Explainer, firstTimes, list, plural, secs } from '../text';
import type { RecordDraft } from '../../scenarios/build';

const GROUP_NAMES = ['A', 'B', 'C', 'D', 'E', 'F'];

/** `per` messages in each group (a1, a2, …, b1, …), sent in turn from t = 1 s. */
function groupMessages(
  groups: number,
  per: number,
  fail: Readonly<Record<string, number>> = {},
): RecordDraft[] {
  const out: RecordDraft[] = [];
  for (let i = 1; i <= per; i++) {
    for (let g = 0; g < groups; g++) {
      const name = GROUP_NAMES[g] ?? 'A';
      const id = `${name.toLowerCase()}${i}`;
      const f = fail[id];
      out.push({
        id,
        at: round3(1 + (i - 1) * 0.2 + g * 0.01),
        key: name,
        body: `${id} payload`,
        ...(f === undefined ? {} : { failDeliveries: f }),
      });
    }
  }
  return out;
}

const peak: Template = {
  ...entry('fifo-peak-concurrency'),
  generate(d) {
    const groups = d.int(2, 6);
    const cap = d.chance(0.6) ? d.int(2, 8) : null;
    const r = run({
      durationSeconds: 30,
      seed: d.scenarioSeed(),
      source: { type: 'sqs-fifo', ContentBasedDeduplication: true, VisibilityTimeout: 30 },
      mapping: {
        BatchSize: 2,
        ...(cap === null ? {} : { ScalingConfig: { MaximumConcurrency: cap } }),
      },
      function: { durationSeconds: { base: 2, perRecord: 0 } },
      records: groupMessages(groups, 6),
    });
    const p = peakConcurrency(r.report);
    const answer = p.value;
    const ex = new Explainer();
    ex.say(
      `At ${secs(p.at)}, ${ex.inv(p.running)} ran at the same time: ${plural(answer, 'invocation')}.`,
    );
    ex.say(
      `A group with a message in flight receives nothing more until that batch is done, so a FIFO queue runs at most one batch per active message group: at most ${groups} here${cap === null ? '' : `, and MaximumConcurrency ${cap} caps it at ${cap}`}. The limit is min(groups, MaximumConcurrency) = ${Math.min(groups, cap ?? Infinity)}.`,
    );
    return {
      setup: [
        `An SQS FIFO queue with ${groups} message groups (${list(GROUP_NAMES.slice(0, groups))}), 6 messages in each, all sent around t = 1 s.`,
        `BatchSize 2${cap === null ? ', no MaximumConcurrency' : `, ScalingConfig MaximumConcurrency ${cap}`}. Each invocation takes 2 s and succeeds.`,
      ],
      prompt: 'What is the largest number of invocations running at the same time?',
      number: numberAnswer(answer, 'invocations', [
        [
          cap ?? 5,
          cap === null
            ? 'Lambda starts a standard queue with 5 concurrent invokes, but a FIFO queue is bounded by its active message groups.'
            : 'MaximumConcurrency is only a cap: a FIFO queue cannot run more batches at once than it has active message groups.',
        ],
        [
          1,
          'Order is kept per message group, not for the whole queue: different groups run in parallel.',
        ],
        [groups * 2, 'Each group has at most one batch in flight, however many messages it holds.'],
        [groups, `MaximumConcurrency ${cap ?? ''} caps the groups running at once.`],
      ]),
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: round3(p.at + 0.05),
        follow: null,
        highlight: ['concurrency', 'group:A'],
        caption: `${plural(answer, 'invocation')} at once: one per message group${cap !== null && cap < groups ? ', up to MaximumConcurrency' : ''}.`,
      },
    };
  },
};

const failedGroup: Template = {
  ...entry('fifo-failed-group'),
  generate(d) {
    const groups = d.int(2, 3);
    const fails = d.int(1, 2);
    const v = d.pick([5, 10]);
    const r = run({
      durationSeconds: 60,
      seed: d.scenarioSeed(),
      source: { type: 'sqs-fifo', ContentBasedDeduplication: true, VisibilityTimeout: v },
      mapping: { BatchSize: 1 },
      records: groupMessages(groups, 3, { a2: fails }),
    });
    const a2 = invocationsWith(r.report, 'a2');
    const ok = a2.find((i) => i.result === 'success');
    need(ok !== undefined, 'a2 never succeeded');
    const ids = ['a1', 'a3', 'b1', 'b2', 'b3', ...(groups > 2 ? ['c2', 'c3'] : [])];
    const doneBefore = (id: string): boolean => {
      const inv = invocationsWith(r.report, id).find((i) => i.result === 'success');
      return inv !== undefined && inv.end <= ok.start;
    };
    const chosen = d.sample(ids, Math.min(5, ids.length)).sort();
    const options = chosen.map((id) =>
      claim(
        id,
        doneBefore(id),
        id.startsWith('a')
          ? `${id} is in group A behind a2: SQS hands out nothing more of a group while one of its messages is in flight or waiting to be retried.`
          : `${id} is in another group; groups are independent, so it was processed while a2 waited.`,
        doneBefore(id) ? `${id} succeeded before a2 did.` : `${id} succeeded after a2.`,
      ),
    );
    need(options.some((o) => o.correct) && options.some((o) => !o.correct), 'all or nothing');
    const ex = new Explainer();
    const others = delivered(r.report)
      .filter(
        (i) =>
          i.start < ok.start &&
          !i.records.includes('a2' as never) &&
          i.records.every((id) => !id.startsWith('a')),
      )
      .map((i) => i.n);
    ex.say(
      `a2 failed in ${ex.inv(a2.filter((i) => i.result !== 'success').map((i) => i.n))}; after each failure it stayed invisible for its ${v} s visibility timeout, and it succeeded in ${ex.inv(ok.n)}. Until then group A was locked: a3 waited, in order.`,
    );
    if (others.length > 0) {
      ex.say(`The other groups carried on meanwhile: ${ex.inv(others)} processed their messages.`);
    }
    const failedFirst = a2[0];
    need(failedFirst !== undefined, 'never delivered');
    return {
      setup: [
        `An SQS FIFO queue (VisibilityTimeout ${v}) with groups ${list(GROUP_NAMES.slice(0, groups))}: messages a1–a3, b1–b3${groups > 2 ? ', c1–c3' : ''}, sent in order around t = 1 s.`,
        `BatchSize 1. The function throws on a2 ${firstTimes(fails)} it gets it, then succeeds.`,
      ],
      prompt:
        'Which of these messages does the function process successfully before a2 finally succeeds? Choose every one.',
      options,
      keepOrder: true,
      explanation: ex,
      showMe: {
        scenario: r.scenario,
        at: round3(failedFirst.end + v / 2),
        follow: 'a2',
        highlight: ['group:A', 'group:B'],
        caption: 'Group A waits for a2; group B carries on.',
      },
    };
  },
};

const FIX_FIFO: readonly FixCandidate[] = [
  {
    text: 'Give the queue a redrive policy: a FIFO DLQ with maxReceiveCount 3',
    apply: (b) => ({ ...b, source: { ...b.source, RedrivePolicy: { maxReceiveCount: 3 } } }),
    meant: 'fix',
    misconception: '',
  },
  {
    text: 'Set ScalingConfig MaximumConcurrency to 10',
    apply: (b) => ({ ...b, mapping: { ...b.mapping, ScalingConfig: { MaximumConcurrency: 10 } } }),
    meant: 'wrong',
    misconception:
      'More concurrency cannot process a group’s later messages: a FIFO group is handed out in order, one batch at a time.',
  },
  {
    text: 'Lower the queue’s VisibilityTimeout to 3 s',
    apply: (b) => ({ ...b, source: { ...b.source, VisibilityTimeout: 3 } }),
    meant: 'wrong',
    misconception:
      'A shorter visibility timeout only retries the failing message sooner; without a DLQ it is retried forever and its group stays blocked.',
  },
  {
    text: 'Set MaximumRetryAttempts to 2 on the event source mapping',
    apply: (b) => ({ ...b, mapping: { ...b.mapping, MaximumRetryAttempts: 2 } }),
    meant: 'wrong',
    misconception:
      'MaximumRetryAttempts is a stream setting; an SQS queue limits retries with maxReceiveCount in its redrive policy.',
  },
  {
    text: 'Set BatchSize to 10',
    apply: (b) => ({ ...b, mapping: { ...b.mapping, BatchSize: 10 } }),
    meant: 'wrong',
    misconception:
      'A bigger batch puts the later messages of the group in the same failing batch: they fail with it.',
  },
  {
    text: 'Turn on ReportBatchItemFailures and report the failed message',
    apply: (b) => ({
      ...b,
      mapping: { ...b.mapping, FunctionResponseTypes: ['ReportBatchItemFailures'] },
      function: { ...b.function, failureMode: 'reportBatchItemFailures' },
    }),
    meant: 'wrong',
    misconception:
      'On a FIFO queue the function must report the failed message and every message after it in the group; the group still waits for it.',
  },
];

const fixBlockedGroup: Template = {
  ...entry('fifo-fix-blocked-group'),
  generate(d) {
    const v = d.pick([5, 10]);
    const per = d.int(3, 4);
    const base: Draft = {
      durationSeconds: 90,
      seed: d.scenarioSeed(),
      source: { type: 'sqs-fifo', ContentBasedDeduplication: true, VisibilityTimeout: v },
      mapping: { BatchSize: 1 },
      records: groupMessages(2, per, { a2: -1 }),
    };
    const after = [...Array(per - 2).keys()].map((i) => `a${i + 3}`);
    const judge: FixJudge = {
      fixed: (x) => after.every((id) => recordOf(x.report, id).status === 'succeeded'),
      describe: (x) =>
        after.every((id) => recordOf(x.report, id).status === 'succeeded')
          ? `${list(after)} succeeded; a2 ended ${recordOf(x.report, 'a2').status}.`
          : `${list(after)} still waited behind a2 at 90 s (a2 was received ${recordOf(x.report, 'a2').deliveries} times).`,
      moment: (x) => {
        const a3 = invocationsWith(x.report, 'a3')[0];
        return {
          at: a3 === undefined ? 40 : midOf(a3),
          follow: 'a2',
          highlight: ['group:A'],
          caption:
            a3 === undefined
              ? 'Group A is still blocked.'
              : 'a3 gets through once a2 is out of the way.',
        };
      },
    };
    const broken = run(base);
    need(!judge.fixed(broken), 'not blocked');
    const options = fixOptions(d, base, FIX_FIFO, judge);
    const invs = invocationsWith(broken.report, 'a2').map((i) => i.n);
    const ex = new Explainer();
    ex.say(
      `As it is, a2 failed in ${ex.inv(invs)}, coming back every ${v} s. A FIFO group is handed out in order, so ${list(after)} never got a turn; group B was not affected.`,
    );
    ex.say(
      'Only moving a2 out of the queue unblocks the group: a redrive policy sends it to the (FIFO) dead-letter queue after maxReceiveCount receives. AWS warns that this gives up strict order for that message.',
    );
    return {
      setup: [
        `An SQS FIFO queue (VisibilityTimeout ${v}), no redrive policy. Groups A and B, messages a1–a${per} and b1–b${per} sent in order around t = 1 s. BatchSize 1.`,
        'a2 fails on every delivery (the function throws).',
      ],
      prompt: `Which one change gets ${list(after)} processed? The simulator ran each option.`,
      options,
      explanation: ex,
      showMe: {
        scenario: broken.scenario,
        at: 30,
        follow: 'a2',
        highlight: ['group:A', 'group:B'],
        caption: 'Group A is stuck behind a2; group B is done.',
      },
    };
  },
};

export const FIFO_TEMPLATES: readonly Template[] = [peak, failedGroup, fixBlockedGroup];
