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
  const { fn, items } = input;
  const randomError = chance(rng, fn.errorRate);
  const natural = invocationDuration(fn, items.length, rng);

  // Most batches have no failing record: no filtered copy then.
  let anyFailing = false;
  for (const item of items) {
    if (deliveryFails(item)) {
      anyFailing = true;
      break;
    }
  }
  const failing = anyFailing ? items.filter(deliveryFails) : NOTHING_FAILING;
  // A record that fails "as timeout" keeps the code running until Timeout.
  if (failing.some((i) => i.failAs === 'timeout')) return timeoutOutcome(fn);
  if (natural >= fn.Timeout) return timeoutOutcome(fn);
  if (input.forcedError || randomError || (failing.length > 0 && fn.failureMode === 'throw')) {
    return {
      result: 'functionError',
      duration: natural,
      reportedFailures: NO_IDS,
      reportedIdentifiers: NO_IDS,
      functionError: 'Unhandled',
    };
  }

  if (fn.response === 'invalid') {
    // The code returns a malformed partial-batch response (e.g. an empty itemIdentifier).
    // Honoured mappings treat it as a complete failure; others ignore the response.
    return input.reportBatchItemFailures
      ? {
          result: 'invalidResponse',
          duration: natural,
          reportedFailures: NO_IDS,
          reportedIdentifiers: NO_IDS,
          functionError: null,
        }
      : ok(natural, NO_IDS);
  }

  if (failing.length === 0) return ok(natural, NO_IDS);

  // failureMode reportBatchItemFailures: the code lists what failed.
  let listed: readonly BatchItem[] = failing;
  if (input.fifo) {
    // FIFO: stop at the first failure and return it and every message after it.
    const first = items.findIndex(deliveryFails);
    listed = items.slice(first);
  }
  const ids = listed.map((i) => i.id);
  if (!input.reportBatchItemFailures) {
    // Without FunctionResponseTypes Lambda ignores the list: a success.
    return ok(natural, ids);
  }
  return {
    result: 'partialFailure',
    duration: natural,
    reportedFailures: ids,
    reportedIdentifiers: listed.map((i) => i.itemIdentifier),
    functionError: null,
  };
}

const NOTHING_FAILING: readonly BatchItem[] = Object.freeze([]);
/** Shared empty lists (never written): most outcomes list nothing. */
const NO_IDS: readonly never[] = Object.freeze([]);

// Module level, not a closure per call: the hot path allocates less (and tsx's
// keepNames does not rename a function on every invocation).
function timeoutOutcome(fn: FunctionConfig): InvocationOutcome {
  return {
    result: 'timeout',
    duration: fn.Timeout,
    reportedFailures: NO_IDS,
    reportedIdentifiers: NO_IDS,
    functionError: 'Unhandled',
  };
}

function ok(duration: number, reportedFailures: readonly RecordId[]): InvocationOutcome {
  return {
    result: 'success',
    duration,
    reportedFailures,
    reportedIdentifiers: NO_IDS,
    functionError: null,
  };
}
