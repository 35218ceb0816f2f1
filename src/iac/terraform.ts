/**
 * Terraform (HCL, AWS provider): `aws_lambda_event_source_mapping` for an
 * existing function (variable `function_name`), with the queue and its
 * dead-letter queue, the Kinesis stream or the DynamoDB table, and the
 * on-failure destination. Argument names: the provider's documentation
 * (`maximum_batching_window_in_seconds`, `function_response_types`,
 * `destination_config { on_failure { destination_arn } }`,
 * `scaling_config { maximum_concurrency }`, `filter_criteria { filter { pattern } }`).
 * Attributes are aligned as `terraform fmt` aligns them.
 */
import { sourceReadPolicy, type Plan } from './plan';

type Attr = readonly [name: string, value: string];
interface Block {
  readonly head: string;
  readonly attrs: readonly (Attr | null)[];
  readonly blocks?: readonly Block[];
}

/** An HCL quoted string (template sequences escaped, so the text is taken as is). */
export function hclString(s: string): string {
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, '%%{');
  return `"${body}"`;
}

const num = (n: number | undefined, name: string): Attr | null =>
  n === undefined ? null : [name, String(n)];
const bool = (b: boolean | undefined, name: string): Attr | null =>
  b === undefined ? null : [name, b ? 'true' : 'false'];
const str = (s: string | undefined, name: string): Attr | null =>
  s === undefined ? null : [name, hclString(s)];

function render(block: Block, indent: string, out: string[]): void {
  out.push(`${indent}${block.head} {`);
  const attrs = block.attrs.filter((a): a is Attr => a !== null);
  const width = Math.max(0, ...attrs.map(([k]) => k.length));
  for (const [k, v] of attrs) out.push(`${indent}  ${k.padEnd(width)} = ${v}`);
  for (const [i, b] of (block.blocks ?? []).entries()) {
    if (attrs.length > 0 || i > 0) out.push('');
    render(b, `${indent}  `, out);
  }
  out.push(`${indent}}`);
}

const SOURCE_ARN = {
  kinesis: 'aws_kinesis_stream.source.arn',
  dynamodb: 'aws_dynamodb_table.source.stream_arn',
  sqs: 'aws_sqs_queue.source.arn',
  'sqs-fifo': 'aws_sqs_queue.source.arn',
} as const;

const DESTINATION = {
  sqs: { resource: 'aws_sqs_queue', nameArg: 'name' },
  sns: { resource: 'aws_sns_topic', nameArg: 'name' },
  s3: { resource: 'aws_s3_bucket', nameArg: 'bucket' },
} as const;

/** The Terraform configuration. */
export function terraform(plan: Plan, title: string | null): string {
  const blocks: Block[] = [
    {
      head: 'variable "function_name"',
      attrs: [
        ['description', hclString('The Lambda function the mapping invokes')],
        ['type', 'string'],
        ['default', hclString(plan.fn.name)],
      ],
    },
  ];
  const offset = plan.mapping.StartingPositionOffsetSeconds;
  if (offset !== undefined) {
    blocks.push({
      head: 'variable "starting_position_timestamp"',
      attrs: [
        [
          'description',
          hclString(
            `RFC 3339 time to start reading from. In the lab: ${offset} s after the mapping was created.`,
          ),
        ],
        ['type', 'string'],
      ],
    });
  }
  const q = plan.queue;
  if (q !== null) {
    if (q.deadLetter !== undefined) {
      blocks.push({
        head: 'resource "aws_sqs_queue" "dead_letter"',
        attrs: [str(q.deadLetter.name, 'name'), q.fifo ? bool(true, 'fifo_queue') : null],
      });
    }
    blocks.push({
      head: 'resource "aws_sqs_queue" "source"',
      attrs: [
        str(q.name, 'name'),
        q.fifo ? bool(true, 'fifo_queue') : null,
        bool(q.ContentBasedDeduplication, 'content_based_deduplication'),
        num(q.VisibilityTimeout, 'visibility_timeout_seconds'),
        num(q.MessageRetentionPeriod, 'message_retention_seconds'),
        q.deadLetter === undefined
          ? null
          : [
              'redrive_policy',
              `jsonencode({\n    deadLetterTargetArn = aws_sqs_queue.dead_letter.arn\n    maxReceiveCount     = ${q.deadLetter.maxReceiveCount}\n  })`,
            ],
      ],
    });
  }
  if (plan.stream !== null) {
    blocks.push({
      head: 'resource "aws_kinesis_stream" "source"',
      attrs: [
        str(plan.stream.name, 'name'),
        num(plan.stream.ShardCount, 'shard_count'),
        num(plan.stream.RetentionPeriodHours, 'retention_period'),
      ],
    });
  }
  if (plan.table !== null) {
    blocks.push({
      head: 'resource "aws_dynamodb_table" "source"',
      attrs: [
        str(plan.table.name, 'name'),
        str('PAY_PER_REQUEST', 'billing_mode'),
        str(plan.table.partitionKey, 'hash_key'),
        bool(true, 'stream_enabled'),
        str(plan.table.StreamViewType, 'stream_view_type'),
      ],
      blocks: [
        {
          head: 'attribute',
          attrs: [str(plan.table.partitionKey, 'name'), str('S', 'type')],
        },
      ],
    });
  }
  const dest = plan.destination;
  if (dest !== null) {
    const d = DESTINATION[dest.kind];
    blocks.push({
      head: `resource "${d.resource}" "on_failure"`,
      attrs: [str(dest.name, d.nameArg)],
    });
  }
  const m = plan.mapping;
  const inner: Block[] = [];
  if (m.OnFailure === true && dest !== null) {
    inner.push({
      head: 'destination_config',
      attrs: [],
      blocks: [
        {
          head: 'on_failure',
          attrs: [['destination_arn', `${DESTINATION[dest.kind].resource}.on_failure.arn`]],
        },
      ],
    });
  }
  if (m.MaximumConcurrency !== undefined) {
    inner.push({
      head: 'scaling_config',
      attrs: [num(m.MaximumConcurrency, 'maximum_concurrency')],
    });
  }
  if (m.FilterPatterns !== undefined) {
    inner.push({
      head: 'filter_criteria',
      attrs: [],
      blocks: m.FilterPatterns.map((p) => ({ head: 'filter', attrs: [str(p, 'pattern')] })),
    });
  }
  blocks.push({
    head: 'resource "aws_lambda_event_source_mapping" "this"',
    attrs: [
      ['function_name', 'var.function_name'],
      ['event_source_arn', SOURCE_ARN[plan.sourceType]],
      num(m.BatchSize, 'batch_size'),
      num(m.MaximumBatchingWindowInSeconds, 'maximum_batching_window_in_seconds'),
      str(m.StartingPosition, 'starting_position'),
      offset === undefined
        ? null
        : ['starting_position_timestamp', 'var.starting_position_timestamp'],
      num(m.ParallelizationFactor, 'parallelization_factor'),
      num(m.MaximumRetryAttempts, 'maximum_retry_attempts'),
      num(m.MaximumRecordAgeInSeconds, 'maximum_record_age_in_seconds'),
      bool(m.BisectBatchOnFunctionError, 'bisect_batch_on_function_error'),
      m.FunctionResponseTypes === undefined
        ? null
        : [
            'function_response_types',
            `[${m.FunctionResponseTypes.map((t) => hclString(t)).join(', ')}]`,
          ],
      num(m.TumblingWindowInSeconds, 'tumbling_window_in_seconds'),
      bool(m.Enabled, 'enabled'),
    ],
    blocks: inner,
  });

  const fnSettings = [
    plan.fn.Timeout === undefined ? null : `timeout = ${plan.fn.Timeout}`,
    plan.fn.ReservedConcurrentExecutions === undefined
      ? null
      : `reserved_concurrent_executions = ${plan.fn.ReservedConcurrentExecutions}`,
  ].filter((s): s is string => s !== null);
  const comments = [
    `Terraform (AWS provider), exported from Lambda ESM Lab${title === null ? '' : `: ${title}`}.`,
    ...plan.notes,
    `The function exists already; its execution role needs ${sourceReadPolicy(plan.sourceType)}${
      dest === null ? '' : ' and permission to send to the on-failure destination'
    }.`,
    ...(fnSettings.length > 0
      ? [`Set on the function (aws_lambda_function): ${fnSettings.join(', ')}.`]
      : []),
  ];
  const out: string[] = comments.map((c) => `# ${c}`);
  for (const b of blocks) {
    out.push('');
    render(b, '', out);
  }
  return `${out.join('\n')}\n`;
}
