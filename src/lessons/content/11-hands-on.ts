/**
 * Lesson 11: the lecture's hands-on — the SQS trigger refused because the
 * execution role cannot call sqs:ReceiveMessage, the fix (the
 * AWSLambdaSQSQueueExecutionRole managed policy; AWSLambdaKinesisExecutionRole
 * for Kinesis), and disabling the trigger so a stopped demo stops polling.
 */
import type { ScenarioDraft } from '../../scenarios/build';
import { cmp, mappingEnabled, q, rolePolicy, status } from '../dsl';
import type { Lesson } from '../types';

const BASIC = 'AWSLambdaBasicExecutionRole';
const SQS_POLICY = 'AWSLambdaSQSQueueExecutionRole';
const KINESIS_POLICY = 'AWSLambdaKinesisExecutionRole';

/** The lecture's demo: a standard queue, a function that logs what it gets, a "hello world" message. */
function demoQueue(
  title: string,
  policies: readonly string[],
  enabled: boolean,
  extra: Partial<ScenarioDraft> = {},
): ScenarioDraft {
  return {
    format: 1,
    title: `Lesson 11: ${title}`,
    seed: 1,
    durationSeconds: 60,
    source: { type: 'sqs' },
    mapping: { BatchSize: 10, Enabled: enabled },
    function: { executionRolePolicies: [...policies], durationSeconds: { base: 0.5 } },
    records: [{ id: 'hello-world', at: 1, body: '{"message":"hello world","foo":"bar"}' }],
    ...extra,
  };
}

/** What the student asks for first: the trigger, enabled, with a role that only writes logs. */
const refusedAttempt = demoQueue('the trigger as first added', [BASIC], true);
/** What the lab shows meanwhile: a mapping that is switched off, the message waiting. */
const noTrigger = demoQueue('no working trigger yet', [BASIC, SQS_POLICY], false);
/** After attaching AWSLambdaSQSQueueExecutionRole. */
const withPolicy = demoQueue('the role can read the queue', [BASIC, SQS_POLICY], true);
/** The demo over: the trigger is disabled at t = 10 s, two more messages arrive later. */
const disabled = demoQueue('the trigger disabled after the demo', [BASIC, SQS_POLICY], true, {
  records: [
    { id: 'hello-world', at: 1, body: '{"message":"hello world"}' },
    { id: 'second', at: 4, body: '{"message":"second"}' },
    { id: 'late-1', at: 15, body: '{"message":"late 1"}' },
    { id: 'late-2', at: 20, body: '{"message":"late 2"}' },
  ],
  actions: [{ at: 10, mapping: { Enabled: false } }],
});

/** A Kinesis stream and the same function. */
function demoStream(title: string, policies: readonly string[]): ScenarioDraft {
  return {
    format: 1,
    title: `Lesson 11: ${title}`,
    seed: 1,
    durationSeconds: 60,
    source: { type: 'kinesis', ShardCount: 1 },
    mapping: { StartingPosition: 'LATEST', BatchSize: 100 },
    function: { executionRolePolicies: [...policies], durationSeconds: { base: 0.5 } },
    records: [
      { id: 'click-1', at: 1, key: 'user-1' },
      { id: 'click-2', at: 1.5, key: 'user-2' },
      { id: 'click-3', at: 2, key: 'user-1' },
    ],
  };
}
const kinesisWithSqsPolicy = demoStream('a Kinesis trigger with the SQS policy', [
  BASIC,
  SQS_POLICY,
]);
const kinesisWithPolicy = demoStream('a Kinesis trigger that can read', [BASIC, KINESIS_POLICY]);

export const handsOn: Lesson = {
  id: 'hands-on',
  number: 11,
  title: 'Hands-on: the execution role and disabling the trigger',
  short: 'Hands-on',
  summary:
    'As in the lecture: the trigger refused for lack of sqs:ReceiveMessage, the managed policy that fixes it, and disabling the trigger after the demo.',
  sources: ['sqs', 'kinesis'],
  steps: [
    {
      title: 'The trigger is refused',
      scenario: noTrigger,
      attempt: refusedAttempt,
      at: 5,
      narration:
        'As in the lecture, we add an SQS trigger to a function whose role has only AWSLambdaBasicExecutionRole. ' +
        'Lambda refuses: the role cannot call ReceiveMessage (its answer is below). ' +
        'The lab shows this as a mapping switched off (Enabled: false): nothing polls the queue, and the message waits.',
      look: ['queue'],
      claims: [
        cmp(q.visible(), '==', 1),
        cmp(q.polls(), '==', 0),
        cmp(q.invocations(), '==', 0),
        mappingEnabled(false),
      ],
      rules: [
        {
          scenario: refusedAttempt,
          verdict: 'rejected',
          path: 'function.executionRolePolicies',
          quote:
            'The provided execution role does not have permissions to call ReceiveMessage on SQS',
        },
      ],
    },
    {
      title: 'Attach the managed policy',
      scenario: withPolicy,
      at: 3,
      narration:
        'The fix, as in the lecture: attach the AWS managed policy AWSLambdaSQSQueueExecutionRole to the role; it allows ReceiveMessage, DeleteMessage and GetQueueAttributes. ' +
        'Now the trigger is created: a poller received the message as it arrived, and Lambda deleted it once the function succeeded.',
      look: ['pollers', 'queue'],
      claims: [
        rolePolicy(SQS_POLICY),
        rolePolicy(BASIC),
        status('hello-world', 'succeeded'),
        cmp(q.firstDeliveryDelay('hello-world'), '==', 0),
        cmp(q.visible(), '==', 0),
        mappingEnabled(),
      ],
      rules: [{ scenario: withPolicy, verdict: 'valid' }],
    },
    {
      title: 'Disable the trigger after the demo',
      scenario: disabled,
      at: 12,
      narration:
        'The demo is over, so at t = 10 s the trigger was disabled (Enabled: false). ' +
        'An enabled mapping keeps polling all day, and every ReceiveMessage call counts as an SQS request.',
      look: ['pollers', 'queue'],
      claims: [
        mappingEnabled(false),
        status('hello-world', 'succeeded'),
        status('second', 'succeeded'),
      ],
      predict: {
        question: 'Two more messages arrive at 15 and 20 s. Then?',
        options: [
          {
            id: 'processed',
            label: 'The function gets them',
            claim: cmp(q.invocationsContaining('late-1', 'since'), '>', 0),
          },
          {
            id: 'wait',
            label: 'They wait in the queue',
            claim: {
              c: 'all',
              claims: [status('late-1', 'pending'), status('late-2', 'pending')],
            },
          },
          { id: 'dlq', label: 'They go to a dead-letter queue', claim: cmp(q.dlq(), '>', 0) },
        ],
        runSeconds: 15,
        reveal:
          'They wait: a disabled mapping receives nothing, so the function got no new batch. ' +
          'The {n:message} stay in the queue until the trigger is enabled again or their retention ends.',
        values: { n: q.visible() },
        claims: [
          cmp(q.invocations('since'), '==', 0),
          cmp(q.visible(), '==', 2),
          mappingEnabled(false),
        ],
      },
    },
    {
      title: 'A Kinesis trigger needs its own policy',
      scenario: kinesisWithPolicy,
      attempt: kinesisWithSqsPolicy,
      at: 3,
      narration:
        'The lecture then adds a Kinesis trigger. The SQS policy does not help there: Lambda refuses the mapping and names the actions the role lacks (below). ' +
        'With AWSLambdaKinesisExecutionRole attached instead, the stream’s {n:record} reach the function.',
      values: { n: q.withStatus('succeeded') },
      look: ['shard:0'],
      claims: [
        rolePolicy(KINESIS_POLICY),
        rolePolicy(SQS_POLICY, false),
        cmp(q.withStatus('succeeded'), '==', 3),
      ],
      rules: [
        {
          scenario: kinesisWithSqsPolicy,
          verdict: 'rejected',
          path: 'function.executionRolePolicies',
          quote:
            'Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream',
        },
        { scenario: kinesisWithPolicy, verdict: 'valid' },
      ],
    },
  ],
};
