/**
 * Reads a slice of the simulation store at most once per animation frame:
 * store updates are coalesced into one requestAnimationFrame, so a burst of
 * frames, seeks and selections costs one render (charts, log, timeline).
 * Every view due in a frame renders synchronously inside that one callback
 * (flushSync), before the browser lays out the frame: a render left to React's
 * scheduler ran in a task of its own after the frame, and its DOM changes made
 * the next frame's canvas drawing force a layout of the whole page.
 */
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { useSimStore } from '../../store/simStore';
import type { SimStoreState } from '../../store/types';

/** The views due in the next animation frame, and that frame's request. */
const due = new Set<() => void>();
let dueFrame = 0;

function runDue(): void {
  dueFrame = 0;
  const flushes = [...due];
  due.clear();
  flushSync(() => {
    for (const f of flushes) f();
  });
}

function whenFrame(flush: () => void): void {
  due.add(flush);
  if (dueFrame === 0) dueFrame = requestAnimationFrame(runDue);
}

/**
 * `selector` must be stable (module level or memoised). With `minIntervalMs`,
 * updates come at most that often (the last one always arrives): for views
 * that no one reads at 60 updates a second, such as the event log's rows
 * while a fast run pours events in.
 */
export function useFrameSelector<T>(
  selector: (s: SimStoreState) => T,
  isEqual: (a: T, b: T) => boolean = Object.is,
  minIntervalMs = 0,
): T {
  const [value, setValue] = useState(() => selector(useSimStore.getState()));
  useEffect(() => {
    let scheduled = false;
    let timer = 0;
    let last = -Infinity;
    const flush = (): void => {
      scheduled = false;
      last = performance.now();
      const next = selector(useSimStore.getState());
      setValue((prev) => (isEqual(prev, next) ? prev : next));
    };
    const schedule = (): void => {
      timer = 0;
      scheduled = true;
      whenFrame(flush);
    };
    const unsubscribe = useSimStore.subscribe(() => {
      if (scheduled || timer !== 0) return;
      const wait = last + minIntervalMs - performance.now();
      if (wait > 0) timer = window.setTimeout(schedule, wait);
      else schedule();
    });
    flush();
    return () => {
      unsubscribe();
      due.delete(flush);
      if (timer !== 0) window.clearTimeout(timer);
    };
  }, [selector, isEqual, minIntervalMs]);
  return value;
}

/** The width of an element, kept current with a ResizeObserver. */
export function useElementWidth<E extends HTMLElement>(): [(el: E | null) => void, number] {
  const [el, setEl] = useState<E | null>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    if (el === null) return;
    // The observer reports the initial size too, right after observe().
    const ro = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined) setWidth(Math.round(w));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [el]);
  return [setEl, width];
}
