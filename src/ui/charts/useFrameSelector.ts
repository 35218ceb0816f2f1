/**
 * Reads a slice of the simulation store at most once per animation frame:
 * store updates are coalesced into one requestAnimationFrame, so a burst of
 * frames, seeks and selections costs one render (charts, log, timeline).
 */
import { useEffect, useState } from 'react';
import { useSimStore } from '../../store/simStore';
import type { SimStoreState } from '../../store/types';

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
    let raf = 0;
    let timer = 0;
    let last = -Infinity;
    const flush = (): void => {
      raf = 0;
      last = performance.now();
      const next = selector(useSimStore.getState());
      setValue((prev) => (isEqual(prev, next) ? prev : next));
    };
    const schedule = (): void => {
      timer = 0;
      raf = requestAnimationFrame(flush);
    };
    const unsubscribe = useSimStore.subscribe(() => {
      if (raf !== 0 || timer !== 0) return;
      const wait = last + minIntervalMs - performance.now();
      if (wait > 0) timer = window.setTimeout(schedule, wait);
      else schedule();
    });
    flush();
    return () => {
      unsubscribe();
      if (raf !== 0) cancelAnimationFrame(raf);
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
