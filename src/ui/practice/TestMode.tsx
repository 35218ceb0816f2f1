/**
 * Test: 10, 20 or 40 questions across the topics, an optional time limit,
 * no feedback until the end; then the score per topic and a list to revise,
 * each question with its link. The test itself has a link (size, seed, time).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { questionHash, TEST_SIZES, testHash, type TestSize } from '../../quiz/links';
import { scoreByTopic } from '../../quiz/testSet';
import { topicName } from '../../quiz/topics';
import type { Question } from '../../quiz/types';
import { writeHash } from '../shell/routes';
import { Feedback } from './Feedback';
import { usePracticeStore, type TestRun } from './practiceStore';
import { QuestionCard } from './QuestionCard';
import { QuestionStatus } from './QuestionStatus';
import { quizClient } from './quizClient';
import { useQuestion } from './useQuestion';
import styles from './practice.module.css';

/** Time limits on offer, in minutes per question (0 = none). */
const PER_QUESTION = [0, 1, 2] as const;

function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The test mode: set-up, the test, or its results. */
export function TestMode() {
  const test = usePracticeStore((s) => s.test);
  if (test === null) return <TestSetup />;
  return test.grades === null ? <RunningTest test={test} /> : <TestResults test={test} />;
}

function TestSetup() {
  const setup = usePracticeStore((s) => s.testSetup);
  const { setTestSetup, startTest } = usePracticeStore.getState();
  const id = useId();
  const perQuestion = setup.minutes === 0 ? 0 : setup.minutes / setup.count;
  useEffect(() => writeHash('quiz/'), []);
  return (
    <form
      className={styles.setupForm}
      aria-labelledby={`${id}-h`}
      onSubmit={(e) => {
        e.preventDefault();
        startTest();
      }}
    >
      <h3 id={`${id}-h`} className={styles.title}>
        A practice test
      </h3>
      <p>
        Questions from every topic, no feedback until the end, then your score per topic and a list
        to revise. Like the exam, every answer is graded at the end; an unanswered question counts
        as wrong.
      </p>
      <fieldset className={styles.choiceRow}>
        <legend>Number of questions</legend>
        {TEST_SIZES.map((n) => (
          <label key={n} className={styles.pill}>
            <input
              type="radio"
              name={`${id}-count`}
              checked={setup.count === n}
              onChange={() =>
                setTestSetup({ count: n, minutes: perQuestion === 0 ? 0 : perQuestion * n })
              }
            />
            {n}
          </label>
        ))}
      </fieldset>
      <fieldset className={styles.choiceRow}>
        <legend>Time limit</legend>
        {PER_QUESTION.map((m) => (
          <label key={m} className={styles.pill}>
            <input
              type="radio"
              name={`${id}-time`}
              checked={perQuestion === m}
              onChange={() => setTestSetup({ count: setup.count, minutes: m * setup.count })}
            />
            {m === 0 ? 'No time limit' : `${m * setup.count} minutes (${m} per question)`}
          </label>
        ))}
      </fieldset>
      <div className={styles.actions}>
        <button type="submit" className={styles.primary}>
          Start the test
        </button>
      </div>
    </form>
  );
}

function RunningTest({ test }: { readonly test: TestRun }) {
  const { setTestAnswer, goToTestQuestion, finishTest, closeTest } = usePracticeStore.getState();
  const item = test.items[test.index];
  const [attempt, setAttempt] = useState(0);
  const state = useQuestion(item ?? null, attempt);
  const [now, setNow] = useState(() => Date.now());
  const [finishing, setFinishing] = useState<string | null>(null);
  const [leaving, setLeaving] = useState(false);
  const finishingRef = useRef(false);

  useEffect(
    () => writeHash(testHash(test.count, test.seed, test.minutes)),
    [test.count, test.seed, test.minutes],
  );

  // Generate every question ahead, in order, so moving on never waits long.
  useEffect(() => {
    for (const it of test.items)
      void quizClient()
        .generate(it.templateId, it.seed)
        .catch(() => undefined);
  }, [test.items]);

  const finish = (timedOut: boolean): void => {
    if (finishingRef.current) return;
    finishingRef.current = true;
    setFinishing('Grading your answers…');
    Promise.all(test.items.map((it) => quizClient().generate(it.templateId, it.seed))).then(
      (questions: Question[]) => finishTest(questions, timedOut),
      (e: unknown) => {
        finishingRef.current = false;
        setFinishing(
          `A question could not be made, so the test cannot be graded: ${e instanceof Error ? e.message : String(e)}`,
        );
      },
    );
  };

  useEffect(() => {
    if (test.endsAt === null) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [test.endsAt]);
  const left = test.endsAt === null ? null : test.endsAt - now;
  useEffect(() => {
    if (left !== null && left <= 0) finish(true);
  });

  const answered = test.answers.filter((a) => a !== null).length;
  const last = test.index === test.items.length - 1;
  const announce =
    left !== null && left <= 60_000
      ? 'One minute left.'
      : left !== null && left <= 300_000
        ? 'Five minutes left.'
        : '';

  return (
    <div className={styles.mode}>
      <div className={styles.testBar}>
        <p className={styles.progressText}>
          Question {test.index + 1} of {test.items.length} · {answered} answered
        </p>
        <div
          className={styles.progress}
          role="progressbar"
          aria-label="Questions answered"
          aria-valuemin={0}
          aria-valuemax={test.items.length}
          aria-valuenow={answered}
        >
          <div style={{ width: `${(100 * answered) / test.items.length}%` }} />
        </div>
        {left !== null && (
          <p className={styles.timer} data-low={left <= 60_000}>
            <span className={styles.srOnly} aria-live="polite">
              {announce}
            </span>
            Time left <span role="timer">{clock(left)}</span>
          </p>
        )}
        <button type="button" className={styles.primary} onClick={() => finish(false)}>
          Finish the test
        </button>
        {leaving ? (
          <span role="group" aria-label="Abandon this test?" className={styles.confirm}>
            <button type="button" className={styles.danger} onClick={closeTest}>
              Abandon it
            </button>
            <button type="button" className={styles.secondary} onClick={() => setLeaving(false)}>
              Carry on
            </button>
          </span>
        ) : (
          <button type="button" className={styles.secondary} onClick={() => setLeaving(true)}>
            Abandon…
          </button>
        )}
      </div>
      {finishing !== null && (
        <p role="status" className={styles.loading}>
          {finishing}
        </p>
      )}
      <QuestionStatus state={state} onRetry={() => setAttempt((a) => a + 1)} />
      {state.status === 'ready' && (
        <QuestionCard
          question={state.question}
          answer={test.answers[test.index] ?? null}
          onAnswer={(a) => setTestAnswer(test.index, a)}
          grade={null}
          canSubmit
          position={`Question ${test.index + 1} of ${test.items.length}`}
          submitLabel={last ? 'Finish the test' : 'Next question'}
          enterDoes={last ? 'finishes the test' : 'goes to the next question'}
          onSubmit={() => (last ? finish(false) : goToTestQuestion(test.index + 1))}
        />
      )}
      <nav aria-label="Questions of the test" className={styles.nav}>
        {test.index > 0 && (
          <button
            type="button"
            className={styles.secondary}
            onClick={() => goToTestQuestion(test.index - 1)}
          >
            Previous
          </button>
        )}
        <ol className={styles.dots}>
          {test.items.map((_, i) => (
            <li key={i}>
              <button
                type="button"
                className={styles.dot}
                aria-current={i === test.index ? 'step' : undefined}
                data-answered={test.answers[i] !== null}
                onClick={() => goToTestQuestion(i)}
                aria-label={`Question ${i + 1}${test.answers[i] !== null ? ', answered' : ''}`}
              >
                {i + 1}
              </button>
            </li>
          ))}
        </ol>
        {!last && (
          <button
            type="button"
            className={styles.secondary}
            onClick={() => goToTestQuestion(test.index + 1)}
          >
            Next
          </button>
        )}
      </nav>
    </div>
  );
}

function TestResults({ test }: { readonly test: TestRun }) {
  const { startTest, closeTest } = usePracticeStore.getState();
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [questions, setQuestions] = useState<readonly Question[] | null>(null);
  useEffect(() => {
    headingRef.current?.focus();
    writeHash(testHash(test.count, test.seed, test.minutes));
    let live = true;
    void Promise.all(test.items.map((it) => quizClient().generate(it.templateId, it.seed))).then(
      (qs) => live && setQuestions(qs),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [test]);
  const grades = test.grades ?? [];
  const right = grades.filter((g) => g.correct).length;
  const results = test.items.map((it, i) => ({
    it,
    grade: grades[i],
    question: questions?.[i] ?? null,
  }));
  const topics = scoreByTopic(
    results.map((r) => ({
      topic: r.question?.topic ?? 'blocking',
      correct: r.grade?.correct ?? false,
    })),
  );
  const toRevise = results.filter((r) => r.grade !== undefined && !r.grade.correct);
  return (
    <div className={styles.resultsGrid}>
      <section aria-labelledby={`${id}-score`} className={styles.results}>
        <h3 id={`${id}-score`} ref={headingRef} tabIndex={-1} className={styles.title}>
          Your score: {right} of {grades.length} (
          {Math.round((100 * right) / Math.max(1, grades.length))} %)
        </h3>
        {test.timedOut && (
          <p className={styles.reason}>Time ran out; unanswered questions count as wrong.</p>
        )}
        {questions === null ? (
          <p role="status" className={styles.loading}>
            Adding up the topics…
          </p>
        ) : (
          <table className={styles.table}>
            <caption className={styles.srOnly}>Score per topic</caption>
            <thead>
              <tr>
                <th scope="col">Topic</th>
                <th scope="col">Right</th>
                <th scope="col">
                  <span className={styles.srOnly}>Share right</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {topics.map((t) => (
                <tr key={t.topic}>
                  <th scope="row">{topicName(t.topic)}</th>
                  <td>
                    {t.right} of {t.total}
                  </td>
                  <td>
                    <span className={styles.meter} aria-hidden="true">
                      <span style={{ width: `${(100 * t.right) / t.total}%` }} />
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className={styles.actions}>
          <button type="button" className={styles.primary} onClick={closeTest}>
            New test
          </button>
          <button type="button" className={styles.secondary} onClick={() => startTest(test.seed)}>
            Take this test again
          </button>
          <a
            className={styles.link}
            href={`#${testHash(test.count as TestSize, test.seed, test.minutes)}`}
          >
            Link to this test
          </a>
        </div>
      </section>
      <section aria-labelledby={`${id}-revise`} className={styles.results}>
        <h3 id={`${id}-revise`} className={styles.title}>
          {toRevise.length === 0
            ? 'Nothing to revise: every answer was right.'
            : `To revise (${toRevise.length})`}
        </h3>
        <ol className={styles.revise}>
          {toRevise.map((r) => (
            <li key={`${r.it.templateId}/${r.it.seed}`}>
              <a href={`#${questionHash(r.it.templateId, r.it.seed)}`}>
                {r.question?.title ?? r.it.templateId}
              </a>
              {r.question !== null && (
                <span className={styles.tag}>{topicName(r.question.topic)}</span>
              )}
              {r.grade !== undefined && (
                <span className={styles.reviseLine}>
                  {test.answers[test.items.indexOf(r.it)] === null ? 'Not answered. ' : ''}
                  Right answer: {r.grade.rightAnswer}
                </span>
              )}
              {r.question !== null && r.grade !== undefined && (
                <details className={styles.details}>
                  <summary>Why</summary>
                  <Feedback question={r.question} grade={r.grade} focusOnShow={false} />
                </details>
              )}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
