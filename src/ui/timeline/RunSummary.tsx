/**
 * The run summary: records by final status, invocations by result, the
 * worst lag, and the invariant checks (passed ✓ / failed ✗ with the
 * counterexample). It comes from the worker (store.requestSummary →
 * summarizeRun) and is refreshed when opened, when the run pauses or ends,
 * and on demand.
 */
import { useEffect, useState } from 'react';
import type { InvocationResult, RecordStatus, RunSummary as Summary } from '../../engine/types';
import { useSimStore } from '../../store/simStore';
import { formatCount, formatDuration, formatInstant } from '../charts/format';
import styles from './timeline.module.css';

const STATUS_LABELS: Readonly<Record<RecordStatus, string>> = {
  succeeded: 'Succeeded',
  sentToOnFailureDestination: 'Sent to on-failure destination',
  discarded: 'Discarded',
  movedToDlq: 'Moved to DLQ',
  filtered: 'Filtered out',
  expired: 'Expired',
  skipped: 'Skipped',
  pending: 'Pending',
};

const RESULT_LABELS: Readonly<Record<InvocationResult, string>> = {
  success: 'Success',
  functionError: 'Function error',
  timeout: 'Timeout',
  throttled: 'Throttled',
  partialFailure: 'Partial failure',
  invalidResponse: 'Invalid response',
};

/** The summary disclosure in the timeline region. */
export function RunSummary() {
  const summary = useSimStore((s) => s.summary);
  const status = useSimStore((s) => s.status);
  const runId = useSimStore((s) => s.runId);
  const requestSummary = useSimStore((s) => s.requestSummary);
  const [open, setOpen] = useState(false);

  // A fresh summary whenever it is opened, the run pauses/ends, or a new run loads.
  useEffect(() => {
    if (open && status !== 'playing') requestSummary();
  }, [open, status, runId, requestSummary]);

  return (
    <details className={styles.summary} open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        Run summary
        {summary !== null && <SummaryBadge summary={summary} />}
      </summary>
      {summary === null ? (
        <p className={styles.muted}>Working out the summary…</p>
      ) : (
        <SummaryBody summary={summary} onRefresh={requestSummary} />
      )}
    </details>
  );
}

function SummaryBadge({ summary }: { readonly summary: Summary }) {
  const failed = summary.invariants.filter((c) => !c.passed).length;
  return (
    <span className={styles.badge} data-ok={failed === 0 ? 'true' : 'false'}>
      {failed === 0
        ? `✓ all ${summary.invariants.length} checks passed`
        : `✗ ${failed} check${failed === 1 ? '' : 's'} failed`}
    </span>
  );
}

function SummaryBody({
  summary,
  onRefresh,
}: {
  readonly summary: Summary;
  readonly onRefresh: () => void;
}) {
  const statuses = (Object.keys(STATUS_LABELS) as RecordStatus[]).filter(
    (k) => summary.recordsByStatus[k] > 0 || k === 'succeeded' || k === 'pending',
  );
  const results = (Object.keys(RESULT_LABELS) as InvocationResult[]).filter(
    (k) => summary.invocationsByResult[k] > 0 || k === 'success',
  );
  const lag =
    summary.maxIteratorAgeMs !== null
      ? { name: 'Largest IteratorAge', value: formatDuration(summary.maxIteratorAgeMs / 1000) }
      : summary.maxOldestMessageAgeSeconds !== null
        ? {
            name: 'Largest ApproximateAgeOfOldestMessage',
            value: formatDuration(summary.maxOldestMessageAgeSeconds),
          }
        : null;
  return (
    <div className={styles.summaryBody}>
      <p className={styles.asOf}>
        As of {formatInstant(summary.t)}.
        {summary.partialHistory &&
          ' Older invocations were dropped from the kept history, so checks cover the recent part.'}{' '}
        <button type="button" className={styles.linkButton} onClick={onRefresh}>
          Refresh
        </button>
      </p>
      <div className={styles.tables}>
        <table className={styles.table}>
          <caption>Records by final status</caption>
          <tbody>
            {statuses.map((k) => (
              <tr key={k}>
                <th scope="row">{STATUS_LABELS[k]}</th>
                <td>{formatCount(summary.recordsByStatus[k])}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className={styles.table}>
          <caption>
            Invocations by result
            {summary.partialHistory &&
              ` (the last ${formatCount(
                Object.values(summary.invocationsByResult).reduce((a, b) => a + b, 0),
              )} kept)`}
          </caption>
          <tbody>
            {results.map((k) => (
              <tr key={k}>
                <th scope="row">{RESULT_LABELS[k]}</th>
                <td>{formatCount(summary.invocationsByResult[k])}</td>
              </tr>
            ))}
            {lag !== null && (
              <tr className={styles.lag}>
                <th scope="row">{lag.name}</th>
                <td>{lag.value}</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <ul className={styles.checks} aria-label="Invariant checks">
        {summary.invariants.map((c) => (
          <li key={c.name} data-passed={c.passed ? 'true' : 'false'}>
            <span className={styles.mark} aria-hidden="true">
              {c.passed ? '✓' : '✗'}
            </span>
            <div>
              <strong>
                {c.name}: {c.passed ? 'passed' : 'failed'}
              </strong>
              <span className={styles.detail}>{c.detail}</span>
              {c.counterexample !== null && (
                <span className={styles.counter}>Counterexample: {c.counterexample}</span>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
