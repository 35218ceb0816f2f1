/**
 * Pieces the templates share: record lists, destination ARNs, source names
 * and the words for common settings.
 */
import type { RecordDraft } from '../../scenarios/build';
import type { Draft } from '../run';

/** The on-failure destinations a stream mapping can name (esm-semantics.md §2). */
export const DESTINATION_ARNS = {
  sqs: 'arn:aws:sqs:us-east-1:123456789012:esm-lab-failures',
  sns: 'arn:aws:sns:us-east-1:123456789012:esm-lab-failures',
  s3: 'arn:aws:s3:::esm-lab-failures',
} as const;

/** How a destination kind is named in text. */
export const DESTINATION_NAMES = {
  sqs: 'an SQS queue',
  sns: 'an SNS topic',
  s3: 'an S3 bucket',
} as const;

/** The source, for the start of a sentence ("An SQS standard queue"). */
export const A_SOURCE = {
  kinesis: 'A Kinesis stream',
  dynamodb: 'A DynamoDB stream',
  sqs: 'An SQS standard queue',
  'sqs-fifo': 'An SQS FIFO queue',
} as const;

/** Records r1…rN, all put at `at` on `key`; `poison` (1-based) fails every delivery. */
export function records(
  n: number,
  opts: {
    readonly at?: number;
    readonly key?: string | ((i: number) => string);
    readonly prefix?: string;
    readonly fail?: Readonly<Record<number, number>>;
  } = {},
): RecordDraft[] {
  const out: RecordDraft[] = [];
  for (let i = 1; i <= n; i++) {
    const key = typeof opts.key === 'function' ? opts.key(i) : opts.key;
    const fail = opts.fail?.[i];
    out.push({
      id: `${opts.prefix ?? 'r'}${i}`,
      at: opts.at ?? 1,
      ...(key === undefined ? {} : { key }),
      ...(fail === undefined ? {} : { failDeliveries: fail }),
    });
  }
  return out;
}

/** The id of record i (1-based) as `records` names it. */
export const rid = (i: number, prefix = 'r'): string => `${prefix}${i}`;

/** "MaximumRetryAttempts 2" / "MaximumRetryAttempts -1 (retry until the record expires)". */
export function retriesText(n: number): string {
  return n === -1
    ? 'MaximumRetryAttempts -1 (the default: retry until the record expires)'
    : `MaximumRetryAttempts ${n}`;
}

/** A stream draft with one shard, read from the start of the stream. */
export function kinesisDraft(
  over: Partial<Omit<Draft, 'source'>> & {
    readonly shards?: number;
    readonly type?: 'kinesis' | 'dynamodb';
  },
): Draft {
  const { shards, type, ...rest } = over;
  return {
    durationSeconds: 60,
    ...rest,
    source: { type: type ?? 'kinesis', ShardCount: shards ?? 1 },
    mapping: { StartingPosition: 'TRIM_HORIZON', ...rest.mapping },
  };
}
