/**
 * The "About this model" dialog: a native modal <dialog> (focus trap and
 * Escape come from the platform), its content loaded on first open.
 */
import { lazy, Suspense, useEffect, useRef } from 'react';
import { useUiStore } from '../../store/uiStore';
import styles from './AboutDialog.module.css';

const About = lazy(() => import('./About'));

/** The About dialog, open while uiStore.aboutOpen. */
export function AboutDialog() {
  const open = useUiStore((s) => s.aboutOpen);
  const setOpen = useUiStore((s) => s.setAboutOpen);
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      aria-labelledby="about-title"
      onClose={() => setOpen(false)}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its box) closes it.
        if (e.target === e.currentTarget) setOpen(false);
      }}
    >
      <div className={styles.box}>
        <header className={styles.head}>
          <h2 id="about-title" className={styles.title}>
            About this model
          </h2>
          <button type="button" className={styles.close} onClick={() => setOpen(false)}>
            Close
          </button>
        </header>
        {open && (
          <Suspense fallback={<p className={styles.loading}>Loading…</p>}>
            <About />
          </Suspense>
        )}
      </div>
    </dialog>
  );
}
