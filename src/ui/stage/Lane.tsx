/**
 * One shard's records, drawn on a canvas each frame (dense flows stay cheap).
 * Pointer: click a record to follow it. Keyboard: the lane is focusable,
 * ←/→ move a cursor across records, Enter follows the one under the cursor;
 * a visually hidden line tells screen readers which record that is.
 */
import { useRef, type KeyboardEvent, type MouseEvent, type ReactElement } from 'react';
import type { RecordId } from '../../engine/types';
import { STATE_LABEL } from './derive';
import { drawLane, hitTest, type HitBox } from './drawLane';
import { fitCanvas, palette, reducedMotion, setText, useFrame } from './frame';
import { useRecordHits } from './hits';
import { useStageStore } from './storeContext';
import styles from './Stage.module.css';

/** The records lane of shard `index`. */
export function Lane({
  index,
  shardLabel,
}: {
  readonly index: number;
  readonly shardLabel: string;
}): ReactElement {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const hitsRef = useRef<HitBox[]>([]);
  const cursorRef = useRef<RecordId | null>(null);
  const liveRef = useRef<HTMLSpanElement>(null);
  const chipRef = useRef(0);
  const store = useStageStore();
  const publishHits = useRecordHits(`lane:${index}`, canvasRef);

  const describe = (id: RecordId | null): string => {
    const shard = store.getState().snapshot?.shards?.[index];
    const r = shard?.records.find((x) => x.id === id);
    if (r === undefined) return '';
    return `Record ${r.id}, key ${r.key}, ${STATE_LABEL[r.state]}${r.poison ? ', poison' : ''}, ${r.deliveries} deliveries. Press Enter to follow it.`;
  };

  useFrame(
    (s) => {
      const canvas = canvasRef.current;
      const shard = s.snapshot?.shards?.[index];
      if (canvas === null || shard === undefined || s.snapshot === null) return;
      const fitted = fitCanvas(canvas);
      if (fitted === null) return;
      const { hits, chipH } = drawLane(
        fitted.ctx,
        fitted.w,
        fitted.h,
        {
          records: shard.records,
          checkpoint: shard.checkpoint,
          hiddenBefore: shard.hiddenBefore,
          hiddenAfter: shard.hiddenAfter,
          t: s.snapshot.t,
          selected: s.selectedRecord,
          cursor: document.activeElement === canvas ? cursorRef.current : null,
          reduced: reducedMotion(),
        },
        palette(),
      );
      hitsRef.current = hits;
      publishHits(hits);
      // The chip size, for tests and tools: records must stay readable (≥ 28 px in presenter mode).
      if (chipRef.current !== chipH) {
        chipRef.current = chipH;
        canvas.dataset['recordPx'] = String(chipH);
      }
    },
    'canvas',
    canvasRef,
  );

  const onClick = (e: MouseEvent<HTMLCanvasElement>): void => {
    const rect = e.currentTarget.getBoundingClientRect();
    const id = hitTest(hitsRef.current, e.clientX - rect.left, e.clientY - rect.top);
    if (id !== null) store.getState().selectRecord(id);
  };

  const moveCursor = (delta: number | 'first' | 'last'): void => {
    const hits = hitsRef.current;
    if (hits.length === 0) return;
    const at = hits.findIndex((h) => h.id === cursorRef.current);
    const i =
      delta === 'first'
        ? 0
        : delta === 'last'
          ? hits.length - 1
          : Math.min(hits.length - 1, Math.max(0, (at < 0 ? 0 : at) + (at < 0 ? 0 : delta)));
    cursorRef.current = hits[i]?.id ?? null;
    setText(liveRef.current, describe(cursorRef.current));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>): void => {
    switch (e.key) {
      case 'ArrowRight':
        moveCursor(1);
        break;
      case 'ArrowLeft':
        moveCursor(-1);
        break;
      case 'Home':
        moveCursor('first');
        break;
      case 'End':
        moveCursor('last');
        break;
      case 'Enter':
      case ' ':
        if (cursorRef.current !== null) store.getState().selectRecord(cursorRef.current);
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div className={styles.laneWrap}>
      <canvas
        ref={canvasRef}
        className={styles.lane}
        data-anchor={`lane:${index}`}
        tabIndex={0}
        role="group"
        aria-roledescription="record lane"
        aria-label={`${shardLabel} records. Use the arrow keys to choose a record and Enter to follow it.`}
        onClick={onClick}
        onKeyDown={onKeyDown}
        onFocus={() => moveCursor(0)}
      />
      <span ref={liveRef} className={styles.srOnly} aria-live="polite" />
    </div>
  );
}
