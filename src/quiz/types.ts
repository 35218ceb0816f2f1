/**
 * The exam-practice data contract: topics, question kinds, a generated
 * question (plain data: it crosses the quiz worker's postMessage and is
 * compared deep-equal when regenerated), answers and grades.
 *
 * Nothing here is hand-written per question: a template draws parameters,
 * runs the scenario with the engine and fills a `Question` from the run.
 */
import type { ResolvedScenario } from '../engine/types';

/** The exam topics (the lessons' topics); `topics.ts` holds their names. */
export type TopicId =
  | 'blocking'
  | 'batching'
  | 'parallelization'
  | 'retries'
  | 'bisect'
  | 'destinations'
  | 'partial'
  | 'visibility'
  | 'dlq'
  | 'duplicates'
  | 'fifo'
  | 'scaling'
  | 'starting'
  | 'filtering'
  | 'permissions';

/**
 * single: one right option. multiple: every right option must be chosen (one
 * or more). number: type the number the run gives. fix: "which setting would
 * fix this?", one right option, each option run by the engine.
 */
export type QuestionKind = 'single' | 'multiple' | 'number' | 'fix';

/** One answer option as shown (ids 1, 2, 3, … in shown order, as its key). */
export interface ChoiceOption {
  readonly id: string;
  readonly text: string;
  /** Decided by the run(s), never by hand. */
  readonly correct: boolean;
  /** For a wrong option: the misconception it stands for (shown after a wrong answer). Null for a right one. */
  readonly misconception: string | null;
  /** What the run showed about this option (for fix questions: what happened when it was run). */
  readonly outcome: string;
  /** Fix questions: this option's own run, to open in the lab (null when Lambda rejects the change or there is none). */
  readonly run: ShowMe | null;
}

/** A plausible wrong number and the misconception that leads to it. */
export interface NumberDistractor {
  readonly value: number;
  readonly misconception: string;
}

/** The answer of a number question. */
export interface NumberAnswer {
  readonly value: number;
  /** Shown after the input, e.g. "invocations", "seconds". */
  readonly unit: string;
  /** Wrong values a student is likely to give, each with its misconception; all differ from `value`. */
  readonly distractors: readonly NumberDistractor[];
}

/** "Show me": the scenario on the lab's stage at the moment that decides the answer. */
export interface ShowMe {
  readonly scenario: ResolvedScenario;
  /** Simulated second to open the run at (paused there). */
  readonly at: number;
  /** The record to follow, or null. */
  readonly follow: string | null;
  /** Stage target ids to ring (`src/ui/stage/targets.ts`: `record:r3`, `shard:0`, `dlq`, …). */
  readonly highlight: readonly string[];
  /** One line saying what to look at. */
  readonly caption: string;
}

/** A generated question. Regenerating from the same template and seed gives a deep-equal one. */
export interface Question {
  readonly templateId: string;
  readonly seed: number;
  readonly topic: TopicId;
  readonly kind: QuestionKind;
  /** A short name for lists ("Bisect: invocations that hold the poison record"). */
  readonly title: string;
  /** The scenario in words, one setting or fact per line. */
  readonly setup: readonly string[];
  /** The question itself. */
  readonly prompt: string;
  /** The options (empty for number questions). */
  readonly options: readonly ChoiceOption[];
  /** The answer of a number question (null otherwise). */
  readonly number: NumberAnswer | null;
  /** Why, from the run: paragraphs naming the invocations (#n) that decided it. */
  readonly explanation: readonly string[];
  /** Every invocation number the explanation names (all are in the Show me run's report). */
  readonly cites: readonly number[];
  readonly showMe: ShowMe;
}

/** What the student answered. */
export type Answer =
  | { readonly kind: 'choice'; readonly selected: readonly string[] }
  | { readonly kind: 'number'; readonly value: number };

/** The grade of one answer. */
export interface Grade {
  readonly correct: boolean;
  /** The misconceptions behind the wrong options chosen (or the wrong number given), in option order. */
  readonly misconceptions: readonly { readonly answer: string; readonly misconception: string }[];
  /** Right options the student did not choose (multiple choice). */
  readonly missed: readonly string[];
  /** The right answer in words ("b. Only m3 …", "7 invocations"). */
  readonly rightAnswer: string;
}
