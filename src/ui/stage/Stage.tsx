/**
 * The pipeline stage: header (source, concurrency, totals), narration, the
 * flow for the loaded source (streams or queue) with the overlay that shows
 * batches travelling, and the legend. It draws the store the nearest
 * SimStoreContext supplies (the app's by default; each run in compare mode).
 */
import { lazy, Suspense, useRef, useState, type MouseEvent, type ReactElement } from 'react';
import { useUiStore } from '../../store/uiStore';
import { isStreamSource, type SourceType, type StageSnapshot } from '../../engine/types';
import { usePresenter } from '../presenter/state';
import { setAttr, setText, useFrame } from './frame';

import { Legend } from './Legend';
import { Narrator } from './Narrator';
import { HitRegistryContext, recordAt, type HitRegistry } from './hits';

// Each source's flow, the moving batches and the record marks load after first paint: the
// stage waits for the worker's first frame anyway, and only one kind of flow is ever shown.
const StreamStage = lazy(() => import('./StreamStage').then((m) => ({ default: m.StreamStage })));
const QueueStage = lazy(() => import('./QueueStage').then((m) => ({ default: m.QueueStage })));
const FlowOverlay = lazy(() => import('./FlowOverlay'));
const RecordMarks = lazy(() => import('./RecordMarks'));

const selectRecordTargets = (s: { highlight: readonly string[] }): string =>
  s.highlight.filter((h) => h.startsWith('record:')).join('\u0000');
import { useStageStore } from './storeContext';
import { useTarget } from './targets';
import styles from './Stage.module.css';
import { grouped } from '../numbers';

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

/** The stage region's content; `caption` names the run in compare mode ("A · bisect off"). */
export function Stage({ caption }: { readonly caption?: string } = {}): ReactElement {
  const useStore = useStageStore();
  const type = useStore(selectType);
  const title = useStore(selectTitle);
  const concurrencyRef = useRef<HTMLSpanElement>(null);
  const statsRef = useRef<HTMLSpanElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const flowRef = useRef<HTMLDivElement>(null);
  const [registry] = useState<HitRegistry>(() => new Map());
  const pointing = usePresenter((s) => s.pointing);
  const recordTargets = useUiStore(selectRecordTargets);
  const concurrencyTarget = useTarget('concurrency');
  useFrame((s) => {
    const snap = s.snapshot;
    if (snap === null) return;
    const tot = snap.totals;
    setText(
      concurrencyRef.current,
      `Concurrency ${snap.concurrency.current} of ${grouped(snap.concurrency.cap)}`,
    );
    // The limit's reason (e.g. "1 shard(s) × ParallelizationFactor 1") on hover and for screen readers.
    setAttr(concurrencyRef.current, 'title', `Concurrency limit: ${snap.concurrency.capReason}`);
    setText(
      statsRef.current,
      `${grouped(tot.recordsPut)} put · ${grouped(tot.invocations)} invocations · ` +
        `${grouped(tot.errors)} errors · ${grouped(tot.throttles)} throttles`,
    );
  });

  // Presenter's pointer: a click rings the stage element (or record) under it for the room.
  const onPointClick = (e: MouseEvent<HTMLDivElement>): void => {
    if (!usePresenter.getState().pointing) return;
    e.preventDefault();
    e.stopPropagation();
    const record = recordAt(registry, e.clientX, e.clientY);
    const el = (e.target as Element).closest('[data-stage-target]');
    const target = record !== null ? `record:${record}` : el?.getAttribute('data-stage-target');
    if (target !== undefined && target !== null) usePresenter.getState().point(target);
  };

  if (type === null) {
    return (
      <div className={styles.stage}>
        <p className={styles.muted}>Loading the simulation…</p>
      </div>
    );
  }
  const streams = isStreamSource(type);
  return (
    <HitRegistryContext.Provider value={registry}>
      <div className={styles.stage} data-source={type}>
        <header className={styles.stageHead}>
          <h2 className={styles.stageTitle}>
            {caption !== undefined ? <span className={styles.caption}>{caption} · </span> : null}
            {SOURCE_TITLE[type]}
            {title !== null ? <span className={styles.scenarioTitle}> · {title}</span> : null}
          </h2>
          <p className={styles.stats}>
            <span ref={concurrencyRef} className={styles.concurrency} {...concurrencyTarget} />
            <span ref={statsRef} />
          </p>
        </header>
        <Narrator />
        <div
          ref={wrapRef}
          className={styles.flowWrap}
          data-pointing={pointing ? '' : undefined}
          onClickCapture={onPointClick}
        >
          <Suspense fallback={<p className={styles.muted}>Drawing the stage…</p>}>
            {streams ? <StreamStage flowRef={flowRef} /> : <QueueStage flowRef={flowRef} />}
          </Suspense>
          <Suspense fallback={null}>
            <FlowOverlay kind={streams ? 'streams' : 'queue'} flowRef={flowRef} />
            {recordTargets !== '' ? (
              <RecordMarks ids={recordTargets.split('\u0000')} wrapRef={wrapRef} />
            ) : null}
          </Suspense>
        </div>
        <Legend streams={streams} />
      </div>
    </HitRegistryContext.Provider>
  );
}
