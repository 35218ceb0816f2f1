import { describe, expect, it } from 'vitest';
import { defaultFunction } from '../scenarios/build';
import { deliveryFails, evaluateInvocation, invocationDuration, type BatchItem } from './function';
import { createRng } from './rng';
import { asRecordId, type FunctionConfig } from './types';

const item = (
  id: string,
  failDeliveries = 0,
  deliveryNumber = 1,
  failAs: 'error' | 'timeout' = 'error',
): BatchItem => ({
  id: asRecordId(id),
  itemIdentifier: `seq-${id}`,
  failDeliveries,
  failAs,
  deliveryNumber,
});

const fn = (patch: Partial<FunctionConfig> = {}): FunctionConfig => ({
  ...defaultFunction('kinesis'),
  ...patch,
});

const evaluate = (
  items: BatchItem[],
  opts: { fn?: FunctionConfig; rbif?: boolean; fifo?: boolean; forced?: boolean } = {},
) =>
  evaluateInvocation(
    {
      fn: opts.fn ?? fn(),
      reportBatchItemFailures: opts.rbif ?? false,
      fifo: opts.fifo ?? false,
      items,
      forcedError: opts.forced ?? false,
    },
    createRng(1),
  );

describe('the simulated function', () => {
  it('the first failDeliveries deliveries fail; -1 fails every delivery', () => {
    expect(deliveryFails({ failDeliveries: 2, deliveryNumber: 2 })).toBe(true);
    expect(deliveryFails({ failDeliveries: 2, deliveryNumber: 3 })).toBe(false);
    expect(deliveryFails({ failDeliveries: -1, deliveryNumber: 99 })).toBe(true);
  });

  it('duration is base + perRecord × n', () => {
    expect(invocationDuration(fn(), 10, createRng(1))).toBeCloseTo(0.06, 10);
  });

  it('a clean batch succeeds', () => {
    expect(evaluate([item('a'), item('b')])).toMatchObject({
      result: 'success',
      functionError: null,
    });
  });

  it('a failing record throws in failureMode throw', () => {
    expect(evaluate([item('a', -1)])).toMatchObject({
      result: 'functionError',
      functionError: 'Unhandled',
    });
  });

  it('a record failing as timeout runs until Timeout', () => {
    expect(evaluate([item('a', 1, 1, 'timeout')])).toMatchObject({
      result: 'timeout',
      duration: 3,
    });
  });

  it('batchItemFailures is honoured only with ReportBatchItemFailures', () => {
    const f = fn({ failureMode: 'reportBatchItemFailures' });
    const items = [item('a'), item('b', -1), item('c')];
    expect(evaluate(items, { fn: f, rbif: true })).toMatchObject({
      result: 'partialFailure',
      reportedFailures: ['b'],
      reportedIdentifiers: ['seq-b'],
    });
    expect(evaluate(items, { fn: f, rbif: false })).toMatchObject({
      result: 'success',
      reportedFailures: ['b'],
    });
  });

  it('FIFO lists the first failure and every record after it', () => {
    const f = fn({ failureMode: 'reportBatchItemFailures' });
    const out = evaluate([item('a'), item('b', -1), item('c')], { fn: f, rbif: true, fifo: true });
    expect(out.reportedFailures).toEqual(['b', 'c']);
  });

  it('an invalid response is a complete failure only when the list is honoured', () => {
    const f = fn({ response: 'invalid' });
    expect(evaluate([item('a')], { fn: f, rbif: true }).result).toBe('invalidResponse');
    expect(evaluate([item('a')], { fn: f, rbif: false }).result).toBe('success');
  });

  it('forced errors and errorRate 1 throw whatever the records', () => {
    expect(evaluate([item('a')], { forced: true }).result).toBe('functionError');
    expect(evaluate([item('a')], { fn: fn({ errorRate: 1 }) }).result).toBe('functionError');
  });
});
