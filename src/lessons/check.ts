/**
 * Structural checks of the lesson data, run by the unit test next to the
 * engine checks: ids and links, narration length, placeholders, targets
 * that the step's stage draws, prediction shape. Returns problems as text
 * (empty = fine), each naming the lesson and step.
 */
import { isStreamSource, type SourceType } from '../engine/types';
import { buildScenario } from '../scenarios/build';
import type { Lesson, LessonStep, LessonTarget, Prediction } from './types';
import { placeholders, sentences } from './text';

/** Lesson ids appear in links: lower-case words joined by hyphens. */
export const LESSON_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Longest sentence a step may say (characters): plain, projector-readable sentences. */
export const MAX_SENTENCE_CHARS = 260;

/**
 * A step's title and text together (placeholders counted as short numbers):
 * about four lines of the panel at 1280 × 720; with a prediction, three.
 */
export const MAX_STEP_CHARS = 320;
export const MAX_PREDICTION_STEP_CHARS = 240;

/** A prediction's question and answers stay short: the panel shows them on one or two lines. */
export const MAX_QUESTION_CHARS = 52;
export const MAX_OPTION_CHARS = 30;

/**
 * Whether the stage of `type` (with `shards` shards, `groups` FIFO groups)
 * draws `target` (src/ui/stage: StreamStage, QueueStage, Outcomes, Stage,
 * Narrator; e2e/lessons-targets.spec.ts checks every step on the live stage).
 */
export function targetExists(
  target: LessonTarget,
  type: SourceType,
  shards: number,
  groups: ReadonlySet<string>,
): boolean {
  const stream = isStreamSource(type);
  const indexed = /^(shard|batches|window):(\d+)$/.exec(target);
  if (indexed !== null) return stream && Number(indexed[2]) < shards;
  if (target.startsWith('group:')) return type === 'sqs-fifo' && groups.has(target.slice(6));
  if (target.startsWith('record:')) return true;
  switch (target) {
    case 'destination':
    case 'discard':
      return stream;
    case 'inflight':
    case 'window':
      return type === 'sqs';
    case 'queue':
    case 'dlq':
      return !stream;
    case 'source':
    case 'pollers':
    case 'function':
    case 'concurrency':
    case 'narration':
      return true;
    default:
      return false;
  }
}

/** Whether target `inner` is drawn inside target `outer` (their two "Look here" tags would overlap). */
export function inside(inner: LessonTarget, outer: LessonTarget): boolean {
  const n = (t: string): string | undefined => /:(\d+)$/.exec(t)?.[1];
  return outer.startsWith('batches:') && inner.startsWith('window:') && n(inner) === n(outer);
}

function checkText(
  where: string,
  text: string,
  values: Readonly<Record<string, unknown>> | undefined,
  min: number,
  max: number,
): string[] {
  const problems: string[] = [];
  const names = placeholders(text);
  for (const n of names) {
    if (values?.[n] === undefined) problems.push(`${where}: {${n}} has no value`);
  }
  for (const n of Object.keys(values ?? {})) {
    if (!names.includes(n)) problems.push(`${where}: value "${n}" is never used`);
  }
  // Placeholders become numbers, so count sentences on a stand-in text.
  const said = sentences(text.replace(/\{[^}]*\}/g, '7'));
  if (said.length < min || said.length > max) {
    problems.push(`${where}: ${said.length} sentences (wanted ${min}–${max})`);
  }
  for (const s of said) {
    if (s.length > MAX_SENTENCE_CHARS) {
      problems.push(`${where}: a sentence of ${s.length} characters: "${s.slice(0, 60)}…"`);
    }
  }
  return problems;
}

function checkPrediction(where: string, p: Prediction, duration: number, at: number): string[] {
  const problems: string[] = [];
  if (p.options.length < 2 || p.options.length > 4) {
    problems.push(`${where}: ${p.options.length} options (wanted 2–4)`);
  }
  if (p.question.length > MAX_QUESTION_CHARS) {
    problems.push(`${where}: a question of ${p.question.length} characters`);
  }
  for (const o of p.options) {
    if (o.label.length > MAX_OPTION_CHARS) {
      problems.push(`${where}: option "${o.id}" has ${o.label.length} characters`);
    }
  }
  if (new Set(p.options.map((o) => o.id)).size !== p.options.length) {
    problems.push(`${where}: option ids repeat`);
  }
  if (!(p.runSeconds > 0) || at + p.runSeconds > duration) {
    problems.push(`${where}: runs ${p.runSeconds} s from ${at} s, past the run's ${duration} s`);
  }
  if (p.claims.length === 0) problems.push(`${where}: the reveal checks no fact`);
  problems.push(...checkText(`${where} reveal`, p.reveal, p.values, 1, 2));
  return problems;
}

function checkStep(lesson: Lesson, step: LessonStep, n: number): string[] {
  const where = `${lesson.id}/${n}`;
  const problems: string[] = [];
  const scenario = buildScenario(step.scenario);
  const duration = scenario.durationSeconds;
  if (step.title.trim() === '') problems.push(`${where}: no title`);
  if (!(step.at >= 0 && step.at <= duration)) {
    problems.push(`${where}: time ${step.at} s is outside the run (0–${duration} s)`);
  }
  if (step.claims.length === 0) problems.push(`${where}: the step checks no fact`);
  if (step.look.length === 0) problems.push(`${where}: the step points at nothing`);
  const type = scenario.source.type;
  const shards = 'ShardCount' in scenario.source ? scenario.source.ShardCount : 0;
  const groups = new Set(scenario.records.map((r) => r.key));
  for (const t of step.look) {
    if (!targetExists(t, type, shards, groups)) {
      problems.push(`${where}: the ${type} stage has no target "${t}"`);
    }
    for (const u of step.look) {
      if (inside(u, t)) problems.push(`${where}: "${u}" is inside "${t}": point at one of them`);
    }
  }
  if (!lesson.sources.includes(type)) {
    problems.push(`${where}: source ${type} is not in the lesson's sources`);
  }
  if (
    step.attempt !== undefined &&
    !(step.rules ?? []).some((r) => r.scenario === step.attempt && r.verdict === 'rejected')
  ) {
    problems.push(`${where}: the attempt has no rule saying it is rejected`);
  }
  problems.push(...checkText(where, step.narration, step.values, 2, 4));
  const length = `${step.title}. ${step.narration.replace(/\{[^}]*\}/g, '77')}`.length;
  const most = step.predict === undefined ? MAX_STEP_CHARS : MAX_PREDICTION_STEP_CHARS;
  if (length > most) problems.push(`${where}: ${length} characters of text (at most ${most})`);
  if (step.predict !== undefined) {
    problems.push(...checkPrediction(`${where} prediction`, step.predict, duration, step.at));
  }
  return problems;
}

/** Every structural problem of the lessons (ids, numbering, steps). */
export function checkLessons(lessons: readonly Lesson[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  lessons.forEach((lesson, i) => {
    if (!LESSON_ID.test(lesson.id)) problems.push(`${lesson.id}: not a link-safe id`);
    if (ids.has(lesson.id)) problems.push(`${lesson.id}: id used twice`);
    ids.add(lesson.id);
    if (lesson.number !== i + 1)
      problems.push(`${lesson.id}: number ${lesson.number}, position ${i + 1}`);
    if (lesson.steps.length < 2) problems.push(`${lesson.id}: fewer than 2 steps`);
    if (lesson.short.length > 20) problems.push(`${lesson.id}: short title over 20 characters`);
    lesson.steps.forEach((step, j) => problems.push(...checkStep(lesson, step, j + 1)));
  });
  return problems;
}
