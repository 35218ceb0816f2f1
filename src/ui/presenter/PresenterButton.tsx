/**
 * The header's "Presenter" button (HEADER_TOOLS), the blank screen and the
 * presenter keys: the first-paint part of presenter mode. The bar with its
 * tools loads lazily once presenter mode is on.
 */
import { lazy, Suspense, type ReactElement } from 'react';
import { usePresenterKeys } from './keys';
import { usePresenter } from './state';
import styles from './presenter.module.css';

const LazyBar = lazy(() => import('./PresenterBar'));

/** The header button. */
export function PresenterButton(): ReactElement {
  const on = usePresenter((s) => s.on);
  return (
    <button
      type="button"
      className={styles.headerButton}
      aria-pressed={on}
      aria-keyshortcuts="P"
      title="Presenter mode (P): the stage fills the screen"
      onClick={() => usePresenter.getState().toggle()}
    >
      Presenter
    </button>
  );
}

/** The presenter bar while presenter mode is on (the bar's code loads then). */
export function PresenterBarSlot(): ReactElement | null {
  const on = usePresenter((s) => s.on);
  if (!on) return null;
  return (
    <Suspense fallback={null}>
      <LazyBar />
    </Suspense>
  );
}

/** The keys (P, clicker PageUp/PageDown, B) and, while blanked, a screen showing nothing. */
export function PresenterLayer(): ReactElement | null {
  usePresenterKeys();
  const blanked = usePresenter((s) => s.blanked);
  if (!blanked) return null;
  return (
    <div
      className={styles.blank}
      role="dialog"
      aria-modal="true"
      aria-label="Screen blanked"
      tabIndex={-1}
      onClick={() => usePresenter.getState().setBlanked(false)}
    >
      <span className={styles.blankHint}>Blanked: press B or any key to come back.</span>
    </div>
  );
}
