/**
 * Compact first versions of each region's content, working against the store,
 * so the app runs end to end before the feature folders plug in their own
 * components through src/ui/regions.tsx.
 */
import { useSimStore, selectT } from '../../store/simStore';
import { formatSimTime } from './format';
import styles from './interim.module.css';

/** The mapping settings in force, read-only. */
export function InterimControls() {
  const snapshot = useSimStore((s) => s.snapshot);
  if (snapshot === null) return <p className={styles.muted}>Loading the scenario…</p>;
  const m = snapshot.mapping;
  const rows: [string, string][] = [
    ['Source', snapshot.sourceType],
    ['Batch size', String(m.BatchSize)],
    ['Batch window', `${m.MaximumBatchingWindowInSeconds} s`],
    ['Retry attempts', m.MaximumRetryAttempts < 0 ? 'unlimited' : String(m.MaximumRetryAttempts)],
    ['Function timeout', `${snapshot.function.Timeout} s`],
  ];
  return (
    <div className={styles.panel}>
      <h2 className={styles.heading}>Settings in force</h2>
      <dl className={styles.pairs}>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** Totals of the run so far. */
export function InterimStage() {
  const t = useSimStore(selectT);
  const totals = useSimStore((s) => s.snapshot?.totals ?? null);
  return (
    <div className={styles.panel}>
      <p className={styles.big}>{formatSimTime(t)}</p>
      {totals !== null && (
        <dl className={styles.pairs}>
          <div>
            <dt>Records put</dt>
            <dd>{totals.recordsPut}</dd>
          </div>
          <div>
            <dt>Invocations</dt>
            <dd>{totals.invocations}</dd>
          </div>
          <div>
            <dt>Errors</dt>
            <dd>{totals.errors}</dd>
          </div>
          <div>
            <dt>Succeeded</dt>
            <dd>{totals.byStatus.succeeded}</dd>
          </div>
        </dl>
      )}
    </div>
  );
}

/** Play/pause, step, restart. */
export function InterimPlayback() {
  const status = useSimStore((s) => s.status);
  const togglePlay = useSimStore((s) => s.togglePlay);
  const step = useSimStore((s) => s.step);
  const stepBack = useSimStore((s) => s.stepBack);
  const restart = useSimStore((s) => s.restart);
  return (
    <div className={styles.row}>
      <button type="button" className={styles.button} onClick={togglePlay}>
        {status === 'playing' ? 'Pause' : 'Play'}
      </button>
      <button type="button" className={styles.button} onClick={stepBack}>
        Step back
      </button>
      <button type="button" className={styles.button} onClick={step}>
        Step
      </button>
      <button type="button" className={styles.button} onClick={restart}>
        Restart
      </button>
    </div>
  );
}

/** A scrubber over the reachable part of the run. */
export function InterimTimeline() {
  const t = useSimStore(selectT);
  const furthest = useSimStore((s) => s.timeline.furthest);
  const seek = useSimStore((s) => s.seek);
  return (
    <label className={styles.row}>
      <span className={styles.muted}>Seek</span>
      <input
        type="range"
        min={0}
        max={Math.max(furthest, 0.001)}
        step={0.1}
        value={Math.min(t, furthest)}
        onChange={(e) => seek(Number(e.currentTarget.value))}
        className={styles.grow}
      />
    </label>
  );
}

/** The latest second's counters. */
export function InterimMetrics() {
  const metrics = useSimStore((s) => s.metrics);
  const last = (name: 'Invocations' | 'Errors' | 'RecordsPut'): number => {
    const series = metrics?.series[name];
    return series?.[series.length - 1] ?? 0;
  };
  return (
    <dl className={styles.pairs}>
      <div>
        <dt>Invocations / s</dt>
        <dd>{last('Invocations')}</dd>
      </div>
      <div>
        <dt>Errors / s</dt>
        <dd>{last('Errors')}</dd>
      </div>
      <div>
        <dt>Records put / s</dt>
        <dd>{last('RecordsPut')}</dd>
      </div>
    </dl>
  );
}

/** The newest events. */
export function InterimLog() {
  const events = useSimStore((s) => s.events);
  const recent = events.slice(-30).reverse();
  return (
    <ol className={styles.log}>
      {recent.map((e) => (
        <li key={e.seq}>
          <span className={styles.mono}>{formatSimTime(e.t)}</span> {e.kind}
        </li>
      ))}
    </ol>
  );
}

/** The selected record's story. */
export function InterimRecordPanel() {
  const story = useSimStore((s) => s.recordStory);
  if (story === null) return <p className={styles.muted}>Select a record to follow its story.</p>;
  return (
    <div className={styles.panel}>
      <h2 className={styles.heading}>{story.id}</h2>
      <p>
        {story.status}, {story.deliveries} deliveries
      </p>
    </div>
  );
}
