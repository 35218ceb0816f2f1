/**
 * The simulated AWS account: names, ARNs and the epoch that maps simulated
 * second 0 to a wall-clock instant in event payloads. Fixed, so reports are
 * byte-identical across machines and time zones.
 */
import type { DestinationKind } from './types';

export const REGION = 'us-east-1';
export const ACCOUNT_ID = '123456789012';
export const FUNCTION_NAME = 'esm-lab-consumer';
export const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${FUNCTION_NAME}`;
export const EXECUTION_ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/esm-lab-consumer-role`;
export const KINESIS_STREAM_ARN = `arn:aws:kinesis:${REGION}:${ACCOUNT_ID}:stream/esm-lab-stream`;
export const DYNAMODB_STREAM_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT_ID}:table/esm-lab-table/stream/2026-01-01T00:00:00.000`;
export const SQS_QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:esm-lab-queue`;
export const SQS_FIFO_QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:esm-lab-queue.fifo`;
export const SQS_DLQ_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:esm-lab-dlq`;
export const SQS_FIFO_DLQ_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:esm-lab-dlq.fifo`;
/** The account's default concurrency quota (esm-semantics.md §5). */
export const ACCOUNT_CONCURRENCY = 1000;
/** The fixed 6 MB payload cap for one synchronous invocation. */
export const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

/** Unix seconds of simulated second 0: 2026-01-01T00:00:00Z. */
export const EPOCH_UNIX_SECONDS = 1767225600;

/** Unix seconds (float) of a simulated time. */
export const unixSeconds = (t: number): number => EPOCH_UNIX_SECONDS + t;
/** Unix milliseconds (integer) of a simulated time. */
export const unixMillis = (t: number): number => Math.round((EPOCH_UNIX_SECONDS + t) * 1000);
/** ISO-8601 of a simulated time, millisecond precision, UTC. */
export const isoTime = (t: number): string => new Date(unixMillis(t)).toISOString();

/**
 * AWS rule (MET, DestinationDeliveryFailures): FIFO queues and FIFO topics are not supported as
 * on-failure destinations. The mapping is accepted; each delivery to one fails.
 */
export function isFifoDestination(arn: string): boolean {
  const service = arn.split(':')[2];
  return (service === 'sqs' || service === 'sns') && arn.endsWith('.fifo');
}

/** The destination kind an on-failure ARN names (arn:aws:<service>:…), or null if not sqs/sns/s3. */
export function destinationKindOf(arn: string): DestinationKind | null {
  const service = arn.split(':')[2];
  return service === 'sqs' || service === 'sns' || service === 's3' ? service : null;
}
