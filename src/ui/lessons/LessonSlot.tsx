/**
 * The centre column's lesson slot (first paint: a few hundred bytes): nothing
 * while no lesson is open, the lesson panel (loaded on demand) while one is.
 */
import { lazy, Suspense, type ReactElement } from 'react';
import { useUiStore } from '../../store/uiStore';
import styles from './LessonsButton.module.css';

const LessonPanel = lazy(() => import('./LessonPanel'));

/** The lesson panel while `useUiStore.lesson` is set; nothing otherwise. */
export function LessonSlot(): ReactElement | null {
  const open = useUiStore((s) => s.lesson !== null);
  if (!open) return null;
  return (
    <Suspense fallback={<div className={styles.slot} aria-hidden="true" />}>
      <LessonPanel />
    </Suspense>
  );
}
