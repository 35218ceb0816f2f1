/**
 * Above the stage after "Show me" (ui/regions.tsx CENTRE_TOP): what to look
 * at, and the way back to the question. Renders nothing otherwise.
 */
import { useUiStore } from '../../store/uiStore';
import { openPractice } from './entry';
import { useShowMeNote } from './showMeNote';
import styles from './PracticeButton.module.css';

/** The Show me bar. */
export function ShowMeBar() {
  const note = useShowMeNote((s) => s.note);
  if (note === null) return null;
  return (
    <section className={styles.bar} aria-label="Show me">
      <p className={styles.barText} role="status">
        <span className={styles.barLabel}>Show me · {note.title}: </span>
        {note.caption}
      </p>
      <button type="button" className={styles.button} onClick={() => openPractice(note.returnHash)}>
        Back to the question
      </button>
      <button
        type="button"
        className={styles.button}
        onClick={() => {
          useShowMeNote.getState().clear();
          useUiStore.getState().setHighlight([]);
        }}
      >
        Dismiss
      </button>
    </section>
  );
}
