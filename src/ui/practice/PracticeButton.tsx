/** The header's "Practice" button: opens exam practice, or returns to the lab from it. */
import { useUiStore } from '../../store/uiStore';
import { closePractice, openPractice, PRACTICE_VIEW } from './entry';
import styles from './PracticeButton.module.css';

/** Header tool (ui/regions.tsx HEADER_TOOLS). */
export function PracticeButton() {
  const open = useUiStore((s) => s.view === PRACTICE_VIEW);
  return (
    <button
      type="button"
      className={styles.button}
      aria-pressed={open}
      onClick={() => (open ? closePractice() : openPractice())}
    >
      Practice
    </button>
  );
}
