/**
 * After an answer: right or not (words and a mark), the misconception behind
 * each wrong choice, the explanation from the run naming its invocations,
 * what the run showed for each option (for "which setting would fix this?":
 * each option's own run, which can be opened in the lab) and "Show me".
 */
import { useEffect, useId, useRef } from 'react';
import type { Grade, Question } from '../../quiz/types';
import { showInLab } from './showMe';
import styles from './practice.module.css';

export interface FeedbackProps {
  readonly question: Question;
  readonly grade: Grade;
  /** Focus the verdict when it appears (training and review: right after the answer). */
  readonly focusOnShow?: boolean;
  /** The button that moves on ("Next question"); omitted in a test's review. */
  readonly next?: { readonly label: string; readonly onClick: () => void };
}

/** The feedback panel. */
export function Feedback({ question: q, grade: g, focusOnShow = true, next }: FeedbackProps) {
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnShow) headingRef.current?.focus();
  }, [focusOnShow, q.templateId, q.seed]);
  return (
    <section className={styles.feedback} aria-labelledby={`${id}-verdict`} data-correct={g.correct}>
      <h3
        id={`${id}-verdict`}
        ref={headingRef}
        tabIndex={-1}
        className={styles.verdict}
        data-correct={g.correct}
      >
        <span aria-hidden="true">{g.correct ? '✓ ' : '✗ '}</span>
        {g.correct ? 'Right.' : 'Not quite.'}
      </h3>
      {!g.correct && (
        <p className={styles.rightAnswer}>
          <strong>The right answer: </strong>
          {g.rightAnswer}
        </p>
      )}
      {g.misconceptions.map((m) => (
        <div key={m.answer} className={styles.misconception}>
          <p className={styles.misconceptionHead}>
            <strong>Why “{m.answer}” is wrong</strong>
          </p>
          <p>{m.misconception}</p>
        </div>
      ))}
      {q.kind === 'multiple' && g.missed.length > 0 && (
        <p>
          <strong>You missed: </strong>
          {g.missed.join('; ')}
        </p>
      )}
      <h4 className={styles.subhead}>What the simulator did</h4>
      {q.explanation.map((p, i) => (
        <p key={i} className={styles.explanation}>
          {p}
        </p>
      ))}
      <div className={styles.actions}>
        <button
          type="button"
          className={styles.secondary}
          onClick={() => showInLab(q.showMe, q.title)}
        >
          Show me in the lab
        </button>
        {next !== undefined && (
          <button type="button" className={styles.primary} onClick={next.onClick}>
            {next.label}
          </button>
        )}
      </div>
      <p className={styles.hint}>Show me: {q.showMe.caption}</p>
      {q.options.length > 0 && (
        <details className={styles.details} open={q.kind === 'fix'}>
          <summary>
            {q.kind === 'fix'
              ? 'Each option, as the simulator ran it'
              : 'What the run showed for each option'}
          </summary>
          <ul className={styles.outcomes}>
            {q.options.map((o) => (
              <li key={o.id}>
                <strong>
                  {o.id}. {o.text}
                </strong>{' '}
                <span className={styles.outcomeTag}>{o.correct ? '(right)' : '(wrong)'}</span>
                <br />
                {o.outcome}
                {o.run !== null && (
                  <>
                    {' '}
                    <button
                      type="button"
                      className={styles.inline}
                      onClick={() =>
                        o.run !== null && showInLab(o.run, `${q.title} — option ${o.id}`)
                      }
                    >
                      Run option {o.id} in the lab
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
      {q.number !== null && q.number.distractors.length > 0 && (
        <details className={styles.details}>
          <summary>Common wrong numbers, and the misconception behind each</summary>
          <ul className={styles.outcomes}>
            {q.number.distractors.map((x) => (
              <li key={x.value}>
                <strong>{x.value}</strong>: {x.misconception}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
