/**
 * The charts of both runs overlaid: for each metric that matters when
 * comparing (the age metric, errors, invocations, concurrency, what was
 * dropped or dead-lettered), run A as a solid line and run B dashed, with a
 * legend saying which is which. Clicking a chart seeks both runs.
 */
import { useEffect, useMemo, useState, type ReactElement } from 'react';
import type { MetricsSeries, SourceType } from '../../engine/types';
import type { SimStore } from '../../store/simStore';
import type { SimStoreState } from '../../store/types';
import { chartsFor, type ChartDef } from '../charts/catalog';
import { MetricChart } from '../charts/MetricChart';
import styles from './compare.module.css';

/** The charts compare mode overlays, in order. */
const COMPARED = new Set([
  'IteratorAge',
  'ApproximateAgeOfOldestMessage',
  'Errors',
  'Invocations',
  'ConcurrentExecutions',
  'DroppedEventCount',
  'DeadLetterQueueDepth',
]);

/**
 * Reads a slice of a store, at most once per animation frame (or every
 * `everyMs` when given: charts and figures need not redraw at 60 fps).
 */
export function useRunView<T>(
  store: SimStore,
  selector: (s: SimStoreState) => T,
  isEqual: (a: T, b: T) => boolean = Object.is,
  everyMs = 0,
): T {
  const [value, setValue] = useState(() => selector(store.getState()));
  useEffect(() => {
    let raf = 0;
    let timer = 0;
    const flush = (): void => {
      raf = 0;
      timer = 0;
      const next = selector(store.getState());
      setValue((prev) => (isEqual(prev, next) ? prev : next));
    };
    const unsubscribe = store.subscribe(() => {
      if (raf !== 0 || timer !== 0) return;
      if (everyMs > 0)
        timer = window.setTimeout(() => (raf = requestAnimationFrame(flush)), everyMs);
      else raf = requestAnimationFrame(flush);
    });
    flush();
    return () => {
      unsubscribe();
      if (raf !== 0) cancelAnimationFrame(raf);
      if (timer !== 0) window.clearTimeout(timer);
    };
  }, [store, selector, isEqual, everyMs]);
  return value;
}

const selectMetrics = (s: SimStoreState): MetricsSeries | null => s.metrics;
const selectT = (s: SimStoreState): number => s.snapshot?.t ?? 0;
const EMPTY: MetricsSeries = { periodSeconds: 1, start: 0, series: {} };

/** The overlaid charts. */
export function CompareCharts({
  a,
  b,
  type,
  onSeek,
}: {
  readonly a: SimStore;
  readonly b: SimStore;
  readonly type: SourceType;
  readonly onSeek: (t: number) => void;
}): ReactElement {
  const ma = useRunView(a, selectMetrics, Object.is, 250) ?? EMPTY;
  const mb = useRunView(b, selectMetrics, Object.is, 250) ?? EMPTY;
  const t = useRunView(a, selectT, Object.is, 250);
  const [cursor, setCursor] = useState<number | null>(null);
  const defs = useMemo(() => chartsFor(type).filter((d) => COMPARED.has(d.id)), [type]);
  const end = Math.max(30, t);
  const xDomain = useMemo(() => [0, end] as const, [end]);
  return (
    <section className={styles.charts} aria-label="Metrics of both runs">
      <h3 className={styles.chartsTitle}>
        Metrics: <span className={styles.sideTag}>A</span> solid line,{' '}
        <span className={styles.sideTag} data-side="b">
          B
        </span>{' '}
        dashed
      </h3>
      <div className={styles.chartGrid}>
        {defs.map((def) => (
          <Overlaid
            key={def.id}
            def={def}
            a={ma}
            b={mb}
            xDomain={xDomain}
            cursor={cursor}
            now={t}
            onCursor={setCursor}
            onSeek={onSeek}
          />
        ))}
      </div>
    </section>
  );
}

function Overlaid({
  def,
  a,
  b,
  xDomain,
  cursor,
  now,
  onCursor,
  onSeek,
}: {
  readonly def: ChartDef;
  readonly a: MetricsSeries;
  readonly b: MetricsSeries;
  readonly xDomain: readonly [number, number];
  readonly cursor: number | null;
  readonly now: number;
  readonly onCursor: (t: number | null) => void;
  readonly onSeek: (t: number) => void;
}): ReactElement {
  // The chart's main line of each run (per-shard lines would double the clutter).
  const overlaid: ChartDef = useMemo(() => {
    const la = def.lines(a)[0];
    const lb = def.lines(b)[0];
    return {
      ...def,
      lines: () => [
        ...(la !== undefined ? [{ ...la, id: `a-${la.id}`, label: 'Run A' }] : []),
        ...(lb !== undefined ? [{ ...lb, id: `b-${lb.id}`, label: 'Run B' }] : []),
      ],
    };
  }, [def, a, b]);
  return (
    <div className={styles.chart}>
      <MetricChart
        def={overlaid}
        metrics={a}
        xDomain={xDomain}
        cursor={cursor}
        now={now}
        furthest={now}
        height={120}
        onCursor={onCursor}
        onSeek={onSeek}
      />
    </div>
  );
}
