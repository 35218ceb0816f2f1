/** The app header: product name and promise, the scenario and its state, About and the theme switch. */
import { selectTitle, useSimStore } from '../../store/simStore';
import { useUiStore } from '../../store/uiStore';
import { HEADER_TOOLS } from '../regions';
import { ThemeToggle } from './ThemeToggle';
import styles from './Header.module.css';

const STATUS_LABEL = {
  loading: 'Loading',
  paused: 'Paused',
  playing: 'Playing',
  ended: 'Ended',
  error: 'Stopped',
} as const;

/** The header bar; `titleHint` overrides the store's (see App). */
export function Header({
  titleHint: hintProp,
}: { readonly titleHint?: string | null | undefined } = {}) {
  const runTitle = useSimStore(selectTitle);
  const loaded = useSimStore((s) => s.scenario !== null);
  const storeHint = useUiStore((s) => s.titleHint);
  const titleHint = hintProp ?? storeHint;
  // Until the run has loaded, the title of the scenario on its way (see UiState.titleHint).
  const title = loaded ? runTitle : titleHint;
  const status = useSimStore((s) => s.status);
  const setAboutOpen = useUiStore((s) => s.setAboutOpen);
  const controlsOpen = useUiStore((s) => s.controlsOpen);
  const setControlsOpen = useUiStore((s) => s.setControlsOpen);
  return (
    <header className={styles.header}>
      <div className={styles.brand}>
        <svg viewBox="0 0 64 64" aria-hidden="true" className={styles.logo}>
          <rect width="64" height="64" rx="14" />
          <path d="M18 50 31 22l-4-8h9l15 36h-8L33 30l-8 20z" />
        </svg>
        <div>
          <h1 className={styles.name}>Lambda ESM Lab</h1>
          <p className={styles.promise}>
            See how Lambda polls streams and queues — batch by batch, failure by failure.
          </p>
        </div>
      </div>
      <div className={styles.run}>
        {title !== null && (
          <span className={styles.title} title={title} data-title-hint={loaded ? undefined : ''}>
            {title}
          </span>
        )}
        <span className={styles.status} data-status={status}>
          {STATUS_LABEL[status]}
        </span>
      </div>
      <div className={styles.actions}>
        <button
          type="button"
          className={`${styles.button} ${styles.settingsToggle}`}
          aria-expanded={controlsOpen}
          aria-controls="region-controls"
          onClick={() => setControlsOpen(!controlsOpen)}
        >
          Settings
        </button>
        {HEADER_TOOLS.map((Tool, i) => (
          <Tool key={i} />
        ))}
        <button type="button" className={styles.button} onClick={() => setAboutOpen(true)}>
          About this model
        </button>
        <ThemeToggle />
      </div>
    </header>
  );
}
