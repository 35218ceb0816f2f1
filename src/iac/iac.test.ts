/**
 * Each format checked against the settings, by reading the output back with
 * a real parser: YAML (the `yaml` package, with CloudFormation's short tags)
 * for CloudFormation and SAM, HashiCorp's HCL parser (@cdktf/hcl2json) for
 * Terraform, the TypeScript compiler's parser for the CDK stack, and bash
 * itself for the AWS CLI script (run with a stand-in `aws` that records every
 * call). What each must hold is computed independently of the generators:
 * the settings that differ from AWS's defaults are the ones the compact
 * scenario JSON (serializeScenario) keeps.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseHcl } from '@cdktf/hcl2json';
import fc from 'fast-check';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument, type Tags } from 'yaml';
import type { ResolvedScenario, SourceType } from '../engine/types';
import { buildScenario, type ScenarioDraft } from '../scenarios/build';
import { serializeScenario } from '../scenarios/serialize';
import { exportAll, type IacFormat } from './index';

// ---------------------------------------------------------------------------
// Scenarios: every mapping field either at AWS's default or set to a value
// in its range; filter patterns with quotes, dollars, percents and backslashes.
// ---------------------------------------------------------------------------

const safeChar = fc.constantFrom(...'ab Z09_-.:/é✓'.split(''));
const tricky = fc.string({ unit: safeChar, maxLength: 6 }).map((s) => `${s}"'$\{x}%{y}\\`);
const pattern = fc
  .tuple(
    fc.constantFrom('body', 'data', 'dynamodb'),
    fc.array(tricky, { minLength: 1, maxLength: 2 }),
  )
  .map(([k, values]) => JSON.stringify({ [k]: { type: values } }));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
const destination = fc.constantFrom(
  'arn:aws:sqs:us-east-1:123456789012:esm-lab-failures',
  'arn:aws:sns:us-east-1:123456789012:esm-lab-alerts',
  'arn:aws:s3:::esm-lab-failed-batches',
);

function streamDraft(type: 'kinesis' | 'dynamodb'): fc.Arbitrary<unknown> {
  return fc
    .record({
      ShardCount: fc.integer({ min: 1, max: 8 }),
      Retention: maybe(fc.integer({ min: 25, max: 8760 })),
      View: fc.constantFrom('KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES' as const),
      BatchSize: maybe(fc.integer({ min: 1, max: 10000 })),
      Window: maybe(fc.integer({ min: 0, max: 300 })),
      Start: fc.constantFrom(
        ...(type === 'kinesis'
          ? (['LATEST', 'TRIM_HORIZON', 'AT_TIMESTAMP'] as const)
          : (['LATEST', 'TRIM_HORIZON'] as const)),
      ),
      Timestamp: fc.integer({ min: -100, max: 1000 }),
      Parallel: maybe(fc.integer({ min: 1, max: 10 })),
      Retries: maybe(fc.integer({ min: -1, max: 10000 })),
      Age: maybe(fc.oneof(fc.constant(-1), fc.integer({ min: 60, max: 604800 }))),
      Bisect: maybe(fc.boolean()),
      Report: fc.boolean(),
      Tumbling: maybe(fc.integer({ min: 0, max: 900 })),
      Destination: maybe(destination),
      Filters: maybe(fc.array(pattern, { minLength: 1, maxLength: 3 })),
      Enabled: maybe(fc.boolean()),
      Timeout: maybe(fc.integer({ min: 1, max: 900 })),
      Reserved: maybe(fc.integer({ min: 0, max: 1000 })),
    })
    .map((r) => ({
      title: `A ${type} run`,
      source:
        type === 'kinesis'
          ? { type, ShardCount: r.ShardCount, RetentionPeriodHours: r.Retention }
          : { type, ShardCount: r.ShardCount, StreamViewType: r.View },
      mapping: {
        BatchSize: r.BatchSize,
        MaximumBatchingWindowInSeconds: r.Window,
        StartingPosition: r.Start,
        StartingPositionTimestamp: r.Start === 'AT_TIMESTAMP' ? r.Timestamp : undefined,
        ParallelizationFactor: r.Parallel,
        MaximumRetryAttempts: r.Retries,
        MaximumRecordAgeInSeconds: r.Age,
        BisectBatchOnFunctionError: r.Bisect,
        FunctionResponseTypes: r.Report ? ['ReportBatchItemFailures' as const] : undefined,
        TumblingWindowInSeconds: r.Tumbling,
        DestinationConfig:
          r.Destination === undefined ? undefined : { OnFailure: { Destination: r.Destination } },
        FilterCriteria:
          r.Filters === undefined
            ? undefined
            : { Filters: r.Filters.map((Pattern) => ({ Pattern })) },
        Enabled: r.Enabled,
      },
      function: { Timeout: r.Timeout, ReservedConcurrentExecutions: r.Reserved },
    }));
}

function queueDraft(type: 'sqs' | 'sqs-fifo'): fc.Arbitrary<unknown> {
  return fc
    .record({
      Visibility: maybe(fc.integer({ min: 0, max: 43200 })),
      Retention: maybe(fc.integer({ min: 60, max: 1209600 })),
      Redrive: maybe(fc.integer({ min: 1, max: 1000 })),
      Duplicates: maybe(fc.constantFrom(0, 0.05)),
      ContentDedup: maybe(fc.boolean()),
      BatchSize: maybe(fc.integer({ min: 1, max: type === 'sqs' ? 10000 : 10 })),
      Window: maybe(fc.integer({ min: 0, max: 300 })),
      Report: fc.boolean(),
      MaxConcurrency: maybe(fc.integer({ min: 2, max: 1000 })),
      Filters: maybe(fc.array(pattern, { minLength: 1, maxLength: 3 })),
      Enabled: maybe(fc.boolean()),
      Timeout: maybe(fc.integer({ min: 1, max: 900 })),
      Reserved: maybe(fc.integer({ min: 0, max: 1000 })),
    })
    .map((r) => ({
      source: {
        type,
        VisibilityTimeout: r.Visibility,
        MessageRetentionPeriod: r.Retention,
        RedrivePolicy: r.Redrive === undefined ? undefined : { maxReceiveCount: r.Redrive },
        duplicateDeliveryRate: r.Duplicates,
        ContentBasedDeduplication: type === 'sqs-fifo' ? r.ContentDedup : undefined,
      },
      mapping: {
        BatchSize: r.BatchSize,
        MaximumBatchingWindowInSeconds: type === 'sqs' ? r.Window : undefined,
        FunctionResponseTypes: r.Report ? ['ReportBatchItemFailures' as const] : undefined,
        ScalingConfig:
          r.MaxConcurrency === undefined ? undefined : { MaximumConcurrency: r.MaxConcurrency },
        FilterCriteria:
          r.Filters === undefined
            ? undefined
            : { Filters: r.Filters.map((Pattern) => ({ Pattern })) },
        Enabled: r.Enabled,
      },
      function: { Timeout: r.Timeout, ReservedConcurrentExecutions: r.Reserved },
    }));
}

/** Drops undefined fields (buildScenario would keep a mapping field set to undefined). */
function clean(v: unknown): ScenarioDraft {
  return JSON.parse(JSON.stringify(v)) as ScenarioDraft;
}

const scenarioArb: fc.Arbitrary<ResolvedScenario> = fc
  .oneof(streamDraft('kinesis'), streamDraft('dynamodb'), queueDraft('sqs'), queueDraft('sqs-fifo'))
  .map((d) => buildScenario(clean(d)));

// ---------------------------------------------------------------------------
// The expected settings, from the compact scenario JSON (defaults omitted).
// ---------------------------------------------------------------------------

interface Expected {
  readonly type: SourceType;
  /** Mapping settings by AWS name (DestinationConfig → its kind; filters → parsed patterns). */
  readonly mapping: Record<string, unknown>;
  /** Queue/stream/table settings by AWS name. */
  readonly source: Record<string, unknown>;
  readonly function: Record<string, unknown>;
  readonly destinationKind: string | null;
}

function expected(s: ResolvedScenario): Expected {
  const compact = serializeScenario(s) as Record<string, Record<string, unknown> | undefined>;
  const mapping: Record<string, unknown> = { ...(compact.mapping ?? {}) };
  const type = s.source.type;
  const stream = type === 'kinesis' || type === 'dynamodb';
  if (stream) mapping.StartingPosition = s.mapping.StartingPosition;
  if (mapping.StartingPositionTimestamp !== undefined) mapping.StartingPositionTimestamp = 'given';
  const destinationKind = s.mapping.DestinationConfig?.OnFailure.Destination.split(':')[2] ?? null;
  if (mapping.DestinationConfig !== undefined) mapping.DestinationConfig = destinationKind;
  if (mapping.FilterCriteria !== undefined) {
    mapping.FilterCriteria = s.mapping.FilterCriteria?.Filters.map(
      (f) => JSON.parse(f.Pattern) as unknown,
    );
  }
  const source: Record<string, unknown> = { ...(compact.source ?? {}) };
  delete source.type;
  delete source.duplicateDeliveryRate;
  if (type === 'kinesis') source.ShardCount = (s.source as { ShardCount: number }).ShardCount;
  if (type === 'dynamodb') {
    delete source.ShardCount;
    source.StreamViewType = (s.source as { StreamViewType: string }).StreamViewType;
  }
  if (type === 'sqs-fifo') source.FifoQueue = true;
  if (source.RedrivePolicy !== undefined) {
    source.RedrivePolicy = (source.RedrivePolicy as { maxReceiveCount: number }).maxReceiveCount;
  }
  if (source.ContentBasedDeduplication === false) delete source.ContentBasedDeduplication;
  const fn: Record<string, unknown> = {};
  const f = compact.function ?? {};
  if (f.Timeout !== undefined) fn.Timeout = f.Timeout;
  if (f.ReservedConcurrentExecutions !== undefined) {
    fn.ReservedConcurrentExecutions = f.ReservedConcurrentExecutions;
  }
  return { type, mapping, source, function: fn, destinationKind };
}

// ---------------------------------------------------------------------------
// Readers: each format's output back to AWS names.
// ---------------------------------------------------------------------------

const output = (s: ResolvedScenario, format: IacFormat): string => {
  const out = exportAll(s, s.title).find((o) => o.format === format);
  if (out === undefined) throw new Error(format);
  return out.text;
};

const CFN_TAGS: Tags = [
  { tag: '!Ref', resolve: (v: string) => ({ Ref: v }) },
  { tag: '!GetAtt', resolve: (v: string) => ({ 'Fn::GetAtt': v }) },
] as unknown as Tags;

function readYaml(text: string): Record<string, unknown> {
  const doc = parseDocument(text, { customTags: CFN_TAGS });
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  expect(doc.warnings.map((e) => e.message)).toEqual([]);
  return doc.toJS() as Record<string, unknown>;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v ?? {}) as Obj;

/** Mapping properties (CloudFormation names) → the Expected shape. */
function fromCfnMapping(p: Obj, resources: Obj): Record<string, unknown> {
  const out: Record<string, unknown> = { ...p };
  for (const k of ['FunctionName', 'EventSourceArn', 'Queue', 'Stream']) delete out[k];
  if (out.StartingPositionTimestamp !== undefined) {
    expect(out.StartingPositionTimestamp).toEqual({ Ref: 'StartingPositionTimestamp' });
    out.StartingPositionTimestamp = 'given';
  }
  if (out.DestinationConfig !== undefined) {
    const att = obj(obj(obj(out.DestinationConfig).OnFailure).Destination)['Fn::GetAtt'] as string;
    const type = obj(resources[att.split('.')[0] ?? '']).Type as string;
    out.DestinationConfig = {
      'AWS::SQS::Queue': 'sqs',
      'AWS::SNS::Topic': 'sns',
      'AWS::S3::Bucket': 's3',
    }[type];
  }
  if (out.ScalingConfig !== undefined) out.ScalingConfig = obj(out.ScalingConfig);
  if (out.FilterCriteria !== undefined) {
    out.FilterCriteria = (obj(out.FilterCriteria).Filters as { Pattern: string }[]).map(
      (f) => JSON.parse(f.Pattern) as unknown,
    );
  }
  return out;
}

/** Source resources (CloudFormation) → the Expected shape. */
function fromCfnSource(resources: Obj): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const queue = obj(obj(resources.Queue).Properties);
  const stream = obj(obj(resources.Stream).Properties);
  const table = obj(obj(resources.Table).Properties);
  for (const k of [
    'VisibilityTimeout',
    'MessageRetentionPeriod',
    'ContentBasedDeduplication',
    'FifoQueue',
  ]) {
    if (queue[k] !== undefined) out[k] = queue[k];
  }
  if (queue.RedrivePolicy !== undefined) {
    const rp = obj(queue.RedrivePolicy);
    expect(rp.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': 'DeadLetterQueue.Arn' });
    const dlq = obj(obj(resources.DeadLetterQueue).Properties);
    expect(dlq.FifoQueue).toBe(queue.FifoQueue);
    out.RedrivePolicy = rp.maxReceiveCount;
  }
  for (const k of ['ShardCount', 'RetentionPeriodHours'])
    if (stream[k] !== undefined) out[k] = stream[k];
  if (table.StreamSpecification !== undefined) {
    out.StreamViewType = obj(table.StreamSpecification).StreamViewType;
  }
  return out;
}

/** A comment line "Set on the function (…): A: 1, B: 2." → { A: 1, B: 2 }. */
function functionNote(text: string, sep: string, names: Record<string, string>): Obj {
  const line = text.split('\n').find((l) => l.includes('Set on the function'));
  const out: Obj = {};
  if (line === undefined) return out;
  for (const part of (line.split('): ')[1] ?? '').replace(/\.$/, '').split(', ')) {
    const [k, v] = part.split(sep).map((x) => x.trim());
    out[names[k ?? ''] ?? `?${k}`] = Number(v);
  }
  return out;
}

function readCloudFormation(text: string): Omit<Expected, 'type' | 'destinationKind'> {
  const doc = readYaml(text);
  expect(doc.AWSTemplateFormatVersion).toBe('2010-09-09');
  const resources = obj(doc.Resources);
  const esm = obj(resources.EventSourceMapping);
  expect(esm.Type).toBe('AWS::Lambda::EventSourceMapping');
  const props = obj(esm.Properties);
  expect(props.FunctionName).toEqual({ Ref: 'FunctionName' });
  return {
    mapping: fromCfnMapping(props, resources),
    source: fromCfnSource(resources),
    function: functionNote(text, ':', {
      Timeout: 'Timeout',
      ReservedConcurrentExecutions: 'ReservedConcurrentExecutions',
    }),
  };
}

function readSam(text: string): Omit<Expected, 'type' | 'destinationKind'> {
  const doc = readYaml(text);
  expect(doc.Transform).toBe('AWS::Serverless-2016-10-31');
  const resources = obj(doc.Resources);
  const fn = obj(obj(resources.Consumer).Properties);
  const event = obj(obj(fn.Events).Source);
  const props = obj(event.Properties);
  const arn = obj(props.Queue ?? props.Stream)['Fn::GetAtt'];
  expect(['Queue.Arn', 'Stream.Arn', 'Table.StreamArn']).toContain(arn);
  const f: Obj = {};
  if (fn.Timeout !== undefined) f.Timeout = fn.Timeout;
  if (fn.ReservedConcurrentExecutions !== undefined)
    f.ReservedConcurrentExecutions = fn.ReservedConcurrentExecutions;
  return {
    mapping: fromCfnMapping(props, resources),
    source: fromCfnSource(resources),
    function: f,
  };
}

const TF_MAPPING: Record<string, string> = {
  batch_size: 'BatchSize',
  maximum_batching_window_in_seconds: 'MaximumBatchingWindowInSeconds',
  starting_position: 'StartingPosition',
  starting_position_timestamp: 'StartingPositionTimestamp',
  parallelization_factor: 'ParallelizationFactor',
  maximum_retry_attempts: 'MaximumRetryAttempts',
  maximum_record_age_in_seconds: 'MaximumRecordAgeInSeconds',
  bisect_batch_on_function_error: 'BisectBatchOnFunctionError',
  function_response_types: 'FunctionResponseTypes',
  tumbling_window_in_seconds: 'TumblingWindowInSeconds',
  enabled: 'Enabled',
};

async function readTerraform(text: string): Promise<Omit<Expected, 'type' | 'destinationKind'>> {
  const json = obj(await parseHcl('main.tf', text));
  const res = obj(json.resource);
  const first = (type: string, name: string): Obj =>
    obj((obj(res[type])[name] as Obj[] | undefined)?.[0]);
  const esm = first('aws_lambda_event_source_mapping', 'this');
  expect(esm.function_name).toBe('${var.function_name}');
  const mapping: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(esm)) {
    const name = TF_MAPPING[k];
    if (name !== undefined) mapping[name] = v;
  }
  if (mapping.StartingPositionTimestamp !== undefined) {
    expect(mapping.StartingPositionTimestamp).toBe('${var.starting_position_timestamp}');
    mapping.StartingPositionTimestamp = 'given';
  }
  const dest = (esm.destination_config as Obj[] | undefined)?.[0];
  if (dest !== undefined) {
    const arn = obj((dest.on_failure as Obj[])[0]).destination_arn as string;
    mapping.DestinationConfig = { aws_sqs_queue: 'sqs', aws_sns_topic: 'sns', aws_s3_bucket: 's3' }[
      arn.replace(/^\$\{/, '').split('.')[0] ?? ''
    ];
  }
  const scaling = (esm.scaling_config as Obj[] | undefined)?.[0];
  if (scaling !== undefined)
    mapping.ScalingConfig = { MaximumConcurrency: scaling.maximum_concurrency };
  const filters = (esm.filter_criteria as Obj[] | undefined)?.[0];
  if (filters !== undefined) {
    // hcl2json gives strings in Terraform's JSON syntax, where `$${` and `%%{` stay escaped.
    const literal = (v: string): string => {
      // An unescaped `${` or `%{` would be an interpolation or a directive, not the pattern's text.
      expect(v.replace(/\$\$\{|%%\{/g, '')).not.toMatch(/\$\{|%\{/);
      return v.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
    };
    mapping.FilterCriteria = (filters.filter as Obj[]).map(
      (f) => JSON.parse(literal(f.pattern as string)) as unknown,
    );
  }
  const source: Obj = {};
  const queue = first('aws_sqs_queue', 'source');
  if (queue.visibility_timeout_seconds !== undefined)
    source.VisibilityTimeout = queue.visibility_timeout_seconds;
  if (queue.message_retention_seconds !== undefined)
    source.MessageRetentionPeriod = queue.message_retention_seconds;
  if (queue.fifo_queue !== undefined) source.FifoQueue = queue.fifo_queue;
  if (queue.content_based_deduplication !== undefined) {
    source.ContentBasedDeduplication = queue.content_based_deduplication;
  }
  if (queue.redrive_policy !== undefined) {
    const rp = String(queue.redrive_policy);
    expect(rp).toContain('deadLetterTargetArn = aws_sqs_queue.dead_letter.arn');
    source.RedrivePolicy = Number(/maxReceiveCount\s*=\s*(\d+)/.exec(rp)?.[1]);
    expect(first('aws_sqs_queue', 'dead_letter').fifo_queue).toBe(queue.fifo_queue);
  }
  const stream = first('aws_kinesis_stream', 'source');
  if (stream.shard_count !== undefined) source.ShardCount = stream.shard_count;
  if (stream.retention_period !== undefined) source.RetentionPeriodHours = stream.retention_period;
  const table = first('aws_dynamodb_table', 'source');
  if (table.stream_enabled !== undefined) {
    expect(table.stream_enabled).toBe(true);
    source.StreamViewType = table.stream_view_type;
  }
  return {
    mapping,
    source,
    function: functionNote(text, '=', {
      timeout: 'Timeout',
      reserved_concurrent_executions: 'ReservedConcurrentExecutions',
    }),
  };
}

// The AWS CLI script, run by bash with a stand-in `aws` that records each call.
const bin = mkdtempSync(join(tmpdir(), 'esm-iac-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));
writeFileSync(
  join(bin, 'aws'),
  `#!/usr/bin/env bash
printf '%s\\0' "$@" >> "$AWS_LOG"; printf '\\036' >> "$AWS_LOG"
arg() { local want=$1; shift; while [ $# -gt 0 ]; do if [ "$1" = "$want" ]; then echo "$2"; return; fi; shift; done; }
case "$1 $2" in
  "sqs create-queue") echo "https://sqs.us-east-1.amazonaws.com/123456789012/$(arg --queue-name "$@")" ;;
  "sqs get-queue-attributes") echo "arn:aws:sqs:us-east-1:123456789012:$(arg --queue-url "$@" | sed 's#.*/##')" ;;
  "sns create-topic") echo "arn:aws:sns:us-east-1:123456789012:$(arg --name "$@")" ;;
  "kinesis describe-stream-summary") echo "arn:aws:kinesis:us-east-1:123456789012:stream/$(arg --stream-name "$@")" ;;
  "dynamodb describe-table") echo "arn:aws:dynamodb:us-east-1:123456789012:table/$(arg --table-name "$@")/stream/x" ;;
esac
`,
);
chmodSync(join(bin, 'aws'), 0o755);

function runCli(text: string): string[][] {
  expect(spawnSync('bash', ['-n'], { input: text }).status).toBe(0);
  const log = join(bin, `log-${Math.random().toString(36).slice(2)}`);
  writeFileSync(log, '');
  const run = spawnSync('bash', ['-s'], {
    input: text,
    env: { PATH: `${bin}:${process.env.PATH ?? ''}`, AWS_LOG: log },
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const calls = readFileSync(log, 'utf8')
    .split('\x1e')
    .filter((c) => c !== '')
    .map((c) => c.split('\0').slice(0, -1));
  rmSync(log);
  return calls;
}

const option = (args: readonly string[], name: string): string | undefined => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};

function readCli(text: string): Omit<Expected, 'type' | 'destinationKind'> {
  const calls = runCli(text);
  const esm = calls.filter((c) => c[0] === 'lambda' && c[1] === 'create-event-source-mapping');
  expect(esm).toHaveLength(1);
  const args = esm[0] ?? [];
  expect(option(args, '--function-name')).toBe('esm-lab-consumer');
  const sourceArn = option(args, '--event-source-arn') ?? '';
  expect(sourceArn).toMatch(/^arn:aws:(sqs|kinesis|dynamodb):/);
  const mapping: Record<string, unknown> = {};
  const pascal = (flag: string): string =>
    flag
      .replace(/^--/, '')
      .split('-')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join('');
  for (let i = 2; i < args.length; i++) {
    const flag = args[i] ?? '';
    if (!flag.startsWith('--') || flag === '--function-name' || flag === '--event-source-arn')
      continue;
    if (flag === '--bisect-batch-on-function-error') mapping.BisectBatchOnFunctionError = true;
    else if (flag === '--no-bisect-batch-on-function-error')
      mapping.BisectBatchOnFunctionError = false;
    else if (flag === '--enabled') mapping.Enabled = true;
    else if (flag === '--no-enabled') mapping.Enabled = false;
    else {
      const v = args[i + 1] ?? '';
      i += 1;
      const name = pascal(flag);
      if (name === 'FunctionResponseTypes' || name === 'StartingPosition')
        mapping[name] = name === 'StartingPosition' ? v : [v];
      else if (name === 'StartingPositionTimestamp') {
        expect(Number(v)).toBeGreaterThan(1_600_000_000);
        mapping[name] = 'given';
      } else if (name === 'DestinationConfig') {
        const arn = (JSON.parse(v) as { OnFailure: { Destination: string } }).OnFailure.Destination;
        const created = calls.some((c) =>
          arn.endsWith(
            option(c, '--queue-name') ?? option(c, '--name') ?? option(c, '--bucket') ?? '\0',
          ),
        );
        expect(created).toBe(true);
        mapping[name] = arn.split(':')[2];
      } else if (name === 'ScalingConfig')
        mapping[name] = { MaximumConcurrency: Number(v.split('=')[1]) };
      else if (name === 'FilterCriteria') {
        mapping[name] = (JSON.parse(v) as { Filters: { Pattern: string }[] }).Filters.map(
          (f) => JSON.parse(f.Pattern) as unknown,
        );
      } else mapping[name] = Number(v);
    }
  }
  const source: Obj = {};
  const createQueue = calls.filter(
    (c) => c[1] === 'create-queue' && /esm-lab-queue/.test(option(c, '--queue-name') ?? ''),
  );
  if (createQueue.length > 0) {
    const attrs = option(createQueue[0] ?? [], '--attributes');
    const a = attrs === undefined ? {} : (JSON.parse(attrs) as Record<string, string>);
    for (const [k, v] of Object.entries(a)) {
      if (k === 'RedrivePolicy') {
        const rp = JSON.parse(v) as { deadLetterTargetArn: string; maxReceiveCount: string };
        expect(rp.deadLetterTargetArn).toMatch(/:esm-lab-dlq(\.fifo)?$/);
        source.RedrivePolicy = Number(rp.maxReceiveCount);
      } else source[k] = v === 'true' ? true : Number(v);
    }
    expect(sourceArn).toMatch(/:esm-lab-queue(\.fifo)?$/);
  }
  const stream = calls.find((c) => c[0] === 'kinesis' && c[1] === 'create-stream');
  if (stream !== undefined) source.ShardCount = Number(option(stream, '--shard-count'));
  const retention = calls.find((c) => c[1] === 'increase-stream-retention-period');
  if (retention !== undefined)
    source.RetentionPeriodHours = Number(option(retention, '--retention-period-hours'));
  const table = calls.find((c) => c[0] === 'dynamodb' && c[1] === 'create-table');
  if (table !== undefined) {
    source.StreamViewType = /StreamViewType=(\w+)/.exec(
      option(table, '--stream-specification') ?? '',
    )?.[1];
  }
  const fn: Obj = {};
  const conf = calls.find((c) => c[1] === 'update-function-configuration');
  if (conf !== undefined) fn.Timeout = Number(option(conf, '--timeout'));
  const conc = calls.find((c) => c[1] === 'put-function-concurrency');
  if (conc !== undefined)
    fn.ReservedConcurrentExecutions = Number(option(conc, '--reserved-concurrent-executions'));
  return { mapping, source, function: fn };
}

// The CDK stack, read with the TypeScript parser and a small evaluator.
type Value = unknown;
function evaluate(node: ts.Expression, sf: ts.SourceFile): Value {
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isStringLiteral(node)) return node.text;
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) {
    return -(evaluate(node.operand, sf) as number);
  }
  if (ts.isArrayLiteralExpression(node)) return node.elements.map((e) => evaluate(e, sf));
  if (ts.isObjectLiteralExpression(node)) {
    const out: Obj = {};
    for (const p of node.properties) {
      if (ts.isPropertyAssignment(p))
        out[p.name.getText(sf).replace(/^'|'$/g, '')] = evaluate(p.initializer, sf);
    }
    return out;
  }
  if (ts.isCallExpression(node)) {
    const callee = node.expression.getText(sf);
    const args = node.arguments.map((a) => evaluate(a, sf));
    if (callee === 'Duration.seconds') return { seconds: args[0] };
    if (callee === 'Duration.hours') return { seconds: (args[0] as number) * 3600 };
    if (callee === 'lambda.FilterCriteria.filter') return { pattern: JSON.stringify(args[0]) };
    return { call: callee, args };
  }
  if (ts.isNewExpression(node))
    return { new: node.expression.getText(sf), args: node.arguments?.map((a) => a.getText(sf)) };
  if (ts.isBinaryExpression(node)) return { timestamp: node.getText(sf) };
  return { ref: node.getText(sf) };
}

function readCdk(text: string): Omit<Expected, 'type' | 'destinationKind'> {
  const sf = ts.createSourceFile('stack.ts', text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const diagnostics = (sf as unknown as { parseDiagnostics: readonly ts.Diagnostic[] })
    .parseDiagnostics;
  expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  const news: { name: string; args: readonly ts.Expression[] }[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isNewExpression(n))
      news.push({ name: n.expression.getText(sf), args: n.arguments ?? [] });
    ts.forEachChild(n, visit);
  };
  visit(sf);
  const propsOf = (name: string): Obj | null => {
    const hit = news.find((n) => n.name === name);
    const last = hit?.args[hit.args.length - 1];
    return last === undefined ? null : (evaluate(last, sf) as Obj);
  };
  const es = news.find((n) => /EventSource$/.test(n.name));
  expect(es).toBeDefined();
  const p = (evaluate(es?.args[1] as ts.Expression, sf) ?? {}) as Obj;
  const mapping: Record<string, unknown> = {};
  const names: Record<string, string> = {
    batchSize: 'BatchSize',
    parallelizationFactor: 'ParallelizationFactor',
    retryAttempts: 'MaximumRetryAttempts',
    bisectBatchOnError: 'BisectBatchOnFunctionError',
    enabled: 'Enabled',
  };
  const durations: Record<string, string> = {
    maxBatchingWindow: 'MaximumBatchingWindowInSeconds',
    maxRecordAge: 'MaximumRecordAgeInSeconds',
    tumblingWindow: 'TumblingWindowInSeconds',
  };
  for (const [k, v] of Object.entries(p)) {
    if (names[k] !== undefined) mapping[names[k]] = v;
    else if (durations[k] !== undefined) mapping[durations[k]] = (v as { seconds: number }).seconds;
    else if (k === 'startingPosition')
      mapping.StartingPosition = String((v as { ref: string }).ref)
        .split('.')
        .pop();
    else if (k === 'startingPositionTimestamp') {
      expect((v as { timestamp: string }).timestamp).toMatch(
        /^Math\.floor\(Date\.now\(\) \/ 1000\) [+-] \d+$/,
      );
      mapping.StartingPositionTimestamp = 'given';
    } else if (k === 'reportBatchItemFailures') {
      expect(v).toBe(true);
      mapping.FunctionResponseTypes = ['ReportBatchItemFailures'];
    } else if (k === 'maxConcurrency') mapping.ScalingConfig = { MaximumConcurrency: v };
    else if (k === 'filters') {
      mapping.FilterCriteria = (v as { pattern: string }[]).map(
        (f) => JSON.parse(f.pattern) as unknown,
      );
    } else if (k === 'onFailure') {
      mapping.DestinationConfig = { SqsDlq: 'sqs', SnsDlq: 'sns', S3OnFailureDestination: 's3' }[
        (v as { new: string }).new
      ];
    } else throw new Error(`unexpected CDK prop ${k}`);
  }
  const source: Obj = {};
  const queue = propsOf('sqs.Queue') !== null ? news.filter((n) => n.name === 'sqs.Queue') : [];
  for (const n of queue) {
    const q = evaluate(n.args[2] as ts.Expression, sf) as Obj;
    if (!/esm-lab-queue/.test(String(q.queueName))) continue;
    if (q.visibilityTimeout !== undefined)
      source.VisibilityTimeout = (q.visibilityTimeout as { seconds: number }).seconds;
    if (q.retentionPeriod !== undefined)
      source.MessageRetentionPeriod = (q.retentionPeriod as { seconds: number }).seconds;
    if (q.fifo !== undefined) source.FifoQueue = q.fifo;
    if (q.contentBasedDeduplication !== undefined)
      source.ContentBasedDeduplication = q.contentBasedDeduplication;
    if (q.deadLetterQueue !== undefined)
      source.RedrivePolicy = (q.deadLetterQueue as Obj).maxReceiveCount;
  }
  const stream = propsOf('kinesis.Stream');
  if (stream !== null) {
    source.ShardCount = stream.shardCount;
    if (stream.retentionPeriod !== undefined)
      source.RetentionPeriodHours = (stream.retentionPeriod as { seconds: number }).seconds / 3600;
  }
  const table = propsOf('dynamodb.Table');
  if (table !== null)
    source.StreamViewType = String((table.stream as { ref: string }).ref)
      .split('.')
      .pop();
  const fnProps = propsOf('lambda.Function') ?? {};
  const fn: Obj = {};
  if (fnProps.timeout !== undefined) fn.Timeout = (fnProps.timeout as { seconds: number }).seconds;
  if (fnProps.reservedConcurrentExecutions !== undefined)
    fn.ReservedConcurrentExecutions = fnProps.reservedConcurrentExecutions;
  return { mapping, source, function: fn };
}

const READERS: Record<
  IacFormat,
  (
    text: string,
  ) =>
    Promise<Omit<Expected, 'type' | 'destinationKind'>> | Omit<Expected, 'type' | 'destinationKind'>
> = {
  cli: readCli,
  cloudformation: readCloudFormation,
  sam: readSam,
  terraform: readTerraform,
  cdk: readCdk,
};

/** What every format must hold for a scenario (CloudFormation-shaped values). */
function want(s: ResolvedScenario): Omit<Expected, 'type' | 'destinationKind'> {
  const e = expected(s);
  const mapping = { ...e.mapping };
  if (mapping.ScalingConfig !== undefined)
    mapping.ScalingConfig = { ...(mapping.ScalingConfig as Obj) };
  return { mapping, source: e.source, function: e.function };
}

describe('infrastructure export, each format read back with its parser', () => {
  for (const format of ['cloudformation', 'sam', 'terraform', 'cli', 'cdk'] as const) {
    it(`${format}: writes exactly the settings that differ from AWS's defaults (fuzz)`, async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb, async (s) => {
          const got = await READERS[format](output(s, format));
          expect(got).toEqual(want(s));
        }),
        { numRuns: format === 'cli' ? 25 : 100 },
      );
    }, 120_000);
  }

  it('writes nothing but the required StartingPosition for an all-default mapping', () => {
    const s = buildScenario({ source: { type: 'kinesis' } });
    const cfn = readCloudFormation(output(s, 'cloudformation'));
    expect(cfn.mapping).toEqual({ StartingPosition: 'LATEST' });
    const q = buildScenario({ source: { type: 'sqs' } });
    expect(readCloudFormation(output(q, 'cloudformation'))).toEqual({
      mapping: {},
      source: {},
      function: {},
    });
    expect(output(q, 'terraform')).not.toMatch(/batch_size|visibility_timeout_seconds|enabled/);
  });

  it('says what the lab models that is not infrastructure', () => {
    const s = buildScenario({
      source: { type: 'dynamodb', ShardCount: 3 },
      mapping: { StartingPosition: 'TRIM_HORIZON' },
    });
    for (const o of exportAll(s, null)) {
      expect(o.text).toContain('DynamoDB decides how many shards');
      expect(o.text).toContain("Only settings that differ from AWS's defaults are written");
    }
    const dup = buildScenario({ source: { type: 'sqs', duplicateDeliveryRate: 0.05 } });
    expect(exportAll(dup, null)[0]?.text).toContain('duplicate delivery rate (5 %)');
  });
});
