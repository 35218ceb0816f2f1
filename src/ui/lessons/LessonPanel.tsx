/**
 * The lesson panel (centre column, above the stage): which lesson and step,
 * the step's 2–4 sentences, Back/Next, the steps as links, "Return to step N"
 * once the student has left the path, and the predict-then-run question.
 * Compact on purpose: the stage stays the largest thing on screen.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { answerKey } from '../../lessons/progress';
import { LESSONS, lessonById } from '../../lessons/catalog';
import { useSimStore } from '../../store/simStore';
import { useUiStore } from '../../store/uiStore';
import {
  answer,
  closeLesson,
  next,
  openStep,
  previous,
  returnToStep,
  stepHash,
  useLessonStore,
  type Teaching,
} from './controller';
import { ARROW_ROLES, lessonKeyFor } from './keys';
import { useLessonsMenu } from './menuState';
import { useProgressStore } from './progressStore';
import styles from './LessonPanel.module.css';

/** Keeps the panel in step with `useUiStore.lesson` when someone else set it (a shared link). */
function useAdoptContext(): void {
  const context = useUiStore((s) => s.lesson);
  const teaching = useLessonStore((s) => s.teaching);
  useEffect(() => {
    if (context === null || teaching !== null) return;
    const lesson = lessonById(context.lessonId);
    const stepNo = context.step;
    if (lesson === undefined || lesson.steps[stepNo - 1] === undefined) {
      useUiStore.getState().setLesson(null);
      return;
    }
    openStep(lesson, stepNo, false);
  }, [context, teaching]);
}

/**
 * Once the stage shows the step, scrolls the stage (only the stage, never the
 * page) so the first ringed element is in view: at 1280 × 720 a shard's batch
 * slots or a queue's DLQ can sit below the fold.
 */
function useShowTargets(teaching: Teaching | null): void {
  const arrived = teaching?.arrived ?? false;
  const key = teaching === null ? '' : `${teaching.lesson.id}/${teaching.stepNo}`;
  const look = teaching?.step.look;
  useEffect(() => {
    if (!arrived) return;
    const frame = requestAnimationFrame(() => {
      const stage = document.getElementById('region-stage');
      // The step's first target is the one it is most about.
      const first = look?.[0];
      const target =
        first === undefined
          ? null
          : stage?.querySelector<HTMLElement>(`[data-stage-target="${CSS.escape(first)}"]`);
      if (stage == null || target == null) return;
      const box = stage.getBoundingClientRect();
      const at = target.getBoundingClientRect();
      // A little room above for the "Look here" tag.
      const above = at.top - box.top - 24;
      const below = at.bottom - box.bottom + 8;
      const delta = above < 0 ? above : below > 0 ? Math.min(below, above) : 0;
      if (delta !== 0) {
        stage.scrollBy({
          top: delta,
          behavior: useUiStore.getState().reducedMotion ? 'auto' : 'smooth',
        });
      }
    });
    return () => cancelAnimationFrame(frame);
  }, [arrived, key, look]);
}

/** → / PageDown / Space: next step; ← / PageUp: previous (ui/lessons/keys.ts). */
function useLessonKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (document.querySelector('dialog[open]') !== null) return;
      const target = e.target instanceof HTMLElement ? e.target : null;
      const cmd = lessonKeyFor({
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        shiftKey: e.shiftKey,
        defaultPrevented: e.defaultPrevented,
        target:
          target === null
            ? null
            : {
                tagName: target.tagName,
                isContentEditable: target.isContentEditable,
                arrowRole: target.closest(ARROW_ROLES)?.getAttribute('role') ?? null,
              },
      });
      if (cmd === null) return;
      e.preventDefault();
      if (cmd === 'next') next();
      else previous();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** The lesson panel's content (lazy: loaded with the first lesson opened). */
export default function LessonPanel(): ReactElement | null {
  useAdoptContext();
  useLessonKeys();
  const teaching = useLessonStore((s) => s.teaching);
  useShowTargets(teaching);
  const titleId = useId();
  const bodyId = useId();
  const [hidden, setHidden] = useTextHidden();
  // After a prediction's reveal the result takes the narration's place (the stage keeps its
  // room at 720p); the student can read the step again. Per step: the next one starts unfolded.
  const [rereadFor, setRereadFor] = useState<string | null>(null);
  const narrationId = useId();
  if (teaching === null) return null;
  const { lesson, stepNo, step, text, problem, offPath } = teaching;
  const stepKey = `${lesson.id}/${stepNo}`;
  const revealed = step.predict !== undefined && teaching.reveal.phase === 'shown' && !offPath;
  const narrationFolded = revealed && rereadFor !== stepKey;
  const last = stepNo === lesson.steps.length;
  const nextLesson = LESSONS[lesson.number];
  return (
    <section
      className={styles.panel}
      aria-labelledby={titleId}
      data-off-path={offPath || undefined}
      data-arrived={teaching.arrived || undefined}
    >
      <div className={styles.head}>
        <button
          type="button"
          className={styles.lessonName}
          onClick={() => useLessonsMenu.getState().setOpen(true)}
          title={`Lesson ${lesson.number}: ${lesson.title}. All lessons and your progress`}
          aria-label={`Lesson ${lesson.number} of ${LESSONS.length}: ${lesson.title}. Open the list of lessons`}
        >
          Lesson {lesson.number} · {lesson.short}
        </button>
        <StepLinks teaching={teaching} />
        <div className={styles.actions}>
          <button
            type="button"
            className={`${styles.button} ${styles.icon}`}
            aria-expanded={!hidden}
            aria-controls={bodyId}
            aria-label="Step text"
            onClick={() => setHidden(!hidden)}
            title={
              hidden ? 'Show the step’s text' : 'Hide the step’s text (more room for the stage)'
            }
          >
            <span aria-hidden="true">{hidden ? '▾' : '▴'}</span>
          </button>
          {stepNo === 1 && lesson.number === 1 ? null : (
            <button
              type="button"
              className={`${styles.button} ${styles.icon}`}
              onClick={() => previous()}
              aria-label="Previous step"
              aria-keyshortcuts="ArrowLeft PageUp"
              title="Previous step (← or Page Up)"
            >
              <span aria-hidden="true">←</span>
            </button>
          )}
          <button
            type="button"
            className={`${styles.button} ${styles.primary}`}
            onClick={() => {
              if (!next()) finish();
            }}
            aria-keyshortcuts="ArrowRight PageDown Space"
            title="Next step (→, Page Down or Space)"
          >
            {last ? (nextLesson !== undefined ? 'Next lesson' : 'Finish') : 'Next'}{' '}
            <span aria-hidden="true">→</span>
          </button>
          <button
            type="button"
            className={`${styles.button} ${styles.icon}`}
            onClick={closeLesson}
            aria-label="Close the lesson"
            title="Close the lesson (the lab keeps this run)"
          >
            <span aria-hidden="true">✕</span>
          </button>
        </div>
      </div>
      {offPath ? (
        <div className={styles.offPath}>
          <p>
            <strong>Exploring on your own:</strong> the stage no longer shows step {stepNo}.
          </p>
          <button
            type="button"
            className={`${styles.button} ${styles.primary}`}
            onClick={returnToStep}
          >
            Return to step {stepNo}
          </button>
        </div>
      ) : null}
      <div className={styles.body} id={bodyId} hidden={hidden}>
        <h2 id={titleId} className={styles.title}>
          <span className={styles.srOnly}>
            Step {stepNo} of {lesson.steps.length}:{' '}
          </span>
          {step.title}
          <span aria-hidden="true">.</span>
        </h2>{' '}
        {revealed ? (
          <>
            <button
              type="button"
              className={styles.reread}
              aria-expanded={!narrationFolded}
              aria-controls={narrationId}
              onClick={() => setRereadFor(narrationFolded ? stepKey : null)}
            >
              {narrationFolded ? 'Read the step again' : 'Fold the step text'}
            </button>{' '}
          </>
        ) : null}
        <p className={styles.narration} id={narrationId} hidden={narrationFolded}>
          {problem ?? text ?? <span className={styles.muted}>Reading the run…</span>}
        </p>
      </div>
      {step.attempt !== undefined && !hidden && !offPath ? <Refusal /> : null}
      {step.predict !== undefined && !hidden ? <PredictionForm teaching={teaching} /> : null}
      <p className={styles.srOnly} aria-live="polite" aria-atomic="true">
        {text === null
          ? ''
          : `Lesson ${lesson.number}, step ${stepNo} of ${lesson.steps.length}: ${step.title}. ${text}`}
      </p>
    </section>
  );
}

const TEXT_HIDDEN_KEY = 'esm-lab-lessons-text-hidden';

/** Whether the step's text is folded away (remembered: a teacher at a projector keeps it so). */
function useTextHidden(): [boolean, (hidden: boolean) => void] {
  const [hidden, setHidden] = useState(() => {
    try {
      return globalThis.localStorage?.getItem(TEXT_HIDDEN_KEY) === '1';
    } catch {
      return false;
    }
  });
  const set = (next: boolean): void => {
    setHidden(next);
    try {
      if (next) globalThis.localStorage?.setItem(TEXT_HIDDEN_KEY, '1');
      else globalThis.localStorage?.removeItem(TEXT_HIDDEN_KEY);
    } catch {
      // Not remembered; the choice still holds for this visit.
    }
  };
  return [hidden, set];
}

/** What Lambda (the lab's validator, the same rules as `npm run simulate`) answered to the step's attempt. */
function Refusal(): ReactElement {
  const problem = useSimStore((s) => s.problems[0]);
  // The panel says it where the step is read; the banner would take the stage's room.
  useEffect(() => {
    if (problem !== undefined) useSimStore.getState().clearError();
  }, [problem]);
  if (problem === undefined) {
    return <p className={styles.muted}>Asking Lambda to create the trigger…</p>;
  }
  return (
    <p className={styles.refusal}>
      <strong>Lambda’s answer:</strong> <q>{problem.message}</q>{' '}
      <span className={styles.muted}>(at {problem.path})</span>
    </p>
  );
}

/** The very last step's "Finish": close the lesson and show the list with the progress made. */
function finish(): void {
  closeLesson();
  useLessonsMenu.getState().setOpen(true);
}

/** The lesson's steps as links (#lesson/<id>/<n>), the current one marked. */
function StepLinks({ teaching }: { readonly teaching: Teaching }): ReactElement {
  const seen = useProgressStore((s) => s.progress.seen[teaching.lesson.id]);
  return (
    <nav aria-label="Steps of this lesson" className={styles.steps}>
      <ol>
        {teaching.lesson.steps.map((s, i) => {
          const n = i + 1;
          const current = n === teaching.stepNo;
          const wasSeen = seen?.includes(n) ?? false;
          return (
            <li key={n}>
              <a
                href={`#${stepHash(teaching.lesson.id, n)}`}
                className={styles.stepLink}
                data-seen={wasSeen || undefined}
                aria-current={current ? 'step' : undefined}
                aria-label={`Step ${n}: ${s.title}${wasSeen && !current ? ' (seen)' : ''}`}
                title={`Step ${n}: ${s.title}`}
                onClick={(e) => {
                  e.preventDefault();
                  openStep(teaching.lesson, n, true);
                }}
              >
                {n}
              </a>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/** The predict-then-run question: a radio group and a submit button; then what the engine says. */
function PredictionForm({ teaching }: { readonly teaching: Teaching }): ReactElement | null {
  const predict = teaching.step.predict;
  const [choice, setChoice] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const name = useId();
  const resultRef = useRef<HTMLDivElement>(null);
  const before = useProgressStore(
    (s) => s.progress.answers[answerKey(teaching.lesson.id, teaching.stepNo)],
  );
  const reveal = teaching.reveal;
  // A new step (or the same step reopened) starts with no choice.
  const key = `${teaching.lesson.id}/${teaching.stepNo}/${reveal.phase}`;
  const [lastKey, setLastKey] = useState(key);
  if (key !== lastKey) {
    setLastKey(key);
    if (reveal.phase === 'asking') {
      setChoice(null);
      setMissing(false);
    }
  }
  useEffect(() => {
    if (reveal.phase === 'shown') resultRef.current?.focus();
  }, [reveal.phase]);
  if (predict === undefined) return null;

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (choice === null) {
      setMissing(true);
      return;
    }
    answer(choice);
  };

  if (reveal.phase === 'shown') {
    const held = predict.options.find((o) => o.id === reveal.held);
    const right = reveal.held !== null && reveal.held === reveal.chosen;
    return (
      <div
        ref={resultRef}
        tabIndex={-1}
        className={styles.result}
        data-right={right || undefined}
        role="status"
      >
        <p>
          <strong className={styles.verdict}>
            <span aria-hidden="true">{right ? '✓' : '✗'}</span>{' '}
            {right ? 'You predicted it.' : 'Not what happened.'}
          </strong>{' '}
          What happened: <em>{held?.label ?? 'none of the answers'}</em>. {reveal.text}
        </p>
        <button type="button" className={styles.button} onClick={returnToStep}>
          Watch it again
        </button>
      </div>
    );
  }

  const running = reveal.phase === 'running';
  return (
    <form className={styles.predict} onSubmit={submit} aria-busy={running || undefined}>
      <fieldset className={styles.fieldset} disabled={running || teaching.offPath}>
        <legend className={styles.question}>
          <span className={styles.predictTag}>Predict</span> {predict.question}
        </legend>
        <div className={styles.row}>
          <div className={styles.options}>
            {predict.options.map((o) => (
              <label key={o.id} className={styles.option}>
                <input
                  type="radio"
                  name={name}
                  value={o.id}
                  checked={choice === o.id}
                  onChange={() => {
                    setChoice(o.id);
                    setMissing(false);
                  }}
                />
                <span>{o.label}</span>
              </label>
            ))}
          </div>
          <div className={styles.predictActions}>
            {missing ? (
              <span className={styles.missing} role="alert">
                Pick an answer first.
              </span>
            ) : null}
            {before !== undefined && !running && !missing ? (
              <span className={styles.muted}>
                Your first answer was {before.right ? 'right' : 'not what happened'}.
              </span>
            ) : null}
            {teaching.offPath ? (
              <span className={styles.muted}>Return to step {teaching.stepNo} to answer.</span>
            ) : (
              <button
                type="submit"
                className={`${styles.button} ${styles.primary}`}
                title={`Play the next ${predict.runSeconds} simulated seconds and see what happens`}
              >
                {running ? `Playing ${predict.runSeconds} s…` : `Run ${predict.runSeconds} s ▶`}
              </button>
            )}
          </div>
        </div>
      </fieldset>
    </form>
  );
}
