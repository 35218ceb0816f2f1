/**
 * The timeline region: scrubber on top; breakpoints and the run summary below.
 */
import { useUiStore } from '../../store/uiStore';
import { Breakpoints } from './Breakpoints';
import { RunSummary } from './RunSummary';
import { Scrubber } from './Scrubber';
import styles from './timeline.module.css';

/**
 * Time travel: seek, pause-on breakpoints, run summary. While a lesson step
 * is open the step decides the moments: breakpoints and the summary fold
 * away so the stage keeps its height (closing the lesson brings them back).
 */
export function TimelinePanel() {
  const lesson = useUiStore((s) => s.lesson !== null);
  return (
    <div className={styles.panel}>
      <Scrubber />
      {lesson ? null : (
        <div className={styles.below}>
          <Breakpoints />
          <RunSummary />
        </div>
      )}
    </div>
  );
}
