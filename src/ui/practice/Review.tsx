/**
 * Spaced repetition: questions missed come back after a minute, questions
 * known come back later and later (Leitner boxes, src/quiz/schedule.ts).
 * The history stays in this browser (localStorage) and can be reset.
 */
import { useEffect, useState } from 'react';
import { isAnswered } from '../../quiz/grade';
import { scheduleStats } from '../../quiz/schedule';
import { topicName } from '../../quiz/topics';
import { writeHash } from '../shell/routes';
import { Feedback } from './Feedback';
import { usePracticeStore } from './practiceStore';
import { QuestionCard } from './QuestionCard';
import { QuestionStatus } from './QuestionStatus';
import { useQuestion } from './useQuestion';
import styles from './practice.module.css';

function ago(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min < 1) return 'less than a minute ago';
  if (min < 60) return `${min} minute${min === 1 ? '' : 's'} ago`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} hour${h === 1 ? '' : 's'} ago`;
  return `${Math.round(h / 24)} days ago`;
}

/** The spaced-repetition mode. */
export function Review() {
  const review = usePracticeStore((s) => s.review);
  const history = usePracticeStore((s) => s.history);
  const { nextReviewQuestion, setReviewAnswer, submitReview, resetHistory } =
    usePracticeStore.getState();
  const [attempt, setAttempt] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const state = useQuestion(review?.ref ?? null, attempt);

  useEffect(() => {
    if (review === null) nextReviewQuestion();
  }, [review, nextReviewQuestion]);
  useEffect(() => {
    writeHash('quiz/review');
    const t = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(t);
  }, []);

  const stats = scheduleStats(history, now);
  const pick = review?.pick;
  const why =
    pick === undefined
      ? ''
      : pick.reason === 'due'
        ? pick.item.box === 0
          ? `Back again: you missed this one ${ago(now - pick.item.lastAnswered)}.`
          : `Due again: you last got it right ${ago(now - pick.item.lastAnswered)}.`
        : `New, from your weakest topic so far: ${topicName(pick.topic)}.`;

  return (
    <div className={styles.mode}>
      <div className={styles.toolbar}>
        <p className={styles.stats} aria-label="Your history">
          <span>
            <strong>{stats.due}</strong> due now
          </span>
          <span>
            <strong>{stats.learning}</strong> learning
          </span>
          <span>
            <strong>{stats.known}</strong> known well
          </span>
          <span>
            <strong>{stats.total}</strong> in your history
          </span>
        </p>
        {confirming ? (
          <div role="group" aria-label="Reset your practice history?" className={styles.confirm}>
            <span>Forget every answer in this browser?</span>
            <button
              type="button"
              className={styles.danger}
              onClick={() => {
                resetHistory();
                setConfirming(false);
              }}
            >
              Reset history
            </button>
            <button type="button" className={styles.secondary} onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        ) : (
          <button type="button" className={styles.secondary} onClick={() => setConfirming(true)}>
            Reset history…
          </button>
        )}
      </div>
      <p className={styles.reason}>{why}</p>
      <QuestionStatus
        state={state}
        onRetry={() => setAttempt((a) => a + 1)}
        onSkip={nextReviewQuestion}
      />
      {state.status === 'ready' && review !== null && (
        <div className={styles.columns} data-single={review.grade === null}>
          <QuestionCard
            question={state.question}
            answer={review.answer}
            onAnswer={setReviewAnswer}
            grade={review.grade}
            canSubmit={isAnswered(review.answer)}
            submitLabel={review.grade === null ? 'Check answer' : 'Next question'}
            onSubmit={() =>
              review.grade === null ? submitReview(state.question) : nextReviewQuestion()
            }
          />
          {review.grade !== null && (
            <Feedback
              question={state.question}
              grade={review.grade}
              next={{
                label: 'Next question',
                onClick: nextReviewQuestion,
              }}
            />
          )}
        </div>
      )}
      {review?.grade !== null && review !== null && (
        <p className={styles.hint}>
          {review.grade.correct
            ? 'Answered right: it comes back later, and later again each time you get it right.'
            : 'Missed: it comes back in about a minute.'}
        </p>
      )}
    </div>
  );
}
