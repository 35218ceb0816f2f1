/** Grading an answer against a generated question (pure). */
import type { Answer, Grade, Question } from './types';

/** The right answer in words: "b. Only m3 …" or "7 invocations". */
export function rightAnswerText(q: Question): string {
  if (q.number !== null)
    return `${q.number.value}${q.number.unit === '' ? '' : ` ${q.number.unit}`}`;
  return q.options
    .filter((o) => o.correct)
    .map((o) => `${o.id}. ${o.text}`)
    .join('; ');
}

/** Grades `answer`: right or not, the misconceptions behind what was wrong, and what was missed. */
export function grade(q: Question, answer: Answer): Grade {
  const rightAnswer = rightAnswerText(q);
  if (q.number !== null) {
    const value = answer.kind === 'number' ? answer.value : Number.NaN;
    const hit = q.number.distractors.find((x) => x.value === value);
    return {
      correct: value === q.number.value,
      misconceptions:
        hit === undefined ? [] : [{ answer: String(value), misconception: hit.misconception }],
      missed: [],
      rightAnswer,
    };
  }
  const selected = new Set(answer.kind === 'choice' ? answer.selected : []);
  const misconceptions = q.options
    .filter((o) => selected.has(o.id) && !o.correct && o.misconception !== null)
    .map((o) => ({ answer: `${o.id}. ${o.text}`, misconception: o.misconception ?? '' }));
  const missed = q.options
    .filter((o) => o.correct && !selected.has(o.id))
    .map((o) => `${o.id}. ${o.text}`);
  const correct =
    q.options.every((o) => o.correct === selected.has(o.id)) &&
    [...selected].every((id) => q.options.some((o) => o.id === id));
  return { correct, misconceptions, missed, rightAnswer };
}

/** True when an answer has something to grade (an option chosen, a number typed). */
export function isAnswered(answer: Answer | null): answer is Answer {
  if (answer === null) return false;
  return answer.kind === 'number' ? Number.isFinite(answer.value) : answer.selected.length > 0;
}
