/**
 * The error banner itself, animated with motion: a lazy chunk (see
 * ErrorBanner.tsx), so motion costs the start-up nothing. It carries the
 * shell's motion settings: `m` components load their animation features
 * after the fact (LazyMotion) and honour the system's reduced motion.
 */
import { AnimatePresence, LazyMotion, m, MotionConfig } from 'motion/react';
import { selectError, useSimStore } from '../../store/simStore';
import styles from './ErrorBanner.module.css';

/** motion's animation features load on their own (see motionFeatures.ts). */
const loadMotionFeatures = () => import('./motionFeatures').then((mod) => mod.default);

/** The banner: the store's error, animated in and out, until dismissed. */
export default function ErrorBannerMotion() {
  const error = useSimStore(selectError);
  const clearError = useSimStore((s) => s.clearError);
  return (
    <MotionConfig reducedMotion="user">
      <LazyMotion features={loadMotionFeatures} strict>
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
      </LazyMotion>
    </MotionConfig>
  );
}
