/**
 * Where records end up on a stream (the flow's last column): checkpointed,
 * the on-failure destination (SQS, SNS or S3, with the recent deliveries) and
 * the discarded bin. Entries are buttons that follow their first record.
 */
import { useMemo, type ReactElement } from 'react';
import { asRecordId, type StageSnapshot } from '../../engine/types';
import { formatSeconds } from './derive';
import { BinIcon, DESTINATION_LABEL, DestinationIcon } from './icons';
import { useStageStore } from './storeContext';
import { useTarget } from './targets';
import styles from './Stage.module.css';
import { grouped } from '../numbers';

interface OutcomeView {
  readonly kind: 'sqs' | 'sns' | 's3' | null;
  readonly processed: number;
  readonly delivered: number;
  readonly discarded: number;
  readonly recent: readonly {
    at: number;
    records: readonly string[];
    condition: string;
    shard: string;
  }[];
}

/** Serialised so the component re-renders only when what it shows changes. */
const selectOutcomes = (s: { snapshot: StageSnapshot | null }): string => {
  const snap = s.snapshot;
  if (snap === null) return '';
  const view: OutcomeView = {
    kind: snap.destination.kind,
    processed: snap.totals.byStatus.succeeded,
    delivered: snap.destination.delivered,
    discarded: snap.totals.byStatus.discarded,
    recent: snap.destination.recent.slice(-3).map((e) => ({
      at: e.at,
      records: e.records.slice(0, 6),
      condition: e.condition,
      shard: e.shardId,
    })),
  };
  return JSON.stringify(view);
};

/** The outcome column of the streams stage. */
export function Outcomes(): ReactElement | null {
  const useStore = useStageStore();
  const json = useStore(selectOutcomes);
  const view = useMemo(() => (json === '' ? null : (JSON.parse(json) as OutcomeView)), [json]);
  const destinationTarget = useTarget('destination');
  const discardTarget = useTarget('discard');
  if (view === null) return null;
  const select = (id: string): void => useStore.getState().selectRecord(asRecordId(id));
  return (
    <div className={styles.outcomes}>
      <section className={`${styles.outcome} ${styles.outcomeOk}`} aria-label="Checkpointed">
        <span className={styles.landing} data-anchor="out:ok" />
        <h3 className={styles.outcomeTitle}>
          <span aria-hidden="true">✓</span> Checkpointed
        </h3>
        <p>
          <strong className={styles.bigCount}>{grouped(view.processed)}</strong>{' '}
          {view.processed === 1 ? 'record' : 'records'} processed
        </p>
      </section>
      <section
        className={styles.outcome}
        aria-label="On-failure destination"
        {...destinationTarget}
      >
        <span className={styles.landing} data-anchor="out:dest" />
        <h3 className={styles.outcomeTitle}>
          {view.kind !== null ? <DestinationIcon kind={view.kind} /> : null}
          On-failure destination
        </h3>
        {view.kind === null ? (
          <p className={styles.muted}>None: batches Lambda gives up on are discarded.</p>
        ) : (
          <>
            <p>
              <strong className={styles.bigCount}>{grouped(view.delivered)}</strong>{' '}
              {view.delivered === 1 ? 'batch' : 'batches'} sent to the{' '}
              {DESTINATION_LABEL[view.kind]}
            </p>
            <ul className={styles.entryList}>
              {[...view.recent].reverse().map((e) => (
                <li key={`${e.at}-${e.records[0] ?? ''}`}>
                  <button
                    type="button"
                    className={styles.entry}
                    onClick={() => select(e.records[0] ?? '')}
                  >
                    {e.records.join(', ')}
                    <span className={styles.muted}>
                      {' '}
                      ·{' '}
                      {e.condition === 'RecordAgeExceeded'
                        ? 'record too old'
                        : 'retries exhausted'}{' '}
                      · t = {formatSeconds(e.at)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
            <p className={styles.note}>
              {view.kind === 's3'
                ? 'S3 receives the batch metadata and the full invocation event.'
                : 'Only metadata (shard, sequence range) is sent, not the records.'}
            </p>
          </>
        )}
      </section>
      <section className={styles.outcome} aria-label="Discarded" {...discardTarget}>
        <span className={styles.landing} data-anchor="out:discard" />
        <h3 className={styles.outcomeTitle}>
          <BinIcon /> Discarded
        </h3>
        <p>
          <strong className={styles.bigCount}>{grouped(view.discarded)}</strong>{' '}
          {view.discarded === 1 ? 'record' : 'records'} dropped
        </p>
      </section>
    </div>
  );
}
