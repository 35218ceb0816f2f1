/**
 * While the UI store's highlight names `record:<id>` (a lesson's "look at this
 * record", the presenter's pointer), an element carrying that target sits over
 * the record (its ring and "Look here" tag come from global.css) and follows it
 * as it moves; hidden while the record is not drawn. Loaded lazily: only a
 * highlighted record needs it.
 */
import { useContext, useRef, type ReactElement, type RefObject } from 'react';
import { useFrame } from './frame';
import { HitRegistryContext } from './hits';
import { targetProps } from './targets';
import styles from './Stage.module.css';

/** Ringed marks over the highlighted records (`ids`: `record:<id>` targets). */
export default function RecordMarks({
  ids,
  wrapRef,
}: {
  readonly ids: readonly string[];
  readonly wrapRef: RefObject<HTMLElement | null>;
}): ReactElement {
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
