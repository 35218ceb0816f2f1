/**
 * The practice view's state: the mode, the question being trained, the
 * test in progress and the spaced-repetition history. It lives outside the
 * view so that "Show me" (which opens the lab and unmounts the view) and
 * practice links find everything as they left it. Questions themselves are
 * not kept here: they are regenerated on demand (quizClient caches them).
 */
import { create } from 'zustand';
import { catalogEntry, CATALOG } from '../../quiz/catalog';
import { grade } from '../../quiz/grade';
import type { QuizRoute, TestSize } from '../../quiz/links';
import {
  nextReview,
  recordAnswer,
  EMPTY_HISTORY,
  type History,
  type Pick,
} from '../../quiz/schedule';
import { buildTest, type TestItem } from '../../quiz/testSet';
import type { Answer, Grade, Question, TopicId } from '../../quiz/types';
import { clearHistory, loadHistory, saveHistory } from './storage';

/** The three ways to practise. */
export type PracticeMode = 'training' | 'test' | 'review';

/** A question by its link: template and seed. */
export interface QuestionRef {
  readonly templateId: string;
  readonly seed: number;
}

/** One question being answered (training and review). */
export interface Attempt {
  readonly ref: QuestionRef;
  readonly answer: Answer | null;
  readonly grade: Grade | null;
}

/** A test: its link's parameters, the answers so far and, once finished, the grades. */
export interface TestRun {
  readonly count: TestSize;
  readonly seed: number;
  /** 0 = no time limit. */
  readonly minutes: number;
  readonly items: readonly TestItem[];
  readonly answers: readonly (Answer | null)[];
  readonly index: number;
  /** Wall-clock ms when time runs out (null: no limit). */
  readonly endsAt: number | null;
  /** Set when the test is finished: one grade per question, in order. */
  readonly grades: readonly Grade[] | null;
  /** True when time ran out before the student finished. */
  readonly timedOut: boolean;
}

export interface PracticeState {
  readonly mode: PracticeMode;
  readonly topic: TopicId | 'all';
  readonly training: Attempt | null;
  /** The test being set up: size and time limit (minutes, 0 = none). */
  readonly testSetup: { readonly count: TestSize; readonly minutes: number };
  readonly test: TestRun | null;
  readonly review: (Attempt & { readonly pick: Pick }) | null;
  readonly history: History;
  /** Said once when stored history was damaged or storage is unavailable. */
  readonly notice: string | null;
  setMode(mode: PracticeMode): void;
  setTopic(topic: TopicId | 'all'): void;
  /** Opens what a practice link names. */
  openRoute(route: QuizRoute): void;
  /** A fresh training question (of the chosen topic). */
  newTraining(): void;
  setTrainingAnswer(answer: Answer | null): void;
  /** Grades the training answer and records it in the history. */
  submitTraining(q: Question): void;
  setTestSetup(setup: { readonly count: TestSize; readonly minutes: number }): void;
  /** Starts a test (a new seed unless given). */
  startTest(seed?: number): void;
  setTestAnswer(index: number, answer: Answer | null): void;
  goToTestQuestion(index: number): void;
  /** Grades every question and records the results in the history. */
  finishTest(questions: readonly Question[], timedOut: boolean): void;
  /** Leaves the finished (or abandoned) test for the set-up screen. */
  closeTest(): void;
  /** The next spaced-repetition question. */
  nextReviewQuestion(): void;
  setReviewAnswer(answer: Answer | null): void;
  submitReview(q: Question): void;
  resetHistory(): void;
  dismissNotice(): void;
}

/** A new random seed for a question or test link (the UI's only chance; the questions are seeded). */
export function freshSeed(): number {
  return 1 + Math.floor(Math.random() * 999_999);
}

function randomTemplate(topic: TopicId | 'all', avoid: string | null): string {
  const pool = CATALOG.filter((e) => (topic === 'all' || e.topic === topic) && e.id !== avoid);
  const list = pool.length > 0 ? pool : CATALOG;
  return list[Math.floor(Math.random() * list.length)]?.id ?? CATALOG[0]?.id ?? '';
}

function persist(history: History): Partial<PracticeState> {
  return saveHistory(history)
    ? { history }
    : {
        history,
        notice:
          'Your browser did not let this page save your practice history; it counts for this visit only.',
      };
}

const initial = loadHistory();

/** The practice store. */
export const usePracticeStore = create<PracticeState>()((set, get) => ({
  mode: 'training',
  topic: 'all',
  training: null,
  testSetup: { count: 10, minutes: 0 },
  test: null,
  review: null,
  history: initial.history,
  notice: initial.problem,
  setMode: (mode) => {
    set({ mode });
    if (mode === 'training' && get().training === null) get().newTraining();
    if (mode === 'review' && get().review === null) get().nextReviewQuestion();
  },
  setTopic: (topic) => {
    set({ topic });
    get().newTraining();
  },
  openRoute: (route) => {
    switch (route.kind) {
      case 'home':
        get().setMode(get().mode);
        return;
      case 'review':
        get().setMode('review');
        return;
      case 'question':
        set({
          mode: 'training',
          training: {
            ref: { templateId: route.templateId, seed: route.seed },
            answer: null,
            grade: null,
          },
        });
        return;
      case 'test':
        set({ mode: 'test', testSetup: { count: route.count, minutes: route.minutes } });
        get().startTest(route.seed);
        return;
    }
  },
  newTraining: () => {
    const s = get();
    const templateId = randomTemplate(s.topic, s.training?.ref.templateId ?? null);
    set({ training: { ref: { templateId, seed: freshSeed() }, answer: null, grade: null } });
  },
  setTrainingAnswer: (answer) => {
    const t = get().training;
    if (t !== null && t.grade === null) set({ training: { ...t, answer } });
  },
  submitTraining: (q) => {
    const t = get().training;
    if (t === null || t.answer === null || t.grade !== null) return;
    const g = grade(q, t.answer);
    set({
      training: { ...t, grade: g },
      ...persist(recordAnswer(get().history, q, g.correct, Date.now())),
    });
  },
  setTestSetup: (testSetup) => set({ testSetup }),
  startTest: (seed) => {
    const { count, minutes } = get().testSetup;
    const s = seed ?? freshSeed();
    const items = buildTest(count, s);
    set({
      mode: 'test',
      test: {
        count,
        seed: s,
        minutes,
        items,
        answers: items.map(() => null),
        index: 0,
        endsAt: minutes > 0 ? Date.now() + minutes * 60_000 : null,
        grades: null,
        timedOut: false,
      },
    });
  },
  setTestAnswer: (index, answer) => {
    const t = get().test;
    if (t === null || t.grades !== null) return;
    set({ test: { ...t, answers: t.answers.map((a, i) => (i === index ? answer : a)) } });
  },
  goToTestQuestion: (index) => {
    const t = get().test;
    if (t !== null && index >= 0 && index < t.items.length) set({ test: { ...t, index } });
  },
  finishTest: (questions, timedOut) => {
    const t = get().test;
    if (t === null || t.grades !== null) return;
    const grades = questions.map((q, i) =>
      grade(q, t.answers[i] ?? { kind: 'choice', selected: [] }),
    );
    let history = get().history;
    const now = Date.now();
    questions.forEach((q, i) => {
      history = recordAnswer(history, q, grades[i]?.correct ?? false, now);
    });
    set({ test: { ...t, grades, timedOut }, ...persist(history) });
  },
  closeTest: () => set({ test: null }),
  nextReviewQuestion: () => {
    const pick = nextReview(get().history, Date.now(), freshSeed());
    set({
      review: {
        ref: { templateId: pick.templateId, seed: pick.seed },
        pick,
        answer: null,
        grade: null,
      },
    });
  },
  setReviewAnswer: (answer) => {
    const r = get().review;
    if (r !== null && r.grade === null) set({ review: { ...r, answer } });
  },
  submitReview: (q) => {
    const r = get().review;
    if (r === null || r.answer === null || r.grade !== null) return;
    const g = grade(q, r.answer);
    set({
      review: { ...r, grade: g },
      ...persist(recordAnswer(get().history, q, g.correct, Date.now())),
    });
  },
  resetHistory: () => {
    clearHistory();
    set({ history: EMPTY_HISTORY, review: null, notice: null });
    get().nextReviewQuestion();
  },
  dismissNotice: () => set({ notice: null }),
}));

/** The topic of a template (for labels before its question has loaded). */
export function topicOfTemplate(id: string): TopicId | null {
  return catalogEntry(id)?.topic ?? null;
}
