import { describe, expect, it } from 'vitest';
import { DYNAMODB_STREAM_ARN, KINESIS_STREAM_ARN } from '../engine/aws';
import type { SourceType } from '../engine/types';
import { buildScenario } from './build';
import { applyEdit, fieldById, validateEdit, type EditableConfig } from './fields';
import {
  MANAGED_POLICIES,
  MAX_POLICIES_PER_ROLE,
  checkExecutionRole,
  closestPolicy,
  defaultExecutionRolePolicies,
} from './roles';
import { checkFields } from './rules';
import { serializeScenario } from './serialize';
import { parseScenario } from './validate';

const SQS_MESSAGE =
  'The provided execution role does not have permissions to call ReceiveMessage on SQS';
const streamMessage = (arn: string): string =>
  `Cannot access stream ${arn}. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM.`;

const scenario = (type: SourceType, fn: Record<string, unknown> = {}, extra = {}) => ({
  format: 1,
  durationSeconds: 30,
  source: { type },
  function: fn,
  ...extra,
});

function problemsOf(input: unknown): { path: string; message: string }[] {
  const r = parseScenario(input);
  return r.ok ? [] : [...r.problems];
}

describe('execution role (function.executionRolePolicies)', () => {
  it('defaults to basic logging plus the source’s read policy, so every scenario stays valid', () => {
    const expected: Record<SourceType, string> = {
      kinesis: 'AWSLambdaKinesisExecutionRole',
      dynamodb: 'AWSLambdaDynamoDBExecutionRole',
      sqs: 'AWSLambdaSQSQueueExecutionRole',
      'sqs-fifo': 'AWSLambdaSQSQueueExecutionRole',
    };
    for (const type of ['kinesis', 'dynamodb', 'sqs', 'sqs-fifo'] as const) {
      const r = parseScenario(scenario(type));
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(r.scenario.function.executionRolePolicies).toEqual([
        'AWSLambdaBasicExecutionRole',
        expected[type],
      ]);
      expect(defaultExecutionRolePolicies(type)).toEqual(r.scenario.function.executionRolePolicies);
      // The default is omitted when the scenario is written back out.
      expect(serializeScenario(r.scenario).function).toBeUndefined();
    }
  });

  it('rejects a role without the source’s read permission at creation, in AWS’s words', () => {
    const basic = { executionRolePolicies: ['AWSLambdaBasicExecutionRole'] };
    expect(problemsOf(scenario('sqs', basic))).toEqual([
      { path: 'function.executionRolePolicies', message: SQS_MESSAGE },
    ]);
    expect(problemsOf(scenario('sqs-fifo', basic))).toEqual([
      { path: 'function.executionRolePolicies', message: SQS_MESSAGE },
    ]);
    expect(problemsOf(scenario('kinesis', basic))).toEqual([
      { path: 'function.executionRolePolicies', message: streamMessage(KINESIS_STREAM_ARN) },
    ]);
    expect(problemsOf(scenario('dynamodb', basic))).toEqual([
      { path: 'function.executionRolePolicies', message: streamMessage(DYNAMODB_STREAM_ARN) },
    ]);
    // The policy of another source does not help: a Kinesis role cannot read a queue.
    expect(
      problemsOf(scenario('sqs', { executionRolePolicies: ['AWSLambdaKinesisExecutionRole'] })),
    ).toEqual([{ path: 'function.executionRolePolicies', message: SQS_MESSAGE }]);
    // Read-only SQS access lists queues but cannot ReceiveMessage.
    expect(
      problemsOf(scenario('sqs', { executionRolePolicies: ['AmazonSQSReadOnlyAccess'] })),
    ).toEqual([{ path: 'function.executionRolePolicies', message: SQS_MESSAGE }]);
    // An empty role can read nothing.
    expect(problemsOf(scenario('kinesis', { executionRolePolicies: [] }))[0]?.message).toBe(
      streamMessage(KINESIS_STREAM_ARN),
    );
  });

  it('accepts other policies that grant the read actions, and extra policies without effect', () => {
    const ok = (type: SourceType, executionRolePolicies: string[]) =>
      expect(problemsOf(scenario(type, { executionRolePolicies }))).toEqual([]);
    ok('sqs', ['AmazonSQSFullAccess']);
    ok('sqs', ['AWSLambdaRole', 'AWSXRayDaemonWriteAccess', 'AWSLambdaSQSQueueExecutionRole']);
    ok('kinesis', ['AmazonKinesisReadOnlyAccess']);
    ok('kinesis', ['AWSLambdaBasicExecutionRole', 'AmazonKinesisFullAccess', 'AWSLambdaRole']);
    ok('dynamodb', ['AmazonDynamoDBFullAccess']);
    for (const type of ['kinesis', 'dynamodb', 'sqs', 'sqs-fifo'] as const) {
      ok(type, ['AdministratorAccess']);
    }
    const r = parseScenario(
      scenario('sqs', { executionRolePolicies: ['AmazonSQSFullAccess', 'AWSLambdaRole'] }),
    );
    expect(r.ok && r.scenario.function.executionRolePolicies).toEqual([
      'AmazonSQSFullAccess',
      'AWSLambdaRole',
    ]);
  });

  it('catches a typo with IAM’s words, a suggestion and the known policies', () => {
    const [p] = problemsOf(
      scenario('sqs', {
        executionRolePolicies: ['AWSLambdaBasicExecutionRole', 'AWSLambdaSQSQueueExecutonRole'],
      }),
    );
    expect(p?.path).toBe('function.executionRolePolicies');
    expect(p?.message).toMatch(
      /^Policy arn:aws:iam::aws:policy\/AWSLambdaSQSQueueExecutonRole does not exist or is not attachable \(IAM NoSuchEntity\): did you mean AWSLambdaSQSQueueExecutionRole\? Managed policies the simulator knows: AWSLambdaBasicExecutionRole, /,
    );
    for (const known of MANAGED_POLICIES) expect(p?.message).toContain(known.name);
    expect(closestPolicy('awslambdabasicexecutionrole')).toBe('AWSLambdaBasicExecutionRole');
    expect(closestPolicy('MyOwnPolicy')).toBeNull();
    expect(checkExecutionRole(['MyOwnPolicy'], 'sqs')).not.toMatch(/did you mean/);
  });

  it('rejects duplicates, more than IAM’s 10 policies, and values that are not name lists', () => {
    expect(
      checkExecutionRole(
        ['AWSLambdaSQSQueueExecutionRole', 'AWSLambdaSQSQueueExecutionRole'],
        'sqs',
      ),
    ).toBe('AWSLambdaSQSQueueExecutionRole is listed twice: a role has each managed policy once');
    const many = MANAGED_POLICIES.slice(0, MAX_POLICIES_PER_ROLE + 1).map((p) => p.name);
    expect(checkExecutionRole(many, 'sqs')).toBe(
      'Cannot exceed quota for PoliciesPerRole: 10 (IAM LimitExceeded)',
    );
    expect(checkExecutionRole('AWSLambdaSQSQueueExecutionRole', 'sqs')).toMatch(
      /Expected an array/,
    );
    expect(checkExecutionRole([3], 'sqs')).toMatch(/Expected AWS managed policy names/);
    // A string where the list belongs is a structural problem at the same path.
    expect(
      problemsOf(scenario('sqs', { executionRolePolicies: 'AWSLambdaSQSQueueExecutionRole' }))[0]
        ?.path,
    ).toBe('function.executionRolePolicies');
  });

  it('cannot change during a run: a scripted action is refused at its path', () => {
    const input = scenario(
      'sqs',
      {},
      {
        actions: [{ at: 5, function: { executionRolePolicies: ['AWSLambdaBasicExecutionRole'] } }],
      },
    );
    expect(problemsOf(input)).toEqual([
      {
        path: 'actions[0].function.executionRolePolicies',
        message:
          'executionRolePolicies cannot be changed during a run (AWS checks the role when the mapping is created); set it in the scenario’s function and restart',
      },
    ]);
  });

  it('is a restart-only multiselect in the settings registry, checked with the same rule', () => {
    const f = fieldById('function.executionRolePolicies')!;
    expect(f.kind).toBe('multiselect');
    expect(f.label).toBe('Execution role policies');
    expect(f.live).toBe(false);
    expect(f.options?.map((o) => o.value)).toEqual(MANAGED_POLICIES.map((p) => p.name));
    const s = buildScenario({ source: { type: 'sqs' } });
    const cfg: EditableConfig = {
      source: s.source,
      mapping: s.mapping,
      function: s.function,
      producers: s.producers,
    };
    expect(f.read(cfg)).toBe('AWSLambdaBasicExecutionRole,AWSLambdaSQSQueueExecutionRole');
    expect(f.defaults.sqs).toBe(f.read(cfg));
    const action = f.toAction('AWSLambdaBasicExecutionRole', cfg);
    expect(action).toEqual({
      function: { executionRolePolicies: ['AWSLambdaBasicExecutionRole'] },
    });
    // What the controls check before restarting (checkFields for restart-only fields).
    expect(checkFields('sqs', { function: action.function! })).toEqual([
      { path: 'function.executionRolePolicies', message: SQS_MESSAGE },
    ]);
    expect(f.toAction('', cfg)).toEqual({ function: { executionRolePolicies: [] } });
    const valid = f.toAction('AWSLambdaBasicExecutionRole,AmazonSQSFullAccess', cfg);
    expect(checkFields('sqs', { function: valid.function! })).toEqual([]);
    expect(applyEdit(cfg, valid).function.executionRolePolicies).toEqual([
      'AWSLambdaBasicExecutionRole',
      'AmazonSQSFullAccess',
    ]);
    // As a live edit (which the controls never send) it is refused like a scripted action.
    expect(validateEdit(cfg, valid)[0]?.path).toBe('function.executionRolePolicies');
  });
});
