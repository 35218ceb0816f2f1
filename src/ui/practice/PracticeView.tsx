/**
 * Exam practice (ui/regions.tsx VIEWS 'practice', loaded lazily): three modes
 * as tabs — Training, Test, Spaced repetition. Questions are generated and
 * graded by the simulator in the quiz worker; nothing here knows an answer.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useUiStore } from '../../store/uiStore';
import { CATALOG } from '../../quiz/catalog';
import { TOPICS } from '../../quiz/topics';
import { closePractice } from './entry';
import { usePracticeStore, type PracticeMode } from './practiceStore';
import { Review } from './Review';
import { TestMode } from './TestMode';
import { Training } from './Training';
import { useShowMeNote } from './showMeNote';
import styles from './practice.module.css';

const MODES: readonly { readonly id: PracticeMode; readonly label: string }[] = [
  { id: 'training', label: 'Training' },
  { id: 'test', label: 'Test' },
  { id: 'review', label: 'Spaced repetition' },
];

/** The practice view. */
export function PracticeView() {
  const mode = usePracticeStore((s) => s.mode);
  const notice = usePracticeStore((s) => s.notice);
  const { setMode, dismissNotice } = usePracticeStore.getState();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  // Coming back from "Show me": the lab's rings and note are done with.
  useEffect(() => {
    if (useShowMeNote.getState().note !== null) {
      useShowMeNote.getState().clear();
      useUiStore.getState().setHighlight([]);
    }
    if (
      usePracticeStore.getState().mode === 'training' &&
      usePracticeStore.getState().training === null
    ) {
      usePracticeStore.getState().newTraining();
    }
  }, []);

  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>, i: number): void => {
    const to =
      e.key === 'ArrowRight'
        ? (i + 1) % MODES.length
        : e.key === 'ArrowLeft'
          ? (i - 1 + MODES.length) % MODES.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? MODES.length - 1
              : -1;
    const next = MODES[to];
    if (next === undefined) return;
    e.preventDefault();
    setMode(next.id);
    tabs.current[to]?.focus();
  };

  return (
    <div className={styles.view} data-practice-keys="true">
      <div className={styles.head}>
        <div>
          <h2 className={styles.heading}>Exam practice</h2>
          <p className={styles.sub}>
            {CATALOG.length} question templates over {TOPICS.length} topics. Every answer is what
            the simulator does: each question runs its scenario.
          </p>
        </div>
        <div role="tablist" aria-label="Practice mode" className={styles.tabs}>
          {MODES.map((m, i) => (
            <button
              key={m.id}
              ref={(el) => {
                tabs.current[i] = el;
              }}
              type="button"
              role="tab"
              id={`practice-tab-${m.id}`}
              aria-selected={mode === m.id}
              aria-controls="practice-panel"
              tabIndex={mode === m.id ? 0 : -1}
              className={styles.tab}
              onClick={() => setMode(m.id)}
              onKeyDown={(e) => onTabKey(e, i)}
            >
              {m.label}
            </button>
          ))}
        </div>
        <button type="button" className={styles.secondary} onClick={closePractice}>
          Back to the lab
        </button>
      </div>
      {notice !== null && (
        <div className={styles.notice} role="status">
          <p>{notice}</p>
          <button type="button" className={styles.secondary} onClick={dismissNotice}>
            OK
          </button>
        </div>
      )}
      <div
        id="practice-panel"
        role="tabpanel"
        aria-labelledby={`practice-tab-${mode}`}
        className={styles.panel}
      >
        {mode === 'training' ? <Training /> : mode === 'test' ? <TestMode /> : <Review />}
      </div>
    </div>
  );
}
