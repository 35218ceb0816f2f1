/**
 * One question: the scenario in words, the prompt and the answer input
 * (radio buttons, checkboxes or a number). Keyboard: 1–9 choose an option
 * (toggle it in multiple choice), arrows move between options, Enter checks
 * the answer or goes on. After grading, each option says whether it was
 * right, chosen or missed, in words and with a mark, not by colour alone.
 */
import {
  useEffect,
  useEffectEvent,
  useId,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
} from 'react';
import { KIND_LABELS } from '../../quiz/catalog';
import { questionHash } from '../../quiz/links';
import { topicName } from '../../quiz/topics';
import type { Answer, Grade, Question } from '../../quiz/types';
import styles from './practice.module.css';

export interface QuestionCardProps {
  readonly question: Question;
  readonly answer: Answer | null;
  readonly onAnswer: (answer: Answer | null) => void;
  /** Shown after grading: the options are then locked and marked. */
  readonly grade: Grade | null;
  /** Enter (or the button): check the answer, or go on. */
  readonly onSubmit: () => void;
  readonly submitLabel: string;
  /** False while nothing is answered (the button says why instead). */
  readonly canSubmit: boolean;
  /** "Question 3 of 10" in a test. */
  readonly position?: string;
  /** Keys act only while the card is the active one. */
  readonly active?: boolean;
  /** What Enter does, for the hint ("checks", "goes to the next question"). */
  readonly enterDoes?: string;
}

const isTyping = (el: EventTarget | null): boolean =>
  el instanceof HTMLElement &&
  (el.tagName === 'SELECT' ||
    el.tagName === 'TEXTAREA' ||
    (el instanceof HTMLInputElement && el.type !== 'radio' && el.type !== 'checkbox'));

const isControl = (el: EventTarget | null): boolean =>
  el instanceof HTMLElement &&
  (el.tagName === 'BUTTON' || el.tagName === 'A' || el.tagName === 'SUMMARY');

/** The question card. */
export function QuestionCard({
  question: q,
  answer,
  onAnswer,
  grade,
  onSubmit,
  submitLabel,
  canSubmit,
  position,
  active = true,
  enterDoes = 'checks',
}: QuestionCardProps) {
  const id = useId();
  const rootRef = useRef<HTMLFormElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const numberRef = useRef<HTMLInputElement>(null);
  const locked = grade !== null;
  const selected = answer?.kind === 'choice' ? answer.selected : [];
  const multiple = q.kind === 'multiple';
  // "Answer first": said for this question only (a new question starts without it).
  const questionKey = `${q.templateId}/${q.seed}`;
  const [nudgeFor, setNudgeFor] = useState<string | null>(null);
  const nudge = nudgeFor === questionKey;
  const trySubmit = (): void => {
    if (canSubmit || locked) {
      setNudgeFor(null);
      onSubmit();
    } else {
      setNudgeFor(questionKey);
    }
  };

  // A new question: put the reader at its heading.
  useEffect(() => {
    if (active) headingRef.current?.focus({ preventScroll: false });
  }, [q.templateId, q.seed, active]);

  const choose = (optionId: string): void => {
    if (locked) return;
    if (multiple) {
      const next = selected.includes(optionId)
        ? selected.filter((x) => x !== optionId)
        : [...selected, optionId];
      onAnswer(next.length === 0 ? null : { kind: 'choice', selected: next });
    } else {
      onAnswer({ kind: 'choice', selected: [optionId] });
    }
  };

  const inputs = (): HTMLInputElement[] => [
    ...(rootRef.current?.querySelectorAll<HTMLInputElement>('input[data-option]') ?? []),
  ];

  // Keys anywhere in the practice view while no other control has them.
  const onKey = useEffectEvent((e: KeyboardEvent): void => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const root = rootRef.current;
    if (root === null) return;
    const inCard = e.target instanceof Node && root.contains(e.target);
    const onPage = e.target === document.body || e.target === document.documentElement;
    const inView = e.target instanceof Element && e.target.closest('[data-practice-keys]') !== null;
    if ((!inCard && !onPage && !inView) || isTyping(e.target)) return;
    if (/^[1-9]$/.test(e.key) && !locked) {
      if (q.kind === 'number') {
        // The first digit starts the number and puts the cursor in the field.
        e.preventDefault();
        onAnswer({ kind: 'number', value: Number(e.key) });
        numberRef.current?.focus();
        return;
      }
      const option = q.options[Number(e.key) - 1];
      if (option === undefined) return;
      e.preventDefault();
      choose(option.id);
      inputs()[Number(e.key) - 1]?.focus();
      return;
    }
    if (e.key === 'Enter' && !isControl(e.target)) {
      e.preventDefault();
      trySubmit();
      return;
    }
    // Arrows from outside the options step into them (and, for one answer, select the first).
    if (
      (e.key === 'ArrowDown' || e.key === 'ArrowUp') &&
      !locked &&
      !(e.target instanceof HTMLInputElement)
    ) {
      e.preventDefault();
      const all = inputs();
      const target = all.find((x) => x.checked) ?? all[0];
      if (target === undefined) {
        numberRef.current?.focus();
        return;
      }
      target.focus();
      if (!multiple && !target.checked && target.dataset.option !== undefined)
        choose(target.dataset.option);
    }
  });
  useEffect(() => {
    if (!active) return;
    const listener = (e: KeyboardEvent): void => onKey(e);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, [active]);

  // Arrow keys between checkboxes (radio buttons already move with arrows).
  const onCheckboxKey = (e: ReactKeyboardEvent<HTMLInputElement>, index: number): void => {
    const step =
      e.key === 'ArrowDown' || e.key === 'ArrowRight'
        ? 1
        : e.key === 'ArrowUp' || e.key === 'ArrowLeft'
          ? -1
          : 0;
    if (step === 0) return;
    e.preventDefault();
    const all = inputs();
    all[(index + step + all.length) % all.length]?.focus();
  };

  const mark = (optionId: string, correct: boolean): { text: string; kind: string } | null => {
    if (!locked) return null;
    const chosen = selected.includes(optionId);
    if (correct && chosen) return { text: 'Right, your choice', kind: 'right' };
    if (correct)
      return { text: multiple ? 'Right, you missed it' : 'Right answer', kind: 'missed' };
    if (chosen) return { text: 'Your choice, wrong', kind: 'wrong' };
    return null;
  };

  const hint =
    q.kind === 'number'
      ? `Type a whole number; Enter ${enterDoes}.`
      : multiple
        ? `Choose every right option: keys 1–${q.options.length} toggle, Enter ${enterDoes}.`
        : `Choose one: keys 1–${q.options.length} or arrows, Enter ${enterDoes}.`;

  return (
    <form
      ref={rootRef}
      className={styles.card}
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        trySubmit();
      }}
    >
      <p className={styles.meta}>
        {position !== undefined && <span className={styles.position}>{position}</span>}
        <span className={styles.tag}>{topicName(q.topic)}</span>
        <span className={styles.tag}>{KIND_LABELS[q.kind]}</span>
        <a
          className={styles.link}
          href={`#${questionHash(q.templateId, q.seed)}`}
          title="A link that opens exactly this question"
        >
          Link to this question
        </a>
      </p>
      <h3 id={`${id}-title`} ref={headingRef} tabIndex={-1} className={styles.title}>
        {q.title}
      </h3>
      <ul className={styles.setup} aria-label="The scenario">
        {q.setup.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
      <p className={styles.prompt} id={`${id}-prompt`}>
        {q.prompt}
      </p>
      {q.number !== null ? (
        <div className={styles.numberRow}>
          <label htmlFor={`${id}-number`} className={styles.numberLabel}>
            Your answer{q.number.unit === '' ? '' : ` (${q.number.unit})`}
          </label>
          <input
            ref={numberRef}
            id={`${id}-number`}
            className={styles.number}
            type="text"
            inputMode="numeric"
            pattern="[0-9]*"
            autoComplete="off"
            aria-describedby={`${id}-prompt ${id}-hint`}
            disabled={locked}
            value={answer?.kind === 'number' ? String(answer.value) : ''}
            onChange={(e) => {
              const text = e.target.value.replace(/[^0-9]/g, '').slice(0, 7);
              onAnswer(text === '' ? null : { kind: 'number', value: Number(text) });
            }}
          />
          {locked && grade !== null && (
            <span className={styles.mark} data-kind={grade.correct ? 'right' : 'wrong'}>
              {grade.correct ? '✓ Right' : `✗ The run says ${q.number.value}`}
            </span>
          )}
        </div>
      ) : (
        <fieldset
          className={styles.options}
          disabled={locked}
          aria-labelledby={`${id}-prompt`}
          aria-describedby={`${id}-hint`}
        >
          {q.options.map((o, i) => {
            const m = mark(o.id, o.correct);
            const checked = selected.includes(o.id);
            return (
              <label
                key={o.id}
                className={styles.option}
                data-checked={checked}
                data-mark={m?.kind}
              >
                <input
                  type={multiple ? 'checkbox' : 'radio'}
                  name={`${id}-options`}
                  data-option={o.id}
                  checked={checked}
                  onChange={() => choose(o.id)}
                  onKeyDown={multiple ? (e) => onCheckboxKey(e, i) : undefined}
                  className={styles.optionInput}
                />
                <kbd className={styles.key} aria-hidden="true">
                  {i + 1}
                </kbd>
                <span className={styles.optionText}>
                  <span className={styles.srOnly}>{`Option ${i + 1}: `}</span>
                  {o.text}
                </span>
                {m !== null && (
                  <span className={styles.mark} data-kind={m.kind}>
                    {m.kind === 'wrong' ? '✗ ' : '✓ '}
                    {m.text}
                  </span>
                )}
              </label>
            );
          })}
        </fieldset>
      )}
      <div className={styles.actions}>
        <button type="submit" className={styles.primary}>
          {submitLabel}
        </button>
        <span id={`${id}-hint`} className={styles.hint} data-nudge={nudge} aria-live="polite">
          {locked ? 'Enter: next.' : nudge ? `Answer first. ${hint}` : hint}
        </span>
      </div>
    </form>
  );
}
