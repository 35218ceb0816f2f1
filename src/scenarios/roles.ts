/**
 * The function's execution role, as the scenario's `function.executionRolePolicies`
 * gives it: the AWS managed policies attached to the role. CreateEventSourceMapping
 * checks that the role can read the source and rejects the mapping otherwise
 * (InvalidParameterValueException). The simulator knows a dozen managed policies
 * and what each lets Lambda read; a name it does not know is refused the way
 * IAM refuses to attach it, with the known names listed.
 *
 * Zod-free: the controls UI imports it (through rules.ts and fields.ts).
 */
import { DYNAMODB_STREAM_ARN, KINESIS_STREAM_ARN } from '../engine/aws';
import type { SourceType } from '../engine/types';

/** An AWS managed policy the simulator knows. */
export interface ManagedPolicy {
  readonly name: string;
  /** Its ARN (the Lambda ones live under `service-role/`). */
  readonly arn: string;
  /** The sources whose read actions it allows (what CreateEventSourceMapping checks). */
  readonly reads: readonly SourceType[];
  /** What it allows, in a few words (the control shows it). */
  readonly summary: string;
}

const ALL: readonly SourceType[] = ['kinesis', 'dynamodb', 'sqs', 'sqs-fifo'];
const QUEUES: readonly SourceType[] = ['sqs', 'sqs-fifo'];
const policy = (
  name: string,
  path: '' | 'service-role/',
  reads: readonly SourceType[],
  summary: string,
): ManagedPolicy => ({ name, arn: `arn:aws:iam::aws:policy/${path}${name}`, reads, summary });

/** The managed policies the simulator knows, Lambda's own first. */
export const MANAGED_POLICIES: readonly ManagedPolicy[] = [
  policy('AWSLambdaBasicExecutionRole', 'service-role/', [], 'CloudWatch Logs only'),
  policy(
    'AWSLambdaKinesisExecutionRole',
    'service-role/',
    ['kinesis'],
    'Kinesis read (GetRecords, GetShardIterator, DescribeStream, ListStreams, …) and logs',
  ),
  policy(
    'AWSLambdaDynamoDBExecutionRole',
    'service-role/',
    ['dynamodb'],
    'DynamoDB Streams read (GetRecords, GetShardIterator, DescribeStream, ListStreams) and logs',
  ),
  policy(
    'AWSLambdaSQSQueueExecutionRole',
    'service-role/',
    QUEUES,
    'SQS ReceiveMessage, DeleteMessage, GetQueueAttributes and logs',
  ),
  policy(
    'AWSLambdaVPCAccessExecutionRole',
    'service-role/',
    [],
    'network interfaces in a VPC and logs',
  ),
  policy('AWSLambdaRole', 'service-role/', [], 'lambda:InvokeFunction only'),
  policy('AWSXRayDaemonWriteAccess', '', [], 'X-Ray traces only'),
  policy('AmazonKinesisReadOnlyAccess', '', ['kinesis'], 'kinesis:Get*, List*, Describe*'),
  policy('AmazonKinesisFullAccess', '', ['kinesis'], 'kinesis:*'),
  policy('AmazonDynamoDBFullAccess', '', ['dynamodb'], 'dynamodb:*, streams included'),
  policy(
    'AmazonSQSReadOnlyAccess',
    '',
    [],
    'sqs:GetQueueAttributes, ListQueues, …: no ReceiveMessage',
  ),
  policy('AmazonSQSFullAccess', '', QUEUES, 'sqs:*'),
  policy('AdministratorAccess', '', ALL, 'every action on every resource'),
];

/** IAM's default quota of managed policies attached to one role. */
export const MAX_POLICIES_PER_ROLE = 10;

/** The managed policy Lambda's console attaches for each source (AWS's execution-role policies). */
export const SOURCE_POLICY: Readonly<Record<SourceType, string>> = {
  kinesis: 'AWSLambdaKinesisExecutionRole',
  dynamodb: 'AWSLambdaDynamoDBExecutionRole',
  sqs: 'AWSLambdaSQSQueueExecutionRole',
  'sqs-fifo': 'AWSLambdaSQSQueueExecutionRole',
};

/** The role a scenario gets when it names none: basic logging plus the source's read policy. */
export function defaultExecutionRolePolicies(type: SourceType): readonly string[] {
  return ['AWSLambdaBasicExecutionRole', SOURCE_POLICY[type]];
}

/** The known policy of this name, if any. */
export const policyByName = (name: string): ManagedPolicy | undefined =>
  MANAGED_POLICIES.find((p) => p.name === name);

/** Levenshtein distance, for "did you mean" (names are short). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = Math.min(up + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length]!;
}

/** The known policy a mistyped name most likely meant (case-insensitive, a few edits away). */
export function closestPolicy(name: string): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const p of MANAGED_POLICIES) {
    const d = distance(name.toLowerCase(), p.name.toLowerCase());
    if (d < bestDistance) {
      best = p.name;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 6)) ? best : null;
}

/**
 * AWS's InvalidParameterValueException when the role cannot read the source
 * (CreateEventSourceMapping checks the role first): SQS names the first action
 * missing; streams name the stream and the four read actions.
 */
export function missingReadPermissionMessage(type: SourceType): string {
  if (type === 'sqs' || type === 'sqs-fifo') {
    return 'The provided execution role does not have permissions to call ReceiveMessage on SQS';
  }
  const arn = type === 'kinesis' ? KINESIS_STREAM_ARN : DYNAMODB_STREAM_ARN;
  return `Cannot access stream ${arn}. Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM.`;
}

const KNOWN_LIST = MANAGED_POLICIES.map((p) => p.name).join(', ');

/**
 * Checks a role's policy list for a source type: a list of known, distinct
 * names, at most IAM's quota, one of which lets Lambda read the source.
 * Returns the problem (AWS's or IAM's wording where they have one), or null.
 */
export function checkExecutionRole(value: unknown, type: SourceType): string | null {
  if (!Array.isArray(value)) {
    return `Expected an array of AWS managed policy names, received ${value === null ? 'null' : typeof value}`;
  }
  const seen = new Set<string>();
  for (const name of value as unknown[]) {
    if (typeof name !== 'string') {
      return `Expected AWS managed policy names (strings), received ${name === null ? 'null' : typeof name}`;
    }
    if (policyByName(name) === undefined) {
      const guess = closestPolicy(name);
      return (
        `Policy arn:aws:iam::aws:policy/${name} does not exist or is not attachable (IAM NoSuchEntity)` +
        `${guess === null ? '' : `: did you mean ${guess}?`} Managed policies the simulator knows: ${KNOWN_LIST}`
      );
    }
    if (seen.has(name)) return `${name} is listed twice: a role has each managed policy once`;
    seen.add(name);
  }
  if (value.length > MAX_POLICIES_PER_ROLE) {
    return `Cannot exceed quota for PoliciesPerRole: ${MAX_POLICIES_PER_ROLE} (IAM LimitExceeded)`;
  }
  const canRead = (value as string[]).some((n) => policyByName(n)!.reads.includes(type));
  return canRead ? null : missingReadPermissionMessage(type);
}
