/**
 * CloudFormation and SAM templates (YAML). CloudFormation maps an existing
 * function (parameter FunctionName) with AWS::Lambda::EventSourceMapping; SAM
 * declares the function (AWS::Serverless::Function) with the mapping as its
 * event, where Timeout and reserved concurrency belong. Both create the queue
 * (and its dead-letter queue), stream or table, and the on-failure
 * destination. Property names: the CloudFormation and SAM references.
 */
import type { SourceType } from '../engine/types';
import { sourceReadPolicy, type Plan } from './plan';
import { getAtt, ref, toYaml, type YamlValue } from './yaml';

type YamlMap = { [key: string]: YamlValue | undefined };

const SOURCE_ID: Readonly<Record<SourceType, string>> = {
  kinesis: 'Stream',
  dynamodb: 'Table',
  sqs: 'Queue',
  'sqs-fifo': 'Queue',
};

const DESTINATION_ID = { sqs: 'OnFailureQueue', sns: 'OnFailureTopic', s3: 'OnFailureBucket' };

/** The source's and the destination's resources. */
function sourceResources(plan: Plan): YamlMap {
  const out: YamlMap = {};
  const q = plan.queue;
  if (q !== null) {
    if (q.deadLetter !== undefined) {
      out.DeadLetterQueue = {
        Type: 'AWS::SQS::Queue',
        Properties: { QueueName: q.deadLetter.name, FifoQueue: q.fifo ? true : undefined },
      };
    }
    out.Queue = {
      Type: 'AWS::SQS::Queue',
      Properties: {
        QueueName: q.name,
        FifoQueue: q.fifo ? true : undefined,
        ContentBasedDeduplication: q.ContentBasedDeduplication,
        VisibilityTimeout: q.VisibilityTimeout,
        MessageRetentionPeriod: q.MessageRetentionPeriod,
        RedrivePolicy:
          q.deadLetter === undefined
            ? undefined
            : {
                deadLetterTargetArn: getAtt('DeadLetterQueue.Arn'),
                maxReceiveCount: q.deadLetter.maxReceiveCount,
              },
      },
    };
  }
  if (plan.stream !== null) {
    out.Stream = {
      Type: 'AWS::Kinesis::Stream',
      Properties: {
        Name: plan.stream.name,
        ShardCount: plan.stream.ShardCount,
        RetentionPeriodHours: plan.stream.RetentionPeriodHours,
      },
    };
  }
  if (plan.table !== null) {
    out.Table = {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        TableName: plan.table.name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: plan.table.partitionKey, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: plan.table.partitionKey, KeyType: 'HASH' }],
        StreamSpecification: { StreamViewType: plan.table.StreamViewType },
      },
    };
  }
  const dest = plan.destination;
  if (dest !== null) {
    out[DESTINATION_ID[dest.kind]] =
      dest.kind === 'sqs'
        ? { Type: 'AWS::SQS::Queue', Properties: { QueueName: dest.name } }
        : dest.kind === 'sns'
          ? { Type: 'AWS::SNS::Topic', Properties: { TopicName: dest.name } }
          : { Type: 'AWS::S3::Bucket', Properties: { BucketName: dest.name } };
  }
  return out;
}

/** The source's ARN. */
function sourceArn(plan: Plan): YamlValue {
  return plan.table !== null
    ? getAtt('Table.StreamArn')
    : getAtt(`${SOURCE_ID[plan.sourceType]}.Arn`);
}

/** The destination's ARN. */
function destinationArn(plan: Plan): YamlValue | undefined {
  const dest = plan.destination;
  if (dest === null) return undefined;
  return dest.kind === 'sns'
    ? getAtt('OnFailureTopic.TopicArn')
    : getAtt(`${DESTINATION_ID[dest.kind]}.Arn`);
}

/** The mapping's properties (CreateEventSourceMapping names), shared by both templates. */
function mappingProperties(plan: Plan): YamlMap {
  const m = plan.mapping;
  const dest = destinationArn(plan);
  return {
    BatchSize: m.BatchSize,
    MaximumBatchingWindowInSeconds: m.MaximumBatchingWindowInSeconds,
    StartingPosition: m.StartingPosition,
    StartingPositionTimestamp:
      m.StartingPositionOffsetSeconds === undefined ? undefined : ref('StartingPositionTimestamp'),
    ParallelizationFactor: m.ParallelizationFactor,
    MaximumRetryAttempts: m.MaximumRetryAttempts,
    MaximumRecordAgeInSeconds: m.MaximumRecordAgeInSeconds,
    BisectBatchOnFunctionError: m.BisectBatchOnFunctionError,
    FunctionResponseTypes:
      m.FunctionResponseTypes === undefined ? undefined : [...m.FunctionResponseTypes],
    TumblingWindowInSeconds: m.TumblingWindowInSeconds,
    DestinationConfig:
      m.OnFailure === true && dest !== undefined ? { OnFailure: { Destination: dest } } : undefined,
    ScalingConfig:
      m.MaximumConcurrency === undefined ? undefined : { MaximumConcurrency: m.MaximumConcurrency },
    FilterCriteria:
      m.FilterPatterns === undefined
        ? undefined
        : { Filters: m.FilterPatterns.map((Pattern) => ({ Pattern })) },
    Enabled: m.Enabled,
  };
}

function timestampParameter(plan: Plan): YamlMap | undefined {
  const offset = plan.mapping.StartingPositionOffsetSeconds;
  if (offset === undefined) return undefined;
  return {
    StartingPositionTimestamp: {
      Type: 'Number',
      Description: `Unix time (seconds) to start reading from. In the lab: ${offset} s after the mapping was created.`,
    },
  };
}

function header(plan: Plan, title: string | null, what: string): string[] {
  return [
    `${what}, exported from Lambda ESM Lab${title === null ? '' : `: ${title}`}.`,
    ...plan.notes,
  ];
}

/** The CloudFormation template. */
export function cloudFormation(plan: Plan, title: string | null): string {
  const fnSettings = [
    plan.fn.Timeout === undefined ? null : `Timeout: ${plan.fn.Timeout}`,
    plan.fn.ReservedConcurrentExecutions === undefined
      ? null
      : `ReservedConcurrentExecutions: ${plan.fn.ReservedConcurrentExecutions}`,
  ].filter((s): s is string => s !== null);
  const comments = [
    ...header(plan, title, 'CloudFormation template'),
    `The function exists already; its execution role needs ${sourceReadPolicy(plan.sourceType)}${
      plan.destination === null ? '' : ' and permission to send to the on-failure destination'
    }.`,
    ...(fnSettings.length > 0
      ? [`Set on the function (AWS::Lambda::Function): ${fnSettings.join(', ')}.`]
      : []),
  ];
  const params: YamlMap = {
    FunctionName: {
      Type: 'String',
      Default: plan.fn.name,
      Description: 'The Lambda function the mapping invokes',
    },
    ...timestampParameter(plan),
  };
  return toYaml(
    {
      AWSTemplateFormatVersion: '2010-09-09',
      Description: 'Lambda event source mapping exported from Lambda ESM Lab',
      Parameters: params,
      Resources: {
        ...sourceResources(plan),
        EventSourceMapping: {
          Type: 'AWS::Lambda::EventSourceMapping',
          Properties: {
            FunctionName: ref('FunctionName'),
            EventSourceArn: sourceArn(plan),
            ...mappingProperties(plan),
          },
        },
      },
    },
    comments,
  );
}

const SAM_EVENT: Readonly<Record<SourceType, string>> = {
  kinesis: 'Kinesis',
  dynamodb: 'DynamoDB',
  sqs: 'SQS',
  'sqs-fifo': 'SQS',
};

/** SAM policy templates that let the function send to its on-failure destination. */
function destinationPolicy(plan: Plan): YamlValue | undefined {
  const dest = plan.destination;
  if (dest === null) return undefined;
  if (dest.kind === 'sqs') {
    return { SQSSendMessagePolicy: { QueueName: getAtt('OnFailureQueue.QueueName') } };
  }
  if (dest.kind === 'sns') {
    return { SNSPublishMessagePolicy: { TopicName: getAtt('OnFailureTopic.TopicName') } };
  }
  return { S3WritePolicy: { BucketName: ref('OnFailureBucket') } };
}

/** The SAM template. */
export function sam(plan: Plan, title: string | null): string {
  const { StartingPosition, ...rest } = mappingProperties(plan);
  const isQueue = plan.queue !== null;
  const policy = destinationPolicy(plan);
  const event: YamlMap = {
    [isQueue ? 'Queue' : 'Stream']: sourceArn(plan),
    StartingPosition,
    ...rest,
  };
  return toYaml(
    {
      AWSTemplateFormatVersion: '2010-09-09',
      Transform: 'AWS::Serverless-2016-10-31',
      Description: 'Lambda event source mapping exported from Lambda ESM Lab',
      Parameters: timestampParameter(plan),
      Resources: {
        Consumer: {
          Type: 'AWS::Serverless::Function',
          Properties: {
            FunctionName: plan.fn.name,
            Runtime: 'nodejs22.x',
            Handler: 'index.handler',
            CodeUri: 'src/',
            Timeout: plan.fn.Timeout,
            ReservedConcurrentExecutions: plan.fn.ReservedConcurrentExecutions,
            Policies: policy === undefined ? undefined : [policy],
            Events: { Source: { Type: SAM_EVENT[plan.sourceType], Properties: event } },
          },
        },
        ...sourceResources(plan),
      },
    },
    [
      ...header(plan, title, 'SAM template'),
      'Runtime, Handler and CodeUri are your code: change them to match it. SAM grants the function read access to the source.',
    ],
  );
}
