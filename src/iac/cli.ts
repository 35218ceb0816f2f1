/**
 * AWS CLI (a bash script): creates the dead-letter queue and the queue
 * (`aws sqs create-queue` with VisibilityTimeout and RedrivePolicy), the
 * Kinesis stream (`aws kinesis create-stream --shard-count`) or the DynamoDB
 * table with its stream, the on-failure destination, sets the function's
 * Timeout and reserved concurrency where they differ from the defaults, then
 * `aws lambda create-event-source-mapping` with the settings that differ from
 * AWS's defaults. Option names: the AWS CLI reference.
 */
import { sourceReadPolicy, type Plan } from './plan';

/** A word quoted for bash (single quotes; a single quote inside becomes '\''). */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=,@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A command split over lines with backslashes, one option per line. */
function command(words: readonly string[], options: readonly (readonly string[] | null)[]): string {
  const lines = [words.join(' ')];
  for (const o of options) if (o !== null) lines.push(`  ${o.join(' ')}`);
  return lines.join(' \\\n');
}

const queueArn = (urlVar: string): string =>
  `aws sqs get-queue-attributes --queue-url "$${urlVar}" --attribute-names QueueArn --query Attributes.QueueArn --output text`;

/** The AWS CLI script. */
export function awsCli(plan: Plan, title: string | null): string {
  const out: string[] = [
    '#!/usr/bin/env bash',
    `# AWS CLI commands, exported from Lambda ESM Lab${title === null ? '' : `: ${title}`}.`,
    ...plan.notes.map((n) => `# ${n}`),
    `# The function exists already; its execution role needs ${sourceReadPolicy(plan.sourceType)}${
      plan.destination === null ? '' : ' and permission to send to the on-failure destination'
    }.`,
    'set -euo pipefail',
    '',
    `FUNCTION_NAME="\${FUNCTION_NAME:-${plan.fn.name}}"`,
  ];
  let sourceVar = 'SOURCE_ARN';

  const q = plan.queue;
  if (q !== null) {
    if (q.deadLetter !== undefined) {
      out.push(
        '',
        '# The dead-letter queue the source queue moves messages to after maxReceiveCount receives.',
        `DLQ_URL=$(aws sqs create-queue --queue-name ${shellQuote(q.deadLetter.name)}${
          q.fifo ? ` --attributes '{"FifoQueue": "true"}'` : ''
        } --query QueueUrl --output text)`,
        `DLQ_ARN=$(${queueArn('DLQ_URL')})`,
      );
    }
    const attrs: string[] = q.fifo ? ['"FifoQueue": "true"'] : [];
    if (q.ContentBasedDeduplication === true) attrs.push('"ContentBasedDeduplication": "true"');
    if (q.VisibilityTimeout !== undefined) {
      attrs.push(`"VisibilityTimeout": "${q.VisibilityTimeout}"`);
    }
    if (q.MessageRetentionPeriod !== undefined) {
      attrs.push(`"MessageRetentionPeriod": "${q.MessageRetentionPeriod}"`);
    }
    if (q.deadLetter !== undefined) {
      attrs.push(
        `"RedrivePolicy": "{\\"deadLetterTargetArn\\":\\"\${DLQ_ARN}\\",\\"maxReceiveCount\\":\\"${q.deadLetter.maxReceiveCount}\\"}"`,
      );
    }
    out.push('', '# The source queue.');
    if (attrs.length > 0) {
      out.push('QUEUE_ATTRIBUTES=$(cat <<EOF', '{', `  ${attrs.join(',\n  ')}`, '}', 'EOF', ')');
    }
    out.push(
      `QUEUE_URL=$(${command(
        ['aws', 'sqs', 'create-queue'],
        [
          ['--queue-name', shellQuote(q.name)],
          attrs.length > 0 ? ['--attributes', '"$QUEUE_ATTRIBUTES"'] : null,
          ['--query', 'QueueUrl', '--output', 'text'],
        ],
      )})`,
      `QUEUE_ARN=$(${queueArn('QUEUE_URL')})`,
    );
    sourceVar = 'QUEUE_ARN';
  }
  if (plan.stream !== null) {
    const name = shellQuote(plan.stream.name);
    out.push(
      '',
      '# The Kinesis stream (provisioned shards, as the lab models it).',
      `aws kinesis create-stream --stream-name ${name} --shard-count ${plan.stream.ShardCount}`,
      `aws kinesis wait stream-exists --stream-name ${name}`,
    );
    if (plan.stream.RetentionPeriodHours !== undefined) {
      out.push(
        `aws kinesis increase-stream-retention-period --stream-name ${name} --retention-period-hours ${plan.stream.RetentionPeriodHours}`,
      );
    }
    out.push(
      `STREAM_ARN=$(aws kinesis describe-stream-summary --stream-name ${name} --query StreamDescriptionSummary.StreamARN --output text)`,
    );
    sourceVar = 'STREAM_ARN';
  }
  if (plan.table !== null) {
    const t = plan.table;
    const name = shellQuote(t.name);
    out.push(
      '',
      '# The DynamoDB table and its stream.',
      command(
        ['aws', 'dynamodb', 'create-table'],
        [
          ['--table-name', name],
          ['--attribute-definitions', `AttributeName=${t.partitionKey},AttributeType=S`],
          ['--key-schema', `AttributeName=${t.partitionKey},KeyType=HASH`],
          ['--billing-mode', 'PAY_PER_REQUEST'],
          ['--stream-specification', `StreamEnabled=true,StreamViewType=${t.StreamViewType}`],
        ],
      ),
      `aws dynamodb wait table-exists --table-name ${name}`,
      `STREAM_ARN=$(aws dynamodb describe-table --table-name ${name} --query Table.LatestStreamArn --output text)`,
    );
    sourceVar = 'STREAM_ARN';
  }
  const dest = plan.destination;
  if (dest !== null) {
    out.push('', '# The on-failure destination for batches Lambda gives up on.');
    const name = shellQuote(dest.name);
    if (dest.kind === 'sqs') {
      out.push(
        `DESTINATION_URL=$(aws sqs create-queue --queue-name ${name} --query QueueUrl --output text)`,
        `DESTINATION_ARN=$(${queueArn('DESTINATION_URL')})`,
      );
    } else if (dest.kind === 'sns') {
      out.push(
        `DESTINATION_ARN=$(aws sns create-topic --name ${name} --query TopicArn --output text)`,
      );
    } else {
      out.push(
        '# Outside us-east-1, add --create-bucket-configuration LocationConstraint=<region>.',
        `aws s3api create-bucket --bucket ${name}`,
        `DESTINATION_ARN=${shellQuote(`arn:aws:s3:::${dest.name}`)}`,
      );
    }
  }
  if (plan.fn.Timeout !== undefined) {
    out.push(
      '',
      `# The function's Timeout (default 3 s).`,
      `aws lambda update-function-configuration --function-name "$FUNCTION_NAME" --timeout ${plan.fn.Timeout}`,
    );
  }
  if (plan.fn.ReservedConcurrentExecutions !== undefined) {
    out.push(
      '',
      '# Reserved concurrency caps the invocations; excess ones are throttled.',
      `aws lambda put-function-concurrency --function-name "$FUNCTION_NAME" --reserved-concurrent-executions ${plan.fn.ReservedConcurrentExecutions}`,
    );
  }
  const m = plan.mapping;
  if (m.StartingPositionOffsetSeconds !== undefined) {
    const n = m.StartingPositionOffsetSeconds;
    out.push(
      '',
      `# AT_TIMESTAMP: ${n} s after now, as in the lab (${n} s after the mapping was created).`,
      `START_TIMESTAMP=$(( $(date +%s) ${n < 0 ? '-' : '+'} ${Math.abs(Math.round(n))} ))`,
    );
  }
  const filter =
    m.FilterPatterns === undefined
      ? null
      : JSON.stringify({ Filters: m.FilterPatterns.map((Pattern) => ({ Pattern })) });
  out.push(
    '',
    '# The event source mapping.',
    command(
      ['aws', 'lambda', 'create-event-source-mapping'],
      [
        ['--function-name', '"$FUNCTION_NAME"'],
        ['--event-source-arn', `"$${sourceVar}"`],
        m.BatchSize === undefined ? null : ['--batch-size', String(m.BatchSize)],
        m.MaximumBatchingWindowInSeconds === undefined
          ? null
          : ['--maximum-batching-window-in-seconds', String(m.MaximumBatchingWindowInSeconds)],
        m.StartingPosition === undefined ? null : ['--starting-position', m.StartingPosition],
        m.StartingPositionOffsetSeconds === undefined
          ? null
          : ['--starting-position-timestamp', '"$START_TIMESTAMP"'],
        m.ParallelizationFactor === undefined
          ? null
          : ['--parallelization-factor', String(m.ParallelizationFactor)],
        m.MaximumRetryAttempts === undefined
          ? null
          : ['--maximum-retry-attempts', String(m.MaximumRetryAttempts)],
        m.MaximumRecordAgeInSeconds === undefined
          ? null
          : ['--maximum-record-age-in-seconds', String(m.MaximumRecordAgeInSeconds)],
        m.BisectBatchOnFunctionError === undefined
          ? null
          : [
              m.BisectBatchOnFunctionError
                ? '--bisect-batch-on-function-error'
                : '--no-bisect-batch-on-function-error',
            ],
        m.FunctionResponseTypes === undefined
          ? null
          : ['--function-response-types', ...m.FunctionResponseTypes],
        m.TumblingWindowInSeconds === undefined
          ? null
          : ['--tumbling-window-in-seconds', String(m.TumblingWindowInSeconds)],
        m.OnFailure === true && dest !== null
          ? [
              '--destination-config',
              '"{\\"OnFailure\\":{\\"Destination\\":\\"${DESTINATION_ARN}\\"}}"',
            ]
          : null,
        m.MaximumConcurrency === undefined
          ? null
          : ['--scaling-config', `MaximumConcurrency=${m.MaximumConcurrency}`],
        filter === null ? null : ['--filter-criteria', shellQuote(filter)],
        m.Enabled === undefined ? null : [m.Enabled ? '--enabled' : '--no-enabled'],
      ],
    ),
  );
  return `${out.join('\n')}\n`;
}
