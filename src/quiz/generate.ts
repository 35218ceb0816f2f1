/**
 * `generateQuestion(templateId, seed)`: draws the template's parameters from
 * the seeded RNG, lets it run its scenarios and build the question from the
 * reports, then orders the options (seeded too) and checks the result. The
 * same template and seed always give a deep-equal question.
 */
import { createDraw } from './draw';
import type { QuestionBody } from './define';
import { Redraw, TemplateBug } from './run';
import { templateById } from './templates';
import type { ChoiceOption, Question } from './types';

/** Draws a template may throw away (Redraw) before it is called broken. */
const MAX_DRAWS = 40;

/** Generates the question a template makes with `seed` (throws on an unknown template or a template bug). */
export function generateQuestion(templateId: string, seed: number): Question {
  const template = templateById(templateId);
  if (template === undefined)
    throw new TemplateBug(`There is no question template "${templateId}"`);
  const d = createDraw(templateId, seed);
  let body: QuestionBody | null = null;
  let lastWhy = '';
  for (let i = 0; i < MAX_DRAWS && body === null; i++) {
    try {
      body = template.generate(d);
    } catch (e) {
      if (!(e instanceof Redraw)) throw e;
      lastWhy = e.message;
    }
  }
  if (body === null) {
    throw new TemplateBug(`${templateId} (seed ${seed}) made no usable question: ${lastWhy}`);
  }
  const drafts = body.options ?? [];
  const ordered = body.keepOrder === true ? drafts : d.shuffle(drafts);
  const options: ChoiceOption[] = ordered.map((o, i) => ({
    // Numbered as shown and as answered (keys 1–4), so "4. Set BatchSize to 1" in the feedback is the
    // option the student saw as 4.
    id: String(i + 1),
    ...o,
  }));
  const question: Question = {
    templateId,
    seed,
    topic: template.topic,
    kind: template.kind,
    title: template.title,
    setup: body.setup,
    prompt: body.prompt,
    options,
    number: body.number ?? null,
    explanation: body.explanation.paragraphs,
    cites: body.explanation.cites,
    showMe: body.showMe,
  };
  const why = questionProblem(question);
  if (why !== null) throw new TemplateBug(`${templateId} (seed ${seed}): ${why}`);
  return question;
}

/** What is wrong with a generated question, or null: the rules every question keeps. */
export function questionProblem(q: Question): string | null {
  const right = q.options.filter((o) => o.correct);
  if (q.kind === 'number') {
    if (q.number === null) return 'a number question without its answer';
    if (q.options.length > 0) return 'a number question with options';
    const values = q.number.distractors.map((x) => x.value);
    if (values.length === 0) return 'no likely wrong numbers';
    if (values.includes(q.number.value)) return 'a distractor equals the answer';
    if (new Set(values).size !== values.length) return 'repeated distractors';
  } else {
    if (q.number !== null) return 'a choice question with a number answer';
    if (q.options.length < 2 || q.options.length > 9) return `${q.options.length} options`;
    if ((q.kind === 'single' || q.kind === 'fix') && right.length !== 1) {
      return `${right.length} right options in a single-answer question`;
    }
    if (q.kind === 'multiple' && (right.length === 0 || right.length === q.options.length)) {
      return 'a multiple-choice question needs right and wrong options';
    }
    const texts = q.options.map((o) => o.text);
    if (new Set(texts).size !== texts.length) return 'two options say the same';
    for (const o of q.options) {
      if (o.correct !== (o.misconception === null)) return `option ${o.id}: misconception mismatch`;
      if (o.misconception !== null && o.misconception.trim() === '')
        return `option ${o.id}: empty misconception`;
    }
  }
  if (q.explanation.length === 0) return 'no explanation';
  if (q.cites.length === 0) return 'the explanation names no invocation';
  const named = new Set([...q.explanation.join(' ').matchAll(/#(\d+)/g)].map((m) => Number(m[1])));
  for (const n of named) if (!q.cites.includes(n)) return `#${n} is named but not cited`;
  for (const n of q.cites) if (!named.has(n)) return `#${n} is cited but not named`;
  return null;
}
