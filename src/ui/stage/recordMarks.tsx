/**
 * Records are drawn on canvases, so a `record:<id>` stage target (a lesson's
 * "look at this record", the presenter's pointer) has no element of its own.
 * Each records canvas publishes where it drew which record; while the UI
 * store's highlight names `record:<id>`, RecordMarks puts an element carrying
 * that target over the record (its ring and "Look here" tag come from
 * global.css) and keeps it there as the record moves. When the record is not
 * drawn at this moment, the element stays in the DOM, hidden.
 */
import {
  createContext,
  useCallback,
  useContext,
  useRef,
  type ReactElement,
  type RefObject,
} from 'react';
import { useUiStore } from '../../store/uiStore';
import type { HitBox } from './drawLane';
import { useFrame } from './frame';
import { targetProps } from './targets';
import styles from './Stage.module.css';

/** Where each records canvas of one stage drew its records in the last frame. */
export type HitRegistry = Map<string, { canvas: HTMLCanvasElement; hits: readonly HitBox[] }>;

/** The registry of the stage being rendered (each stage provides its own). */
export const HitRegistryContext = createContext<HitRegistry>(new Map());

/** Returns a function a records canvas calls after each draw with its hit boxes. */
export function useRecordHits(
  name: string,
  canvasRef: RefObject<HTMLCanvasElement | null>,
): (hits: readonly HitBox[]) => void {
  const registry = useContext(HitRegistryContext);
  return useCallback(
    (hits: readonly HitBox[]) => {
      const canvas = canvasRef.current;
      if (canvas !== null) registry.set(name, { canvas, hits });
    },
    [registry, name, canvasRef],
  );
}

/** The record drawn at a point of the page, if any (the presenter's pointer). */
export function recordAt(registry: HitRegistry, clientX: number, clientY: number): string | null {
  for (const { canvas, hits } of registry.values()) {
    const r = canvas.getBoundingClientRect();
    const x = clientX - r.left;
    const y = clientY - r.top;
    if (x < 0 || y < 0 || x > r.width || y > r.height) continue;
    for (const b of hits) {
      if (x >= b.x - 2 && x <= b.x + b.w + 2 && y >= b.y - 4 && y <= b.y + b.h + 4) return b.id;
    }
  }
  return null;
}

const selectRecordTargets = (s: { highlight: readonly string[] }): string =>
  s.highlight.filter((h) => h.startsWith('record:')).join('\u0000');

/** Ringed marks over the highlighted records; `wrapRef` is the element they are placed in. */
export function RecordMarks({
  wrapRef,
}: {
  readonly wrapRef: RefObject<HTMLElement | null>;
}): ReactElement {
  const joined = useUiStore(selectRecordTargets);
  const ids = joined === '' ? [] : joined.split('\u0000');
  return (
    <>
      {ids.map((target) => (
        <RecordMark key={target} target={target} wrapRef={wrapRef} />
      ))}
    </>
  );
}

function RecordMark({
  target,
  wrapRef,
}: {
  readonly target: string;
  readonly wrapRef: RefObject<HTMLElement | null>;
}): ReactElement {
  const registry = useContext(HitRegistryContext);
  const ref = useRef<HTMLDivElement>(null);
  const id = target.slice('record:'.length);
  useFrame(() => {
    const el = ref.current;
    const wrap = wrapRef.current;
    if (el === null || wrap === null) return;
    for (const { canvas, hits } of registry.values()) {
      const b = hits.find((h) => h.id === id);
      if (b === undefined || !canvas.isConnected) continue;
      const c = canvas.getBoundingClientRect();
      const w = wrap.getBoundingClientRect();
      el.hidden = false;
      el.style.transform = `translate(${(c.left - w.left + b.x).toFixed(1)}px, ${(c.top - w.top + b.y).toFixed(1)}px)`;
      el.style.width = `${b.w}px`;
      el.style.height = `${b.h}px`;
      return;
    }
    el.hidden = true;
  });
  return (
    <div
      ref={ref}
      className={styles.recordMark}
      {...targetProps(target as `record:${string}`, true)}
      aria-label={`Record ${id}`}
      role="img"
      hidden
    />
  );
}
