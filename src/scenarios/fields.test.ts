import { describe, expect, it } from 'vitest';
import { asRecordId, type SourceType } from '../engine/types';
import { buildScenario } from './build';
import {
  FIELDS,
  applyEdit,
  fieldById,
  fieldsFor,
  labelOf,
  validateEdit,
  type EditableConfig,
} from './fields';
import { ALL_SOURCES } from './rules';

function cfgFor(
  type: SourceType,
  draft: Parameters<typeof buildScenario>[0] = { source: { type } },
): EditableConfig {
  const s = buildScenario(draft);
  return { source: s.source, mapping: s.mapping, function: s.function, producers: s.producers };
}

const field = (id: string) => {
  const f = fieldById(id);
  if (f === undefined) throw new Error(`no field ${id}`);
  return f;
};

describe('FIELDS registry', () => {
  it('has unique ids and the console labels the UI expects', () => {
    const ids = FIELDS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    const labels = new Set(FIELDS.map((f) => f.label));
    for (const l of [
      'Batch size',
      'Batch window',
      'Starting position',
      'Concurrent batches per shard',
      'Retry attempts',
      'Maximum age of record',
      'Split batch on error',
      'Report batch item failures',
      'On-failure destination',
      'Tumbling window',
      'Maximum concurrency',
      'Shards',
      'Visibility timeout',
      'Maximum receives',
      'Function timeout',
      'Function duration',
      'Reserved concurrency',
      'Records per second',
      'Partition keys',
      'Error rate',
    ]) {
      expect(labels).toContain(l);
    }
    expect(labelOf(field('traffic.keys'), 'sqs-fifo')).toBe('Message groups');
  });

  it('gives every field a reason for each source it does not apply to, and a default and range where it does', () => {
    for (const f of FIELDS) {
      for (const t of ALL_SOURCES) {
        if (f.appliesTo.includes(t)) {
          expect(f.defaults, `${f.id} default for ${t}`).toHaveProperty(t);
          if (f.kind === 'number') expect(f.range[t], `${f.id} range for ${t}`).toBeDefined();
        } else {
          expect(f.notApplicable[t], `${f.id} why not for ${t}`).toMatch(/\w/);
        }
      }
    }
  });

  it('reads the defaults of a fresh scenario as the registry says', () => {
    for (const t of ALL_SOURCES) {
      const cfg = cfgFor(t);
      for (const f of fieldsFor(t).offered) {
        if (f.section === 'traffic') continue;
        expect(f.read(cfg), `${f.id} on ${t}`).toEqual(f.defaults[t]);
      }
    }
  });

  it('explains the FIFO batch window', () => {
    const why = fieldsFor('sqs-fifo').notOffered.find(
      (n) => n.field.id === 'mapping.MaximumBatchingWindowInSeconds',
    )?.why;
    expect(why).toBe(
      'SQS FIFO has no batching window: AWS does not support MaximumBatchingWindowInSeconds for FIFO queues.',
    );
    expect(fieldsFor('kinesis').offered.map((f) => f.id)).toContain(
      'mapping.ParallelizationFactor',
    );
    expect(fieldsFor('sqs').offered.map((f) => f.id)).not.toContain(
      'mapping.ParallelizationFactor',
    );
  });

  it('round-trips every live field: toAction then read gives the value back', () => {
    const samples: Record<string, unknown> = {};
    for (const t of ALL_SOURCES) {
      let cfg = cfgFor(
        t,
        t === 'sqs' || t === 'sqs-fifo'
          ? { source: { type: t, VisibilityTimeout: 900 } }
          : { source: { type: t } },
      );
      for (const f of fieldsFor(t).offered) {
        const r = f.range[t];
        const value =
          f.kind === 'number'
            ? (r?.max ?? 1)
            : f.kind === 'boolean'
              ? !(f.read(cfg) as boolean)
              : f.kind === 'select'
                ? (f.options?.at(-1)?.value ?? '')
                : '{"body":{"a":["x"]}}';
        const action = f.toAction(value, cfg);
        cfg = applyEdit(cfg, action);
        samples[`${t}:${f.id}`] = value;
        expect(f.read(cfg), `${f.id} on ${t}`).toEqual(value);
      }
    }
    expect(Object.keys(samples).length).toBeGreaterThan(60);
  });
});

describe('validateEdit', () => {
  it('accepts a valid edit', () => {
    expect(validateEdit(cfgFor('kinesis'), { mapping: { BatchSize: 10 } })).toEqual([]);
    expect(validateEdit(cfgFor('sqs'), { function: { Timeout: 30 } })).toEqual([]);
  });

  it('rejects a combination with AWS words, blaming the edited field', () => {
    const k = cfgFor('sqs', { source: { type: 'sqs' }, mapping: { BatchSize: 10 } });
    expect(validateEdit(k, { mapping: { BatchSize: 50 } })).toEqual([
      {
        path: 'mapping.BatchSize',
        message:
          'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
      },
    ]);
    expect(
      validateEdit(k, { mapping: { BatchSize: 50, MaximumBatchingWindowInSeconds: 1 } }),
    ).toEqual([]);
    expect(validateEdit(cfgFor('sqs'), { function: { Timeout: 60 } })).toEqual([
      {
        path: 'function.Timeout',
        message: 'Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds',
      },
    ]);
    expect(validateEdit(cfgFor('sqs'), { source: { VisibilityTimeout: 2 } })).toEqual([
      {
        path: 'source.VisibilityTimeout',
        message: 'Queue visibility timeout: 2 seconds is less than Function timeout: 3 seconds',
      },
    ]);
  });

  it('accepts a stream BatchSize above 10 without a window (the window rule is SQS standard only)', () => {
    for (const type of ['kinesis', 'dynamodb'] as const) {
      const c = cfgFor(type, { source: { type }, mapping: { BatchSize: 10 } });
      expect(validateEdit(c, { mapping: { BatchSize: 100 } })).toEqual([]);
      expect(validateEdit(c, { mapping: { BatchSize: 10000 } })).toEqual([]);
      expect(
        validateEdit(
          cfgFor(type, {
            source: { type },
            mapping: { BatchSize: 500, MaximumBatchingWindowInSeconds: 2 },
          }),
          {
            mapping: { MaximumBatchingWindowInSeconds: 0 },
          },
        ),
      ).toEqual([]);
    }
  });

  it('rejects fields that do not apply, out-of-range values and restart-only fields', () => {
    expect(
      validateEdit(cfgFor('sqs-fifo'), { mapping: { MaximumBatchingWindowInSeconds: 1 } })[0]
        ?.message,
    ).toMatch(/Batching window is not supported for FIFO queues/);
    expect(
      validateEdit(cfgFor('kinesis'), { mapping: { MaximumRecordAgeInSeconds: 30 } })[0]?.path,
    ).toBe('mapping.MaximumRecordAgeInSeconds');
    expect(
      validateEdit(cfgFor('kinesis'), field('source.ShardCount').toAction(4, cfgFor('kinesis')))[0]
        ?.message,
    ).toMatch(/Live resharding is not modelled/);
    expect(
      validateEdit(cfgFor('kinesis'), { mapping: { StartingPosition: 'TRIM_HORIZON' } })[0]?.path,
    ).toBe('mapping.StartingPosition');
  });

  it('checks records, producers and fault injection in a live edit', () => {
    const fifo = cfgFor('sqs-fifo');
    expect(
      validateEdit(fifo, {
        records: [
          {
            id: asRecordId('x'),
            at: 0,
            key: 'g',
            body: null,
            failDeliveries: 0,
            failAs: 'error',
            MessageDeduplicationId: null,
          },
        ],
      }).map((p) => p.path),
    ).toEqual(['records[0].MessageDeduplicationId']);
    expect(validateEdit(fifo, { failNextInvocations: 0 }).map((p) => p.path)).toEqual([
      'failNextInvocations',
    ]);
    const bad = field('traffic.ratePerSecond').toAction(20000, fifo);
    expect(validateEdit(fifo, bad).map((p) => p.path)).toEqual(['producers[0].ratePerSecond']);
    expect(field('traffic.ratePerSecond').toAction(0, fifo)).toEqual({ producers: [] });
  });
});
