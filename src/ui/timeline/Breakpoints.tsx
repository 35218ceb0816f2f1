/**
 * "Pause when …" toggles (store.setBreakpoint) and the notice naming the
 * breakpoint and event that paused the run (store.pausedAt).
 */
import { useSimStore } from '../../store/simStore';
import { breakpointsFor, pausedSentence } from './breakpoints';
import styles from './timeline.module.css';

/** The breakpoint checkboxes that apply to the current source. */
export function Breakpoints() {
  const source = useSimStore((s) => s.scenario?.source.type ?? null);
  const on = useSimStore((s) => s.breakpoints);
  const setBreakpoint = useSimStore((s) => s.setBreakpoint);
  const pausedAt = useSimStore((s) => s.pausedAt);
  const seek = useSimStore((s) => s.seek);
  if (source === null) {
    // Until the first run loads, an invisible copy of the start-up source's toggles holds their
    // room, so the stage below does not jump when they arrive (layout shift).
    return (
      <div className={styles.breakpoints} aria-hidden="true" inert style={{ visibility: 'hidden' }}>
        <fieldset className={styles.toggles}>
          <legend>Pause when</legend>
          {breakpointsFor('kinesis').map((b) => (
            <span key={b.kind} className={styles.toggle}>
              <input type="checkbox" tabIndex={-1} readOnly />
              {b.label}
            </span>
          ))}
        </fieldset>
      </div>
    );
  }
  return (
    <div className={styles.breakpoints}>
      <fieldset className={styles.toggles}>
        <legend>Pause when</legend>
        {breakpointsFor(source).map((b) => (
          <label key={b.kind} className={styles.toggle}>
            <input
              type="checkbox"
              checked={on.has(b.kind)}
              onChange={(e) => setBreakpoint(b.kind, e.currentTarget.checked)}
            />
            {b.label}
          </label>
        ))}
      </fieldset>
      {pausedAt !== null && (
        <p className={styles.paused} role="status">
          <span aria-hidden="true" className={styles.pausedIcon}>
            ❚❚
          </span>
          <span>{pausedSentence(pausedAt.breakpoint, pausedAt.event)}</span>
          <button
            type="button"
            className={styles.linkButton}
            onClick={() => seek(pausedAt.event.t)}
          >
            Back to it
          </button>
        </p>
      )}
    </div>
  );
}
