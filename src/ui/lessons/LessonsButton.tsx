/**
 * The header's "Lessons" button (first paint: a few hundred bytes). The list
 * of lessons, with progress, loads when it is first opened.
 */
import { lazy, Suspense, type ReactElement } from 'react';
import { useLessonsMenu } from './menuState';
import styles from './LessonsButton.module.css';

const LessonsMenu = lazy(() => import('./LessonsMenu'));

/** The header tool that opens the lessons list. */
export function LessonsButton(): ReactElement {
  const open = useLessonsMenu((s) => s.open);
  const setOpen = useLessonsMenu((s) => s.setOpen);
  return (
    <>
      <button
        type="button"
        className={styles.button}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        <span aria-hidden="true" className={styles.icon}>
          ▤
        </span>
        Lessons
      </button>
      {open ? (
        <Suspense fallback={null}>
          <LessonsMenu />
        </Suspense>
      ) : null}
    </>
  );
}
