/**
 * "Pause when …" toggles (store.setBreakpoint) and the notice naming the
 * breakpoint and event that paused the run (store.pausedAt).
 */
import { useSimStore } from '../../store/simStore';
import { breakpointsFor, pausedSentence } from './breakpoints';
import styles from './timeline.module.css';

/** The source of the run the app starts with (its toggles hold the row while it loads). */
const STARTUP_SOURCE = 'kinesis';

/** The breakpoint checkboxes that apply to the current source. */
export function Breakpoints() {
  const source = useSimStore((s) => s.scenario?.source.type ?? null);
  const on = useSimStore((s) => s.breakpoints);
  const setBreakpoint = useSimStore((s) => s.setBreakpoint);
  const pausedAt = useSimStore((s) => s.pausedAt);
  const seek = useSimStore((s) => s.seek);
  // Until the first run loads, the start-up source's toggles are laid out but invisible and
  // inert: they hold the row's room, so the stage below does not jump when they arrive.
  const loading = source === null;
  return (
    <div
      className={styles.breakpoints}
      {...(loading ? { 'aria-hidden': true, inert: true, style: { visibility: 'hidden' } } : {})}
    >
      <fieldset className={styles.toggles}>
        <legend>Pause when</legend>
        {breakpointsFor(source ?? STARTUP_SOURCE).map((b) => (
          <label key={b.kind} className={styles.toggle}>
            <input
              type="checkbox"
              checked={on.has(b.kind)}
              tabIndex={loading ? -1 : undefined}
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
