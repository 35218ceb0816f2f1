/**
 * The metrics region: time-aligned small multiples of the metrics that apply
 * to the current source, sharing one x axis (simulated seconds), one
 * crosshair and one time window. Redraws at most once per animation frame.
 */
import { useCallback, useMemo, useState } from 'react';
import type { MetricsSeries, SourceType } from '../../engine/types';
import { useSimStore } from '../../store/simStore';
import type { SimStoreState } from '../../store/types';
import { chartsFor } from './catalog';
import { formatClock } from './format';
import { MetricChart } from './MetricChart';
import { useFrameSelector } from './useFrameSelector';
import styles from './charts.module.css';

interface ChartsView {
  readonly metrics: MetricsSeries | null;
  readonly source: SourceType | null;
  readonly t: number;
  readonly furthest: number;
}

const selectView = (s: SimStoreState): ChartsView => ({
  metrics: s.metrics,
  source: s.scenario?.source.type ?? s.snapshot?.sourceType ?? null,
  t: s.snapshot?.t ?? 0,
  furthest: s.timeline.furthest,
});

const sameView = (a: ChartsView, b: ChartsView): boolean =>
  a.metrics === b.metrics && a.source === b.source && a.t === b.t && a.furthest === b.furthest;

/** The time windows a learner can pick; 0 = the whole run so far. */
const WINDOWS: readonly { readonly seconds: number; readonly label: string }[] = [
  { seconds: 0, label: 'All' },
  { seconds: 60, label: '1 min' },
  { seconds: 300, label: '5 min' },
  { seconds: 900, label: '15 min' },
];

/** Shortest x axis, so a fresh run does not stretch its first seconds across the chart. */
const MIN_SPAN = 30;

/** The shared x domain: the whole run so far, or a window that keeps `t` in view. */
export function chartDomain(
  t: number,
  end: number,
  windowSeconds: number,
): readonly [number, number] {
  const last = Math.max(MIN_SPAN, end);
  if (windowSeconds <= 0 || windowSeconds >= last) return [0, last];
  if (t >= last - windowSeconds) return [last - windowSeconds, last];
  const from = Math.max(0, t - windowSeconds / 2);
  return [from, from + windowSeconds];
}

/** Every chart for the current source, in a responsive grid. */
export function ChartsPanel() {
  const view = useFrameSelector(selectView, sameView);
  const seek = useSimStore((s) => s.seek);
  const [cursor, setCursor] = useState<number | null>(null);
  const [windowSeconds, setWindowSeconds] = useState(0);
  const { metrics, source, t, furthest } = view;
  const metricsEnd = useMemo(() => {
    if (!metrics) return 0;
    let n = 0;
    for (const v of Object.values(metrics.series)) if (v && v.length > n) n = v.length;
    return metrics.start + n;
  }, [metrics]);
  const end = Math.max(furthest, metricsEnd, t);
  const xDomain = useMemo(() => chartDomain(t, end, windowSeconds), [t, end, windowSeconds]);
  // "now" is marked only when the run was scrubbed back from the furthest point.
  const now = t < end - 0.5 ? t : null;
  const onSeek = useCallback((to: number) => seek(to), [seek]);
  const charts = source ? chartsFor(source) : [];

  if (!metrics || charts.length === 0) {
    return (
      <p className={styles.empty}>Charts appear as soon as the run reports its first second.</p>
    );
  }
  return (
    <div className={styles.panel}>
      <div className={styles.toolbar}>
        <fieldset className={styles.windows}>
          <legend className={styles.legendLabel}>Time window</legend>
          {WINDOWS.map((w) => (
            <label key={w.seconds} className={styles.windowOption}>
              <input
                type="radio"
                name="chart-window"
                value={w.seconds}
                checked={windowSeconds === w.seconds}
                onChange={() => setWindowSeconds(w.seconds)}
              />
              {w.label}
            </label>
          ))}
        </fieldset>
        <p className={styles.hint}>
          {formatClock(xDomain[0])}–{formatClock(xDomain[1])} · ← → read values · click or Enter: go
          there
        </p>
      </div>
      <div className={styles.grid}>
        {charts.map((def) => (
          <MetricChart
            key={def.id}
            def={def}
            metrics={metrics}
            xDomain={xDomain}
            cursor={cursor}
            now={now}
            furthest={end}
            height={84}
            onCursor={setCursor}
            onSeek={onSeek}
          />
        ))}
      </div>
    </div>
  );
}
