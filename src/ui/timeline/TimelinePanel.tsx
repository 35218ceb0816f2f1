/**
 * The timeline region: scrubber on top; breakpoints and the run summary below.
 */
import { Breakpoints } from './Breakpoints';
import { RunSummary } from './RunSummary';
import { Scrubber } from './Scrubber';
import styles from './timeline.module.css';

/** Time travel: seek, pause-on breakpoints, run summary. */
export function TimelinePanel() {
  return (
    <div className={styles.panel}>
      <Scrubber />
      <div className={styles.below}>
        <Breakpoints />
        <RunSummary />
      </div>
    </div>
  );
}
