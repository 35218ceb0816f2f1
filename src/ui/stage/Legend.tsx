/**
 * The legend: every colour, shape, outline and icon the stage uses, with
 * words. Collapsible so it does not take room once learnt.
 */
import type { ReactElement } from 'react';
import {
  BinIcon,
  BlockIcon,
  BucketIcon,
  LockIcon,
  PollerIcon,
  QueueIcon,
  SplitIcon,
  TopicIcon,
} from './icons';
import styles from './Stage.module.css';

/** Explains the stage's visual language. */
export function Legend({ streams }: { readonly streams: boolean }): ReactElement {
  return (
    <details className={styles.legend}>
      <summary>Legend</summary>
      <ul className={styles.legendList}>
        <li>
          <span className={styles.lgChip} style={{ background: 'var(--key-0)' }}>
            k0
          </span>
          <span className={styles.lgChip} style={{ background: 'var(--key-1)' }}>
            k1
          </span>
          {streams
            ? 'Record, coloured and labelled by partition key'
            : 'Message (FIFO: coloured and labelled by message group)'}
        </li>
        {streams ? (
          <>
            <li>
              <span className={styles.lgShapes} aria-hidden="true">
                ● ■ ◆ ▲
              </span>{' '}
              Crowded lane: one shape per key instead of a label
            </li>
            <li>
              <span className={`${styles.lgChip} ${styles.lgGathered}`} /> Dashed orange outline:
              gathered into the batch being built
            </li>
            <li>
              <span className={`${styles.lgChip} ${styles.lgInflight}`} /> Blue outline, raised: in
              an invocation now
            </li>
            <li>
              <span className={`${styles.lgChip} ${styles.lgRetrying}`} /> Dashed red outline: its
              batch failed, waiting to retry
            </li>
            <li>
              <span className={`${styles.lgChip} ${styles.lgDim}`} /> Faded: processed — it stays in
              the shard until retention trims it
            </li>
            <li>
              <span className={styles.lgMark} aria-hidden="true">
                ▼│
              </span>{' '}
              Checkpoint: the last record the mapping has finished with
            </li>
            <li>
              <span className={styles.lgMark} aria-hidden="true">
                ✕
              </span>{' '}
              Crossed: discarded · <span aria-hidden="true">↗</span> arrow: sent to the on-failure
              destination
            </li>
            <li>
              <span className={styles.lgDensity} /> Bars with counts: too many records to draw one
              by one
            </li>
            <li>
              <BlockIcon /> Shard blocked: the failed batch retries, everything behind it waits
            </li>
            <li>
              <SplitIcon /> Bisected: a failed batch split in two halves
            </li>
            <li>
              <span className={styles.lgMark} aria-hidden="true">
                ▭
              </span>{' '}
              Batch and function tiles (ParallelizationFactor 3 or more), one per slot: dashed =
              idle · dashed with a filling strip = gathering (the batching window running) · solid =
              sent, or running (its strip: run time against Timeout, red if it will time out) ·
              thick with ↻ = retrying
            </li>
            <li>
              <PollerIcon /> Poller reading the shard
            </li>
            <li>
              <QueueIcon /> <TopicIcon /> <BucketIcon /> On-failure destination: SQS, SNS, S3 ·{' '}
              <BinIcon /> discarded
            </li>
          </>
        ) : (
          <>
            <li>
              <span className={styles.lgRing} aria-hidden="true" /> Ring: visibility timeout left
              while in flight
            </li>
            <li>
              <span className={styles.lgBadge} aria-hidden="true">
                2
              </span>{' '}
              Badge: receive count (red from the second receive)
            </li>
            <li>
              <span className={`${styles.lgChip} ${styles.lgDup}`} /> Dashed amber outline:
              delivered twice (duplicate)
            </li>
            <li>
              <LockIcon /> Locked: a batch of this message group is in flight; the group waits
            </li>
            <li>
              <PollerIcon /> Pollers: the fleet grows with the backlog and shrinks when idle
            </li>
            <li>
              <QueueIcon /> Dead-letter queue: messages received more than Maximum receives times
            </li>
          </>
        )}
        <li>
          <span className={styles.lgBang} aria-hidden="true">
            !
          </span>{' '}
          Poison: fails on every delivery
        </li>
        <li>
          <span className={`${styles.lgChip} ${styles.lgSelected}`} /> Followed record (click one;
          its story is in the side panel)
        </li>
      </ul>
    </details>
  );
}
