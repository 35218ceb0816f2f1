/** Shows the store's user-facing error (bad scenario, worker failure) until dismissed. */
import { AnimatePresence, m } from 'motion/react';
import { selectError, useSimStore } from '../../store/simStore';
import styles from './ErrorBanner.module.css';

/** The error banner under the header. */
export function ErrorBanner() {
  const error = useSimStore(selectError);
  const clearError = useSimStore((s) => s.clearError);
  return (
    <AnimatePresence>
      {error !== null && (
        <m.div
          role="alert"
          className={styles.banner}
          initial={{ opacity: 0, y: -8 }}
          animate={{ opacity: 1, y: 0 }}
          exit={{ opacity: 0, y: -8 }}
          transition={{ duration: 0.2 }}
        >
          <p className={styles.text}>{error}</p>
          <button type="button" className={styles.dismiss} onClick={clearError}>
            Dismiss
          </button>
        </m.div>
      )}
    </AnimatePresence>
  );
}
