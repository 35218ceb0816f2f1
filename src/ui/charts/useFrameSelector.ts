/**
 * Reads a slice of the simulation store at most once per animation frame:
 * store updates are coalesced into one requestAnimationFrame, so a burst of
 * frames, seeks and selections costs one render (charts, log, timeline).
 */
import { useEffect, useState } from 'react';
import { useSimStore } from '../../store/simStore';
import type { SimStoreState } from '../../store/types';

/** `selector` must be stable (module level or memoised). */
export function useFrameSelector<T>(
  selector: (s: SimStoreState) => T,
  isEqual: (a: T, b: T) => boolean = Object.is,
): T {
  const [value, setValue] = useState(() => selector(useSimStore.getState()));
  useEffect(() => {
    let raf = 0;
    const flush = (): void => {
      raf = 0;
      const next = selector(useSimStore.getState());
      setValue((prev) => (isEqual(prev, next) ? prev : next));
    };
    const unsubscribe = useSimStore.subscribe(() => {
      if (raf === 0) raf = requestAnimationFrame(flush);
    });
    flush();
    return () => {
      unsubscribe();
      if (raf !== 0) cancelAnimationFrame(raf);
    };
  }, [selector, isEqual]);
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
