/**
 * Small constructors the lesson files use to write quantities and claims
 * readably: `cmp(q.deliveries('poison'), '>=', 3)`, `blocked(0)`,
 * `status('m3', 'movedToDlq')`. They build plain data (types.ts).
 */
import type {
  BatchTrigger,
  OnFailureCondition,
  RecordStatus,
  StageRecordState,
} from '../engine/types';
import type { Claim, InvariantName, Op, Quantity, SettingField, Span } from './types';

/** Quantities (see types.ts for what each reads). */
export const q = {
  deliveries: (record: string): Quantity => ({ q: 'deliveries', record }),
  receiveCount: (record: string): Quantity => ({ q: 'receiveCount', record }),
  invocations: (span: Span = 'run'): Quantity => ({ q: 'invocations', span }),
  invocationsContaining: (record: string, span: Span = 'run'): Quantity => ({
    q: 'invocationsContaining',
    record,
    span,
  }),
  failedInvocations: (span: Span = 'run'): Quantity => ({ q: 'failedInvocations', span }),
  throttles: (span: Span = 'run'): Quantity => ({ q: 'throttles', span }),
  peakConcurrency: (span: Span = 'run'): Quantity => ({ q: 'peakConcurrency', span }),
  concurrency: (): Quantity => ({ q: 'concurrency' }),
  concurrencyCap: (): Quantity => ({ q: 'concurrencyCap' }),
  fleetSize: (): Quantity => ({ q: 'fleetSize' }),
  fleetSizeAtStep: (): Quantity => ({ q: 'fleetSizeAtStep' }),
  fleetGrowth: (): Quantity => ({ q: 'fleetGrowth' }),
  fleetCeiling: (): Quantity => ({ q: 'fleetCeiling' }),
  visibleIn: (record: string): Quantity => ({ q: 'visibleIn', record }),
  firstDeliveryDelay: (record: string): Quantity => ({ q: 'firstDeliveryDelay', record }),
  setting: (field: SettingField): Quantity => ({ q: 'setting', field }),
  gathered: (shard = 0): Quantity => ({ q: 'gathered', shard }),
  shards: (): Quantity => ({ q: 'shards' }),
  retentionHours: (): Quantity => ({ q: 'retentionHours' }),
  waiting: (shard = 0): Quantity => ({ q: 'waiting', shard }),
  shardRecords: (shard = 0): Quantity => ({ q: 'shardRecords', shard }),
  iteratorAge: (shard = 0): Quantity => ({ q: 'iteratorAge', shard }),
  retries: (shard = 0): Quantity => ({ q: 'retries', shard }),
  visible: (): Quantity => ({ q: 'visible' }),
  inFlight: (): Quantity => ({ q: 'inFlight' }),
  withStatus: (status: RecordStatus): Quantity => ({ q: 'withStatus', status }),
  recordsPut: (): Quantity => ({ q: 'recordsPut' }),
  scenarioRecords: (): Quantity => ({ q: 'scenarioRecords' }),
  scenarioKeys: (): Quantity => ({ q: 'scenarioKeys' }),
  dlq: (): Quantity => ({ q: 'dlq' }),
  dlqReceiveCount: (record: string): Quantity => ({ q: 'dlqReceiveCount', record }),
  destination: (): Quantity => ({ q: 'destination' }),
  destinationInvokeCount: (index = -1): Quantity => ({ q: 'destinationInvokeCount', index }),
  destinationBatchSize: (index = -1): Quantity => ({ q: 'destinationBatchSize', index }),
  batchSize: (which: 'last' | 'max' | 'min' | 'mean', span: Span = 'run'): Quantity => ({
    q: 'batchSize',
    which,
    span,
  }),
  duplicates: (span: Span = 'run'): Quantity => ({ q: 'duplicates', span }),
  bisects: (span: Span = 'run'): Quantity => ({ q: 'bisects', span }),
  polls: (span: Span = 'run'): Quantity => ({ q: 'polls', span }),
  activeGroups: (): Quantity => ({ q: 'activeGroups' }),
  time: (): Quantity => ({ q: 'time' }),
  ratio: (of: Quantity, per: Quantity | number): Quantity => ({ q: 'ratio', of, per }),
} as const;

/** `left op right`. */
export const cmp = (left: Quantity, op: Op, right: Quantity | number): Claim => ({
  c: 'compare',
  left,
  op,
  right,
});
export const status = (record: string, is: RecordStatus): Claim => ({ c: 'status', record, is });
export const recordState = (record: string, is: StageRecordState): Claim => ({
  c: 'recordState',
  record,
  is,
});
export const blocked = (shard = 0, is = true): Claim => ({ c: 'blocked', shard, is });
export const messageInFlight = (record: string, is = true): Claim => ({
  c: 'messageInFlight',
  record,
  is,
});
export const groupLocked = (group: string, is = true): Claim => ({ c: 'groupLocked', group, is });
export const lastTrigger = (is: BatchTrigger, span: Span = 'run'): Claim => ({
  c: 'lastTrigger',
  is,
  span,
});
export const anyTrigger = (is: BatchTrigger, span: Span = 'run'): Claim => ({
  c: 'anyTrigger',
  is,
  span,
});
export const invariant = (name: InvariantName, passed = true): Claim => ({
  c: 'invariant',
  name,
  passed,
});
export const firstDeliveredBefore = (first: string, then: string): Claim => ({
  c: 'firstDeliveredBefore',
  first,
  then,
});
export const putBefore = (first: string, then: string): Claim => ({ c: 'putBefore', first, then });
export const destinationCondition = (is: OnFailureCondition, index = -1): Claim => ({
  c: 'destinationCondition',
  index,
  is,
});
export const deliveredTogether = (...records: string[]): Claim => ({
  c: 'deliveredTogether',
  records,
});
export const keysNeverConcurrent = (): Claim => ({ c: 'keysNeverConcurrent' });
export const reportBatchItemFailures = (is = true): Claim => ({
  c: 'reportBatchItemFailures',
  is,
});
export const rolePolicy = (policy: string, is = true): Claim => ({ c: 'rolePolicy', policy, is });
export const mappingEnabled = (is = true): Claim => ({ c: 'mappingEnabled', is });
export const all = (...claims: Claim[]): Claim => ({ c: 'all', claims });
export const any = (...claims: Claim[]): Claim => ({ c: 'any', claims });
export const not = (claim: Claim): Claim => ({ c: 'not', claim });
