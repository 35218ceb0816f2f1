/**
 * The simulated Lambda function: given a batch, decide what the code does
 * (how long it runs, whether it throws, times out, or returns a
 * batchItemFailures list) and what Lambda makes of the response.
 *
 * Shared by every source model; the rules are AWS's (esm-semantics.md §2, §3, §5):
 * - a response's batchItemFailures is honoured only when the mapping's
 *   FunctionResponseTypes contains ReportBatchItemFailures; otherwise Lambda
 *   ignores it and the invocation is a success;
 * - an empty list is a complete success; a malformed entry is a complete failure;
 * - on a FIFO queue the code lists the first failed message and every one after it;
 * - an invocation still running at Timeout ends as a timeout.
 */
import { chance, nextFloat, type RngState } from './rng';
import type { FunctionConfig, InvocationResult, RecordId } from './types';

export interface BatchItem {
  readonly id: RecordId;
  /** What the code would list in batchItemFailures: sequence number (streams) or messageId (queues). */
  readonly itemIdentifier: string;
  readonly failDeliveries: number;
  readonly failAs: 'error' | 'timeout';
  /** 1-based: which delivery of this record this invocation is. */
  readonly deliveryNumber: number;
}

export interface InvocationInput {
  readonly fn: FunctionConfig;
  /** The mapping has FunctionResponseTypes: ["ReportBatchItemFailures"]. */
  readonly reportBatchItemFailures: boolean;
  /** FIFO queue: the code lists the first failure and every message after it. */
  readonly fifo: boolean;
  readonly items: readonly BatchItem[];
  /** Fault injection ("Fail next batch"): the code throws whatever the records. */
  readonly forcedError: boolean;
}

export interface InvocationOutcome {
  readonly result: Exclude<InvocationResult, 'throttled'>;
  /** How long the invocation ran, in simulated seconds (= Timeout for a timeout). */
  readonly duration: number;
  /** Ids the code listed in batchItemFailures, honoured or not. */
  readonly reportedFailures: readonly RecordId[];
  /** When result is partialFailure: the listed itemIdentifiers (valid, in batch order). */
  readonly reportedIdentifiers: readonly string[];
  /** Lambda's X-Amz-Function-Error for the on-failure responseContext, null on success. */
  readonly functionError: 'Unhandled' | null;
}

/** Whether this delivery of a record fails: the first `failDeliveries` deliveries do; -1 = every one. */
export function deliveryFails(item: Pick<BatchItem, 'failDeliveries' | 'deliveryNumber'>): boolean {
  return item.failDeliveries === -1 || item.deliveryNumber <= item.failDeliveries;
}

/** The invocation's simulated duration before any timeout: base + perRecord × n, times 1 ± jitter. */
export function invocationDuration(fn: FunctionConfig, records: number, rng: RngState): number {
  const d = fn.durationSeconds;
  let duration = d.base + d.perRecord * records;
  if (d.jitter > 0) duration *= 1 + d.jitter * (2 * nextFloat(rng) - 1);
  return Math.max(0.001, duration);
}

/**
 * Runs the simulated code on a batch. RNG draws happen in a fixed order
 * (errorRate, then jitter), and only for knobs that are non-zero.
 */
export function evaluateInvocation(input: InvocationInput, rng: RngState): InvocationOutcome {
  const out: MutableInvocationOutcome = {
    result: 'success',
    duration: 0,
    reportedFailures: NO_IDS,
    reportedIdentifiers: NO_IDS,
    functionError: null,
  };
  evaluateInvocationInto(input, rng, out);
  return out;
}

/** An outcome the caller owns and evaluateInvocationInto overwrites (hot paths reuse one). */
export type MutableInvocationOutcome = {
  -readonly [K in keyof InvocationOutcome]: InvocationOutcome[K];
};

/**
 * evaluateInvocation writing its outcome into `out` (every field), so an
 * engine that invokes millions of times allocates no outcome per invocation.
 */
export function evaluateInvocationInto(
  input: InvocationInput,
  rng: RngState,
  out: MutableInvocationOutcome,
): void {
  const { fn, items } = input;
  const randomError = chance(rng, fn.errorRate);
  const natural = invocationDuration(fn, items.length, rng);

  // Count the failing records in place: the filtered list is made only when the
  // function lists them (a thrown or timed-out batch needs no copy).
  let failingCount = 0;
  // A record that fails "as timeout" keeps the code running until Timeout.
  let failsAsTimeout = false;
  for (let k = 0; k < items.length; k++) {
    const item = items[k]!;
    if (deliveryFails(item)) {
      failingCount++;
      if (item.failAs === 'timeout') failsAsTimeout = true;
    }
  }
  if (failsAsTimeout || natural >= fn.Timeout) {
    set(out, 'timeout', fn.Timeout, NO_IDS, NO_IDS, 'Unhandled');
    return;
  }
  if (input.forcedError || randomError || (failingCount > 0 && fn.failureMode === 'throw')) {
    set(out, 'functionError', natural, NO_IDS, NO_IDS, 'Unhandled');
    return;
  }

  if (fn.response === 'invalid') {
    // The code returns a malformed partial-batch response (e.g. an empty itemIdentifier).
    // Honoured mappings treat it as a complete failure; others ignore the response.
    if (input.reportBatchItemFailures) set(out, 'invalidResponse', natural, NO_IDS, NO_IDS, null);
    else set(out, 'success', natural, NO_IDS, NO_IDS, null);
    return;
  }

  if (failingCount === 0) {
    set(out, 'success', natural, NO_IDS, NO_IDS, null);
    return;
  }

  // failureMode reportBatchItemFailures: the code lists what failed.
  // FIFO: stop at the first failure and return it and every message after it.
  const listed: readonly BatchItem[] = input.fifo
    ? items.slice(items.findIndex(deliveryFails))
    : items.filter(deliveryFails);
  const ids = listed.map((i) => i.id);
  if (!input.reportBatchItemFailures) {
    // Without FunctionResponseTypes Lambda ignores the list: a success.
    set(out, 'success', natural, ids, NO_IDS, null);
    return;
  }
  set(
    out,
    'partialFailure',
    natural,
    ids,
    listed.map((i) => i.itemIdentifier),
    null,
  );
}

function set(
  out: MutableInvocationOutcome,
  result: InvocationOutcome['result'],
  duration: number,
  reportedFailures: readonly RecordId[],
  reportedIdentifiers: readonly string[],
  functionError: 'Unhandled' | null,
): void {
  out.result = result;
  out.duration = duration;
  out.reportedFailures = reportedFailures;
  out.reportedIdentifiers = reportedIdentifiers;
  out.functionError = functionError;
}

/** Shared empty lists (never written): most outcomes list nothing. */
const NO_IDS: readonly never[] = Object.freeze([]);
