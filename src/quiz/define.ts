/**
 * What a template is, and the builders templates share: options as claims
 * checked against a run, number answers with their likely wrong values, and
 * "which setting would fix this?" options, each run by the engine.
 */
import type { Draw } from './draw';
import { need, run, validate, type Draft, type Run } from './run';
import type { Explainer } from './text';
import type {
  ChoiceOption,
  NumberAnswer,
  NumberDistractor,
  QuestionKind,
  ShowMe,
  TopicId,
} from './types';

/** An option before the generator shuffles it and gives it its id. */
export type OptionDraft = Omit<ChoiceOption, 'id'>;

/** What a template's `generate` returns; the generator adds ids, order and checks. */
export interface QuestionBody {
  readonly setup: readonly string[];
  readonly prompt: string;
  readonly options?: readonly OptionDraft[];
  readonly number?: NumberAnswer;
  readonly explanation: Explainer;
  readonly showMe: ShowMe;
  /** Show the options in the order given (e.g. ascending values) instead of shuffled. */
  readonly keepOrder?: boolean;
}

/** A question template: registered in templates/index.ts and listed in catalog.ts. */
export interface Template {
  readonly id: string;
  readonly topic: TopicId;
  readonly kind: QuestionKind;
  readonly title: string;
  /** Draws parameters, runs the scenario(s) and builds the question from the report(s). */
  generate(d: Draw): QuestionBody;
}

/**
 * An option that states something about the run: right exactly when `holds`
 * (computed from the report), with the misconception it stands for when not.
 */
export function claim(
  text: string,
  holds: boolean,
  misconception: string,
  outcome: string,
): OptionDraft {
  return { text, correct: holds, misconception: holds ? null : misconception, outcome, run: null };
}

/**
 * A number answer with its likely wrong values. Distractors equal to the
 * answer, repeated, negative or not whole are dropped; at least one must remain.
 */
export function numberAnswer(
  value: number,
  unit: string,
  candidates: readonly (readonly [number, string])[],
): NumberAnswer {
  const seen = new Set<number>([value]);
  const distractors: NumberDistractor[] = [];
  for (const [v, misconception] of candidates) {
    if (seen.has(v) || v < 0 || !Number.isInteger(v)) continue;
    seen.add(v);
    distractors.push({ value: v, misconception });
  }
  need(distractors.length > 0, 'every likely wrong number equals the answer');
  return { value, unit, distractors };
}

/** One change a "which setting would fix this?" question may offer. */
export interface FixCandidate {
  /** The option's text: the change, in AWS's words ("Set BisectBatchOnFunctionError to true"). */
  readonly text: string;
  /** The scenario with the change made. */
  readonly apply: (base: Draft) => Draft;
  /** What the template teaches with it: whether it is meant as the fix or as a tempting wrong one. */
  readonly meant: 'fix' | 'wrong';
  /** The misconception it stands for when it does not fix the problem. */
  readonly misconception: string;
  /**
   * Said with the outcome when the change is not a setting the simulator has
   * (e.g. a function's own DLQ, which synchronous invokes never use): it then
   * runs as the unchanged scenario, and this says why.
   */
  readonly note?: string;
}

/** How a fix question judges and describes a run. */
export interface FixJudge {
  /** True when the run no longer shows the problem. */
  fixed(run: Run): boolean;
  /** One sentence on what happened in this run ("All 8 records succeeded by 60 s."). */
  describe(run: Run): string;
  /** Where "Run it in the lab" opens this run. */
  moment(run: Run): Omit<ShowMe, 'scenario'>;
}

/** A candidate's evaluation: does its run fix the problem, and what happened. */
export interface FixResult {
  readonly candidate: FixCandidate;
  readonly fixes: boolean;
  readonly option: OptionDraft;
}

/** Runs one candidate change (or quotes the validator when Lambda rejects it). */
export function tryFix(base: Draft, candidate: FixCandidate, judge: FixJudge): FixResult {
  const draft = candidate.apply(base);
  const v = validate(draft);
  const note = candidate.note === undefined ? '' : `${candidate.note} `;
  if (!v.ok) {
    const why = v.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    return {
      candidate,
      fixes: false,
      option: {
        text: candidate.text,
        correct: false,
        misconception: candidate.misconception,
        outcome: `${note}Lambda rejects the mapping with this change: ${why}`,
        run: null,
      },
    };
  }
  const r = run(draft);
  const fixes = judge.fixed(r);
  return {
    candidate,
    fixes,
    option: {
      text: candidate.text,
      correct: fixes,
      misconception: fixes ? null : candidate.misconception,
      outcome: `${note}Run with this change: ${judge.describe(r)}`,
      run: { scenario: r.scenario, ...judge.moment(r) },
    },
  };
}

/**
 * One change that fixes the problem and `wrong` changes that do not, each
 * decided by running it. Candidates are tried in a seeded order; one whose
 * run contradicts what it was meant to teach is left out (its text would
 * mislead), never shown with a hand-set answer.
 */
export function fixOptions(
  d: Draw,
  base: Draft,
  candidates: readonly FixCandidate[],
  judge: FixJudge,
  wrong = 3,
): OptionDraft[] {
  let fix: OptionDraft | null = null;
  const others: OptionDraft[] = [];
  for (const c of d.shuffle(candidates)) {
    if (c.meant === 'fix' && fix !== null) continue;
    if (c.meant === 'wrong' && others.length >= wrong) continue;
    const r = tryFix(base, c, judge);
    if (r.fixes && c.meant === 'fix') fix = r.option;
    else if (!r.fixes && c.meant === 'wrong') others.push(r.option);
    if (fix !== null && others.length >= wrong) break;
  }
  need(fix !== null, 'no candidate fixed the problem');
  need(others.length >= wrong, 'too few candidates left the problem in place');
  return [fix, ...others];
}
