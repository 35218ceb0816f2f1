/**
 * AWS CDK (TypeScript, aws-cdk-lib v2): a stack with the queue (and its
 * dead-letter queue), stream or table, the on-failure destination, the
 * function (Timeout, reserved concurrency) and the mapping as an event source
 * (`SqsEventSource`, `KinesisEventSource`, `DynamoEventSource`, props named as
 * in aws-cdk-lib/aws-lambda-event-sources). CDK grants the function read
 * access to the source and write access to the destination.
 */
import type { Plan } from './plan';

const q = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** A JavaScript literal for a JSON value (for FilterCriteria.filter). */
function literal(v: unknown, indent: string): string {
  if (Array.isArray(v)) {
    return v.length === 0 ? '[]' : `[${v.map((x) => literal(x, indent)).join(', ')}]`;
  }
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    const key = (k: string): string => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : q(k));
    return `{\n${entries.map(([k, x]) => `${inner}${key(k)}: ${literal(x, inner)},`).join('\n')}\n${indent}}`;
  }
  return typeof v === 'string' ? q(v) : JSON.stringify(v);
}

function filterExpr(pattern: string, indent: string): string {
  try {
    const parsed = JSON.parse(pattern) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return `lambda.FilterCriteria.filter(${literal(parsed, indent)})`;
    }
  } catch {
    // Not JSON: pass the pattern through as AWS would receive it.
  }
  return `{ pattern: ${q(pattern)} }`;
}

/** `{ key: value, … }` over several lines, leaving out undefined values. */
function props(
  entries: readonly (readonly [string, string | undefined])[],
  indent: string,
): string {
  const kept = entries.filter((e): e is readonly [string, string] => e[1] !== undefined);
  if (kept.length === 0) return '{}';
  return `{\n${kept.map(([k, v]) => `${indent}  ${k}: ${v},`).join('\n')}\n${indent}}`;
}

const seconds = (n: number | undefined): string | undefined =>
  n === undefined ? undefined : `Duration.seconds(${n})`;
const num = (n: number | undefined): string | undefined =>
  n === undefined ? undefined : String(n);
const bool = (b: boolean | undefined): string | undefined =>
  b === undefined ? undefined : String(b);

/** The CDK stack (one file). */
export function cdk(plan: Plan, title: string | null): string {
  const imports = new Set<string>([
    "import * as cdk from 'aws-cdk-lib';",
    "import * as lambda from 'aws-cdk-lib/aws-lambda';",
    "import { Construct } from 'constructs';",
  ]);
  const eventImports = new Set<string>();
  const body: string[] = [];
  const I = '    ';

  const queue = plan.queue;
  let sourceVar = 'queue';
  if (queue !== null) {
    imports.add("import * as sqs from 'aws-cdk-lib/aws-sqs';");
    if (queue.deadLetter !== undefined) {
      body.push(
        `${I}const deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', ${props(
          [
            ['queueName', q(queue.deadLetter.name)],
            ['fifo', queue.fifo ? 'true' : undefined],
          ],
          I,
        )});`,
        '',
      );
    }
    body.push(
      `${I}const queue = new sqs.Queue(this, 'Queue', ${props(
        [
          ['queueName', q(queue.name)],
          ['fifo', queue.fifo ? 'true' : undefined],
          ['contentBasedDeduplication', queue.ContentBasedDeduplication ? 'true' : undefined],
          ['visibilityTimeout', seconds(queue.VisibilityTimeout)],
          ['retentionPeriod', seconds(queue.MessageRetentionPeriod)],
          [
            'deadLetterQueue',
            queue.deadLetter === undefined
              ? undefined
              : `{ queue: deadLetterQueue, maxReceiveCount: ${queue.deadLetter.maxReceiveCount} }`,
          ],
        ],
        I,
      )});`,
      '',
    );
  }
  if (plan.stream !== null) {
    imports.add("import * as kinesis from 'aws-cdk-lib/aws-kinesis';");
    sourceVar = 'stream';
    body.push(
      `${I}const stream = new kinesis.Stream(this, 'Stream', ${props(
        [
          ['streamName', q(plan.stream.name)],
          ['shardCount', String(plan.stream.ShardCount)],
          [
            'retentionPeriod',
            plan.stream.RetentionPeriodHours === undefined
              ? undefined
              : `Duration.hours(${plan.stream.RetentionPeriodHours})`,
          ],
        ],
        I,
      )});`,
      '',
    );
  }
  if (plan.table !== null) {
    imports.add("import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';");
    sourceVar = 'table';
    body.push(
      `${I}const table = new dynamodb.Table(this, 'Table', ${props(
        [
          ['tableName', q(plan.table.name)],
          [
            'partitionKey',
            `{ name: ${q(plan.table.partitionKey)}, type: dynamodb.AttributeType.STRING }`,
          ],
          ['billingMode', 'dynamodb.BillingMode.PAY_PER_REQUEST'],
          ['stream', `dynamodb.StreamViewType.${plan.table.StreamViewType}`],
        ],
        I,
      )});`,
      '',
    );
  }
  const dest = plan.destination;
  let onFailure: string | undefined;
  if (dest !== null) {
    if (dest.kind === 'sqs') {
      imports.add("import * as sqs from 'aws-cdk-lib/aws-sqs';");
      eventImports.add('SqsDlq');
      body.push(
        `${I}const onFailureQueue = new sqs.Queue(this, 'OnFailureQueue', { queueName: ${q(dest.name)} });`,
        '',
      );
      onFailure = 'new SqsDlq(onFailureQueue)';
    } else if (dest.kind === 'sns') {
      imports.add("import * as sns from 'aws-cdk-lib/aws-sns';");
      eventImports.add('SnsDlq');
      body.push(
        `${I}const onFailureTopic = new sns.Topic(this, 'OnFailureTopic', { topicName: ${q(dest.name)} });`,
        '',
      );
      onFailure = 'new SnsDlq(onFailureTopic)';
    } else {
      imports.add("import * as s3 from 'aws-cdk-lib/aws-s3';");
      eventImports.add('S3OnFailureDestination');
      body.push(
        `${I}const onFailureBucket = new s3.Bucket(this, 'OnFailureBucket', { bucketName: ${q(dest.name)} });`,
        '',
      );
      onFailure = 'new S3OnFailureDestination(onFailureBucket)';
    }
  }
  body.push(
    `${I}// Runtime, handler and code are yours: point them at your function's code.`,
    `${I}const consumer = new lambda.Function(this, 'Consumer', ${props(
      [
        ['functionName', q(plan.fn.name)],
        ['runtime', 'lambda.Runtime.NODEJS_22_X'],
        ['handler', q('index.handler')],
        ['code', "lambda.Code.fromAsset('lambda')"],
        ['timeout', seconds(plan.fn.Timeout)],
        ['reservedConcurrentExecutions', num(plan.fn.ReservedConcurrentExecutions)],
      ],
      I,
    )});`,
    '',
  );

  const m = plan.mapping;
  const J = `${I}  `;
  const filters =
    m.FilterPatterns === undefined
      ? undefined
      : `[${m.FilterPatterns.map((p) => filterExpr(p, J)).join(', ')}]`;
  const common: [string, string | undefined][] = [
    ['batchSize', num(m.BatchSize)],
    ['maxBatchingWindow', seconds(m.MaximumBatchingWindowInSeconds)],
    [
      'reportBatchItemFailures',
      m.FunctionResponseTypes?.includes('ReportBatchItemFailures') ? 'true' : undefined,
    ],
  ];
  let source: string;
  if (queue !== null) {
    eventImports.add('SqsEventSource');
    source = `new SqsEventSource(${sourceVar}, ${props(
      [
        ...common,
        ['maxConcurrency', num(m.MaximumConcurrency)],
        ['filters', filters],
        ['enabled', bool(m.Enabled)],
      ],
      I,
    )})`;
  } else {
    const kinesis = plan.stream !== null;
    eventImports.add(kinesis ? 'KinesisEventSource' : 'DynamoEventSource');
    if (m.StartingPositionOffsetSeconds !== undefined) {
      body.push(
        `${I}// AT_TIMESTAMP: in the lab, ${m.StartingPositionOffsetSeconds} s after the mapping was created.`,
      );
    }
    source = `new ${kinesis ? 'KinesisEventSource' : 'DynamoEventSource'}(${sourceVar}, ${props(
      [
        ['startingPosition', `lambda.StartingPosition.${m.StartingPosition ?? 'LATEST'}`],
        [
          'startingPositionTimestamp',
          m.StartingPositionOffsetSeconds === undefined
            ? undefined
            : `Math.floor(Date.now() / 1000) ${m.StartingPositionOffsetSeconds < 0 ? '-' : '+'} ${Math.abs(Math.round(m.StartingPositionOffsetSeconds))}`,
        ],
        ...common,
        ['parallelizationFactor', num(m.ParallelizationFactor)],
        ['retryAttempts', num(m.MaximumRetryAttempts)],
        ['maxRecordAge', seconds(m.MaximumRecordAgeInSeconds)],
        ['bisectBatchOnError', bool(m.BisectBatchOnFunctionError)],
        ['tumblingWindow', seconds(m.TumblingWindowInSeconds)],
        ['onFailure', m.OnFailure === true ? onFailure : undefined],
        ['filters', filters],
        ['enabled', bool(m.Enabled)],
      ],
      I,
    )})`;
  }
  body.push(`${I}consumer.addEventSource(${source});`);
  imports.add(
    `import { ${[...eventImports].sort().join(', ')} } from 'aws-cdk-lib/aws-lambda-event-sources';`,
  );

  const code = [...body].join('\n');
  const all = [...imports];
  if (code.includes('Duration.')) all.splice(1, 0, "import { Duration } from 'aws-cdk-lib';");
  const header = [
    `// AWS CDK (TypeScript), exported from Lambda ESM Lab${title === null ? '' : `: ${title}`}.`,
    ...plan.notes.map((n) => `// ${n}`),
  ];
  return `${[
    ...header,
    ...all,
    '',
    'export class EsmLabStack extends cdk.Stack {',
    '  constructor(scope: Construct, id: string, props?: cdk.StackProps) {',
    '    super(scope, id, props);',
    '',
    ...body,
    '  }',
    '}',
  ].join('\n')}\n`;
}
