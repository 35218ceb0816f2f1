/**
 * The pipeline stage: header (source, concurrency, totals), narration, the
 * streams or queue stage for the loaded source, and the legend.
 */
import { useRef, type ReactElement } from 'react';
import { isStreamSource, type SourceType, type StageSnapshot } from '../../engine/types';
import { useSimStore } from '../../store/simStore';
import { setText, useFrame } from './frame';
import { Legend } from './Legend';
import { Narrator } from './Narrator';
import { QueueStage } from './QueueStage';
import { StreamStage } from './StreamStage';
import { useTarget } from './targets';
import styles from './Stage.module.css';

/** Console names of the source types. */
export const SOURCE_TITLE: Readonly<Record<SourceType, string>> = {
  kinesis: 'Kinesis Data Streams',
  dynamodb: 'DynamoDB Streams',
  sqs: 'SQS standard',
  'sqs-fifo': 'SQS FIFO',
};

const selectType = (s: { snapshot: StageSnapshot | null }): SourceType | null =>
  s.snapshot?.sourceType ?? null;
const selectTitle = (s: { scenario: { title: string | null } | null }): string | null =>
  s.scenario?.title ?? null;

/** The stage region's content. */
export function Stage(): ReactElement {
  const type = useSimStore(selectType);
  const title = useSimStore(selectTitle);
  const statsRef = useRef<HTMLParagraphElement>(null);
  const sourceTarget = useTarget('source');
  const concurrencyTarget = useTarget('concurrency');
  useFrame((s) => {
    const snap = s.snapshot;
    if (snap === null) return;
    const tot = snap.totals;
    setText(
      statsRef.current,
      `Concurrency ${snap.concurrency.current} of ${snap.concurrency.cap.toLocaleString('en-US')} · ` +
        `${tot.recordsPut.toLocaleString('en-US')} put · ${tot.invocations.toLocaleString('en-US')} invocations · ` +
        `${tot.errors.toLocaleString('en-US')} errors · ${tot.throttles.toLocaleString('en-US')} throttles`,
    );
    // The limit's reason (e.g. "1 shard(s) × ParallelizationFactor 1") on hover and for screen readers.
    statsRef.current?.setAttribute('title', `Concurrency limit: ${snap.concurrency.capReason}`);
  });
  if (type === null) {
    return (
      <div className={styles.stage}>
        <p className={styles.muted}>Loading the simulation…</p>
      </div>
    );
  }
  const streams = isStreamSource(type);
  return (
    <div className={styles.stage} data-source={type}>
      <header className={styles.stageHead}>
        <h2 className={styles.stageTitle} {...sourceTarget}>
          {SOURCE_TITLE[type]}
          {title !== null ? <span className={styles.scenarioTitle}> · {title}</span> : null}
        </h2>
        <p ref={statsRef} className={styles.stats} {...concurrencyTarget} />
      </header>
      <Narrator />
      {streams ? <StreamStage /> : <QueueStage />}
      <Legend streams={streams} />
    </div>
  );
}
