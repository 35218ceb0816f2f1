/** The header's "Compare" button (HEADER_TOOLS): opens compare mode, or goes back to the lab. */
import type { ReactElement } from 'react';
import { useUiStore } from '../../store/uiStore';
import styles from '../presenter/presenter.module.css';

/** The header button. */
export function CompareButton(): ReactElement {
  const open = useUiStore((s) => s.view === 'compare');
  return (
    <button
      type="button"
      className={styles.headerButton}
      aria-pressed={open}
      title="Run this scenario twice, side by side, with a setting changed"
      onClick={() => useUiStore.getState().setView(open ? 'lab' : 'compare')}
    >
      Compare
    </button>
  );
}
