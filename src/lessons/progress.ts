/**
 * A student's progress through the lessons: the steps seen and the first
 * answer given to each prediction. Plain data, serialised to one
 * localStorage entry by the UI; parsing never throws (a damaged or foreign
 * value reads as no progress).
 */
import type { Lesson } from './types';

/** The localStorage key the UI keeps progress under. */
export const PROGRESS_STORAGE_KEY = 'esm-lab-lessons-progress';

/** The first answer a student gave to one prediction. */
export interface Answer {
  /** The option id chosen. */
  readonly chosen: string;
  /** Whether the engine's run agreed. */
  readonly right: boolean;
}

export interface Progress {
  readonly version: 1;
  /** Steps seen (1-based), per lesson id. */
  readonly seen: Readonly<Record<string, readonly number[]>>;
  /** First answers, keyed `<lessonId>/<step>`. */
  readonly answers: Readonly<Record<string, Answer>>;
}

export const EMPTY_PROGRESS: Progress = { version: 1, seen: {}, answers: {} };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads stored progress; anything unreadable is dropped, never thrown. */
export function parseProgress(text: string | null | undefined): Progress {
  if (text == null || text === '') return EMPTY_PROGRESS;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return EMPTY_PROGRESS;
  }
  if (!isRecord(raw) || raw['version'] !== 1) return EMPTY_PROGRESS;
  const seen: Record<string, number[]> = {};
  if (isRecord(raw['seen'])) {
    for (const [id, steps] of Object.entries(raw['seen'])) {
      if (!Array.isArray(steps)) continue;
      const ok = steps.filter((n): n is number => Number.isInteger(n) && n >= 1 && n <= 1000);
      if (ok.length > 0) seen[id] = [...new Set(ok)].sort((a, b) => a - b);
    }
  }
  const answers: Record<string, Answer> = {};
  if (isRecord(raw['answers'])) {
    for (const [key, a] of Object.entries(raw['answers'])) {
      if (isRecord(a) && typeof a['chosen'] === 'string' && typeof a['right'] === 'boolean') {
        answers[key] = { chosen: a['chosen'], right: a['right'] };
      }
    }
  }
  return { version: 1, seen, answers };
}

/** The text stored for `p`. */
export function serializeProgress(p: Progress): string {
  return JSON.stringify(p);
}

/** Progress with step `step` of lesson `lessonId` seen. */
export function markSeen(p: Progress, lessonId: string, step: number): Progress {
  const before = p.seen[lessonId] ?? [];
  if (before.includes(step)) return p;
  return {
    ...p,
    seen: { ...p.seen, [lessonId]: [...before, step].sort((a, b) => a - b) },
  };
}

/** The key of a prediction's answer. */
export const answerKey = (lessonId: string, step: number): string => `${lessonId}/${step}`;

/** Progress with the student's answer recorded, unless the question was answered before (first answers count). */
export function recordAnswer(
  p: Progress,
  lessonId: string,
  step: number,
  answer: Answer,
): Progress {
  const key = answerKey(lessonId, step);
  if (p.answers[key] !== undefined) return p;
  return { ...p, answers: { ...p.answers, [key]: answer } };
}

/** What the lessons list shows for one lesson. */
export interface LessonProgress {
  readonly steps: number;
  readonly seen: number;
  readonly questions: number;
  readonly answered: number;
  readonly right: number;
  /** Where "Continue" goes: the first step not seen yet, or 1 when all were seen. */
  readonly resumeAt: number;
  readonly complete: boolean;
}

/** A lesson's progress summary. */
export function lessonProgress(lesson: Lesson, p: Progress): LessonProgress {
  const seenSteps = new Set((p.seen[lesson.id] ?? []).filter((n) => n <= lesson.steps.length));
  let questions = 0;
  let answered = 0;
  let right = 0;
  lesson.steps.forEach((s, i) => {
    if (s.predict === undefined) return;
    questions++;
    const a = p.answers[answerKey(lesson.id, i + 1)];
    if (a !== undefined) {
      answered++;
      if (a.right) right++;
    }
  });
  let resumeAt = 1;
  for (let n = 1; n <= lesson.steps.length; n++) {
    if (!seenSteps.has(n)) {
      resumeAt = n;
      break;
    }
  }
  return {
    steps: lesson.steps.length,
    seen: seenSteps.size,
    questions,
    answered,
    right,
    resumeAt,
    complete: seenSteps.size === lesson.steps.length,
  };
}
