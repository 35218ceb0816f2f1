import { describe, expect, it } from 'vitest';
import { buildScenario } from '../../scenarios/build';
import type { FieldRange } from '../../scenarios/fields';
import { fieldById, validateEdit } from '../../scenarios/fields';
import {
  fromSlider,
  liveRecord,
  parseNumberInput,
  parsePresetIndex,
  producersInForce,
  slowAction,
  throttleAction,
  toSlider,
} from './editable';

describe('number input', () => {
  it('reads numbers with separators and refuses text', () => {
    expect(parseNumberInput(' 1,000 ', false)).toEqual({ ok: true, value: 1000 });
    expect(parseNumberInput('1e9', false)).toEqual({ ok: true, value: 1e9 });
    expect(parseNumberInput('abc', false).ok).toBe(false);
    expect(parseNumberInput('Infinity', false).ok).toBe(false);
  });
  it('treats empty as unset only for nullable fields', () => {
    expect(parseNumberInput('', true)).toEqual({ ok: true, value: null });
    expect(parseNumberInput('', false).ok).toBe(false);
  });
  it('leaves range checks to the registry, which rejects 1e9 with AWS wording', () => {
    const field = fieldById('mapping.BatchSize');
    expect(field).toBeDefined();
    const s = buildScenario({ source: { type: 'kinesis' } });
    const cfg = {
      source: s.source,
      mapping: s.mapping,
      function: s.function,
      producers: s.producers,
    };
    const problems = validateEdit(cfg, field!.toAction(1e9, cfg));
    expect(problems.length).toBeGreaterThan(0);
  });
});

describe('sliders', () => {
  const log: FieldRange = { min: 1, max: 10000, step: 1, scale: 'log' };
  const lin: FieldRange = { min: 0, max: 300, step: 1, scale: 'linear' };
  it('maps a log range so small values get most of the travel', () => {
    expect(toSlider(1, log)).toBe(0);
    expect(toSlider(10000, log)).toBe(1000);
    expect(toSlider(100, log)).toBe(500);
    expect(fromSlider(500, log)).toBe(100);
  });
  it('round-trips linear values and clamps out-of-range ones', () => {
    expect(fromSlider(toSlider(42, lin), lin)).toBe(42);
    expect(toSlider(1e9, lin)).toBe(300);
    expect(toSlider(null, lin)).toBe(0);
  });
});

describe('presets index', () => {
  it('accepts an array or a wrapped list and skips unusable entries', () => {
    const list = [
      { id: 'kinesis-happy-path', title: 'Happy path', source: 'kinesis', description: 'd' },
      { file: 'sqs-poison-to-dlq.json', title: 'Poison', sourceType: 'sqs' },
      { id: 'bad', title: 'x', source: 'kafka' },
      { id: '../../etc', file: '../secret.json', title: 'x', source: 'sqs' },
      null,
    ];
    const a = parsePresetIndex(list);
    expect(a.map((p) => p.file)).toEqual(['kinesis-happy-path.json', 'sqs-poison-to-dlq.json']);
    expect(parsePresetIndex({ scenarios: list })).toHaveLength(2);
    expect(parsePresetIndex('nonsense')).toEqual([]);
  });
});

describe('live records and producers', () => {
  it('puts poison records that fail every delivery, with unique ids', () => {
    const a = liveRecord(12.34, 'k3', true);
    const b = liveRecord(12.34, 'k3', true);
    expect(a.failDeliveries).toBe(-1);
    expect(a.at).toBe(12.34);
    expect(a.id).not.toBe(b.id);
    expect(liveRecord(1, '  ', false).key).toBe('k0');
  });
  it('uses the latest producer replacement applied so far', () => {
    const s = buildScenario({ source: { type: 'sqs' }, producers: [{ ratePerSecond: 1 }] });
    const later = [{ ...s.producers[0]!, ratePerSecond: 50 }];
    expect(producersInForce(s, [{ at: 5, producers: later }], 4)[0]?.ratePerSecond).toBe(1);
    expect(producersInForce(s, [{ at: 5, producers: later }], 6)[0]?.ratePerSecond).toBe(50);
  });
});

describe('fault toggles', () => {
  const s = buildScenario({ source: { type: 'sqs' } });
  const cfg = {
    source: s.source,
    mapping: s.mapping,
    function: s.function,
    producers: s.producers,
  };
  it('makes the function run past its Timeout, and back, with edits the registry accepts', () => {
    const on = slowAction(s.function, null);
    expect(on.slow).toBe(true);
    expect(on.action.function?.durationSeconds?.base).toBeGreaterThan(s.function.Timeout);
    expect(validateEdit(cfg, on.action)).toEqual([]);
    const slowFn = { ...s.function, durationSeconds: on.action.function!.durationSeconds! };
    const off = slowAction(slowFn, s.function.durationSeconds);
    expect(off.slow).toBe(false);
    expect(off.action.function?.durationSeconds).toEqual(s.function.durationSeconds);
  });
  it('throttles with reserved concurrency 0 and restores the previous value', () => {
    const on = throttleAction(s.function, null);
    expect(on.action.function?.ReservedConcurrentExecutions).toBe(0);
    expect(validateEdit(cfg, on.action)).toEqual([]);
    const off = throttleAction({ ...s.function, ReservedConcurrentExecutions: 0 }, 25);
    expect(off.action.function?.ReservedConcurrentExecutions).toBe(25);
    expect(
      throttleAction({ ...s.function, ReservedConcurrentExecutions: 0 }, null).action.function
        ?.ReservedConcurrentExecutions,
    ).toBeNull();
  });
  it('puts live records the registry accepts', () => {
    expect(validateEdit(cfg, { records: [liveRecord(3, 'k1', true)] })).toEqual([]);
  });
});
