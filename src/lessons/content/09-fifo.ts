/**
 * Lesson 9: SQS FIFO — message groups, order within a group, concurrency =
 * number of active groups, a failing message holds its group.
 */
import type { RecordDraft, ScenarioDraft } from '../../scenarios/build';
import {
  cmp,
  deliveredTogether,
  firstDeliveredBefore,
  groupLocked,
  invariant,
  keysNeverConcurrent,
  messageInFlight,
  q,
  status,
} from '../dsl';
import type { Lesson } from '../types';

/** `perGroup` messages in each of `groups`, sent in turns (A1, B1, C1, A2, …). */
function groupsOf(groups: readonly string[], perGroup: number, from = 1): RecordDraft[] {
  const out: RecordDraft[] = [];
  for (let i = 1; i <= perGroup; i++) {
    groups.forEach((g, j) => {
      out.push({
        id: `${g.toLowerCase()}${i}`,
        at: Math.round((from + (i - 1) * 0.1 + j * 0.01) * 1000) / 1000,
        key: g,
      });
    });
  }
  return out;
}

function fifo(title: string, records: readonly RecordDraft[], batchSize: number): ScenarioDraft {
  return {
    format: 1,
    title: `Lesson 9: ${title}`,
    seed: 1,
    durationSeconds: 120,
    source: { type: 'sqs-fifo', VisibilityTimeout: 10, ContentBasedDeduplication: true },
    mapping: { BatchSize: batchSize },
    function: { durationSeconds: { base: 1 } },
    records: records.map((r) => ({ ...r, body: r.id })),
  };
}

const threeGroups = fifo('message groups', groupsOf(['A', 'B', 'C'], 4), 2);
const eightGroups = fifo(
  'concurrency follows the groups',
  groupsOf(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'], 6),
  1,
);
/** a2 fails on its first two deliveries; group B has nothing wrong. */
const held = fifo(
  'a failing message holds its group',
  groupsOf(['A', 'B'], 4).map((r) => (r.id === 'a2' ? { ...r, failDeliveries: 2 } : r)),
  1,
);

export const fifoQueues: Lesson = {
  id: 'sqs-fifo',
  number: 9,
  title: 'SQS FIFO: message groups and order',
  short: 'SQS FIFO',
  summary:
    'Order holds within a message group; concurrency follows the number of active groups; a failing message holds back its group only.',
  sources: ['sqs-fifo'],
  steps: [
    {
      title: 'Order within a message group',
      scenario: threeGroups,
      at: 2.5,
      narration:
        'Every message of a FIFO queue carries a message group id: here A, B or C. ' +
        'Within a group, messages reach the function in the order they were sent, and never two invocations hold the same group at once. ' +
        'With BatchSize 2, a2 and a3 travelled in one batch, in their order.',
      look: ['group:A', 'group:B', 'group:C'],
      claims: [
        invariant('Order per key kept'),
        invariant('FIFO groups never concurrent'),
        firstDeliveredBefore('a1', 'a2'),
        firstDeliveredBefore('a3', 'a4'),
        deliveredTogether('a2', 'a3'),
        cmp(q.setting('BatchSize'), '==', 2),
      ],
    },
    {
      title: 'Concurrency follows the groups',
      scenario: eightGroups,
      at: 0.5,
      narration:
        'From t = 1 s this queue gets {n:message} in {groups:message group|message groups}, and BatchSize is {size}. ' +
        'An SQS mapping starts with 5 pollers and adds more while messages wait.',
      values: { n: q.scenarioRecords(), groups: q.scenarioKeys(), size: q.setting('BatchSize') },
      look: ['pollers', 'concurrency'],
      claims: [cmp(q.recordsPut(), '==', 0), cmp(q.fleetSize(), '==', 5)],
      predict: {
        question: 'At most, how many invocations will run at once?',
        options: [
          {
            id: 'five',
            label: '5, the starting pollers',
            claim: cmp(q.peakConcurrency('since'), '==', 5),
          },
          {
            id: 'groups',
            label: '8, one per message group',
            claim: cmp(q.peakConcurrency('since'), '==', 8),
          },
          {
            id: 'all',
            label: '48, one per message',
            claim: cmp(q.peakConcurrency('since'), '==', 48),
          },
        ],
        runSeconds: 8,
        reveal:
          'At most {peak} ran at once, although the fleet grew to {pollers:poller}: a FIFO mapping runs at most one batch per active message group. ' +
          'To process a FIFO queue faster, spread messages over more groups.',
        values: { peak: q.peakConcurrency('since'), pollers: q.fleetSize() },
        claims: [
          cmp(q.peakConcurrency('since'), '==', 8),
          cmp(q.fleetSize(), '>', 8),
          invariant('FIFO groups never concurrent'),
        ],
      },
    },
    {
      title: 'A failing message holds its group',
      scenario: held,
      at: 9,
      narration:
        'a2 made the function throw. ' +
        'Group A is locked until a2 is processed: a3 and a4 wait behind it, so order within the group holds. ' +
        'Group B is not held back: its messages are all done, so its row has left the stage.',
      look: ['group:A'],
      claims: [
        groupLocked('A'),
        cmp(q.deliveries('a3'), '==', 0),
        status('b4', 'succeeded'),
        cmp(q.activeGroups(), '==', 1),
        cmp(q.failedInvocations(), '==', 1),
      ],
    },
    {
      title: 'The group moves on',
      scenario: held,
      at: 23.5,
      narration:
        'a2 came back after each visibility timeout ({vt}); it failed twice and succeeded on its third delivery. ' +
        'Only then did a3 reach the function, and a4 waits behind it. ' +
        'FIFO batches hold at most 10 messages, and FIFO mappings have no batch window.',
      values: { vt: q.setting('VisibilityTimeout') },
      look: ['group:A'],
      claims: [
        cmp(q.deliveries('a2'), '==', 3),
        status('a2', 'succeeded'),
        messageInFlight('a3'),
        cmp(q.deliveries('a4'), '==', 0),
        firstDeliveredBefore('a2', 'a3'),
        keysNeverConcurrent(),
        invariant('Order per key kept'),
      ],
      rules: [
        { scenario: fifo('batch of 10', [], 10), verdict: 'valid' },
        { scenario: fifo('batch of 11', [], 11), verdict: 'rejected', path: 'mapping.BatchSize' },
        {
          scenario: {
            ...fifo('window', [], 10),
            mapping: { BatchSize: 10, MaximumBatchingWindowInSeconds: 1 },
          },
          verdict: 'rejected',
          path: 'mapping.MaximumBatchingWindowInSeconds',
        },
      ],
    },
  ],
};
