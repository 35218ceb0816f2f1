/**
 * The lessons list: a native modal <dialog> (focus trap and Escape from the
 * platform) with the 11 lessons in the lecture's order, each with its
 * progress (steps seen, predictions right), Start / Continue, and every step
 * as a link; "Reset progress" forgets it all after a confirmation.
 */
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { LESSONS } from '../../lessons/catalog';
import { lessonProgress } from '../../lessons/progress';
import type { Lesson } from '../../lessons/types';
import { openStep, stepHash, useLessonStore } from './controller';
import { useLessonsMenu } from './menuState';
import { useProgressStore } from './progressStore';
import styles from './LessonsMenu.module.css';

const SOURCE_NAME: Readonly<Record<string, string>> = {
  kinesis: 'Kinesis',
  dynamodb: 'DynamoDB Streams',
  sqs: 'SQS',
  'sqs-fifo': 'SQS FIFO',
};

/** The lessons dialog (lazy: loaded when the header's Lessons button is first used). */
export default function LessonsMenu(): ReactElement {
  const ref = useRef<HTMLDialogElement>(null);
  const setOpen = useLessonsMenu((s) => s.setOpen);
  const progress = useProgressStore((s) => s.progress);
  const reset = useProgressStore((s) => s.reset);
  const current = useLessonStore((s) => s.teaching);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
  }, []);

  const close = (): void => setOpen(false);
  const go = (lesson: Lesson, stepNo: number): void => {
    close();
    openStep(lesson, stepNo, true);
  };

  const totals = LESSONS.reduce(
    (acc, l) => {
      const p = lessonProgress(l, progress);
      return {
        seen: acc.seen + p.seen,
        steps: acc.steps + p.steps,
        right: acc.right + p.right,
        questions: acc.questions + p.questions,
      };
    },
    { seen: 0, steps: 0, right: 0, questions: 0 },
  );

  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      aria-labelledby="lessons-title"
      onClose={close}
      onClick={(e) => {
        if (e.target === e.currentTarget) close();
      }}
    >
      <div className={styles.box}>
        <header className={styles.head}>
          <div>
            <h2 id="lessons-title" className={styles.title}>
              Lessons
            </h2>
            <p className={styles.sub}>
              The lecture on event source mappings, step by step on the live stage. Your progress:{' '}
              {totals.seen} of {totals.steps} steps seen, {totals.right} of {totals.questions}{' '}
              predictions right.
            </p>
          </div>
          <button type="button" className={styles.button} onClick={close}>
            Close
          </button>
        </header>
        <ol className={styles.list}>
          {LESSONS.map((lesson) => {
            const p = lessonProgress(lesson, progress);
            const started = p.seen > 0;
            const here = current?.lesson.id === lesson.id;
            return (
              <li key={lesson.id} className={styles.lesson} data-complete={p.complete || undefined}>
                <div className={styles.lessonMain}>
                  <h3 className={styles.lessonTitle}>
                    <span className={styles.number}>{lesson.number}</span> {lesson.title}
                    {here ? <span className={styles.here}> (open now)</span> : null}
                  </h3>
                  <p className={styles.summary}>{lesson.summary}</p>
                  <p className={styles.meta}>
                    {lesson.sources.map((s) => SOURCE_NAME[s] ?? s).join(' · ')} ·{' '}
                    <span>
                      {p.complete ? '✓ ' : ''}
                      {p.seen} of {p.steps} steps seen
                      {p.questions > 0
                        ? ` · ${p.right} of ${p.questions} ${p.questions === 1 ? 'prediction' : 'predictions'} right`
                        : ''}
                    </span>
                  </p>
                  <details className={styles.steps}>
                    <summary>Steps</summary>
                    <ol>
                      {lesson.steps.map((s, i) => (
                        <li key={i}>
                          <a
                            href={`#${stepHash(lesson.id, i + 1)}`}
                            onClick={(e) => {
                              e.preventDefault();
                              go(lesson, i + 1);
                            }}
                          >
                            {s.title}
                          </a>
                          {(progress.seen[lesson.id] ?? []).includes(i + 1) ? (
                            <span className={styles.seen}> · seen</span>
                          ) : null}
                        </li>
                      ))}
                    </ol>
                  </details>
                </div>
                <a
                  className={`${styles.button} ${styles.primary}`}
                  href={`#${stepHash(lesson.id, started && !p.complete ? p.resumeAt : 1)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    go(lesson, started && !p.complete ? p.resumeAt : 1);
                  }}
                  aria-label={`${started && !p.complete ? `Continue at step ${p.resumeAt}` : p.complete ? 'Review' : 'Start'}: lesson ${lesson.number}, ${lesson.title}`}
                >
                  {started && !p.complete
                    ? `Continue at step ${p.resumeAt}`
                    : p.complete
                      ? 'Review'
                      : 'Start'}
                </a>
              </li>
            );
          })}
        </ol>
        <footer className={styles.foot}>
          {confirming ? (
            <div className={styles.confirm} role="group" aria-label="Reset progress">
              <span>Forget every step seen and every answer?</span>
              <button
                type="button"
                className={`${styles.button} ${styles.danger}`}
                onClick={() => {
                  reset();
                  setConfirming(false);
                }}
              >
                Yes, reset progress
              </button>
              <button type="button" className={styles.button} onClick={() => setConfirming(false)}>
                Keep it
              </button>
            </div>
          ) : (
            <button type="button" className={styles.button} onClick={() => setConfirming(true)}>
              Reset progress
            </button>
          )}
          <p className={styles.note}>
            Progress is kept in this browser only. Each step has its own link: copy it from the
            address bar to send a class straight to it.
          </p>
        </footer>
      </div>
    </dialog>
  );
}
