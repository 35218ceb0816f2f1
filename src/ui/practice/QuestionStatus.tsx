/** While a question is generated (the worker runs its scenarios), or why it could not be. */
import type { QuestionState } from './useQuestion';
import styles from './practice.module.css';

export function QuestionStatus({
  state,
  onRetry,
  onSkip,
}: {
  readonly state: QuestionState;
  readonly onRetry: () => void;
  readonly onSkip?: () => void;
}) {
  if (state.status === 'loading') {
    return (
      <p className={styles.loading} role="status">
        Running the scenario for this question…
      </p>
    );
  }
  if (state.status === 'error') {
    return (
      <div className={styles.problem} role="alert">
        <p>This question could not be made: {state.error}</p>
        <button type="button" className={styles.secondary} onClick={onRetry}>
          Try again
        </button>{' '}
        {onSkip !== undefined && (
          <button type="button" className={styles.secondary} onClick={onSkip}>
            Another question
          </button>
        )}
      </div>
    );
  }
  return null;
}
