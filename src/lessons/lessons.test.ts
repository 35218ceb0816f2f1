/**
 * Every lesson step, checked on the engine: its scenario validates, its time
 * is inside the run, every fact its narration states holds at that time,
 * every number it says comes out of the run, the AWS rules it quotes are the
 * validator's, and each prediction has exactly one answer the engine agrees
 * with.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNING } from '../worker/host';
import { parseScenario } from '../scenarios/validate';
import { LESSONS, lessonById } from './catalog';
import { checkLessons } from './check';
import { describeClaim, holds, type Facts } from './facts';
import { resolveStep, StepRun, HOST_HISTORY_LIMIT } from './run';
import { narrate, sentences } from './text';
import type { Claim } from './types';

function failing(facts: Facts, claims: readonly Claim[]): string[] {
  return claims.flatMap((c) => {
    try {
      return holds(facts, c) ? [] : [describeClaim(c)];
    } catch (err) {
      return [`${describeClaim(c)}: ${(err as Error).message}`];
    }
  });
}

describe('the lessons catalogue', () => {
  it('has no structural problem (ids, numbering, narration length, targets, predictions)', () => {
    expect(checkLessons(LESSONS)).toEqual([]);
  });

  it('finds lessons by id and nothing else', () => {
    expect(lessonById('stream-errors')?.number).toBe(5);
    expect(lessonById('no-such-lesson')).toBeUndefined();
  });

  it('runs steps with the app host’s history limit', () => {
    expect(HOST_HISTORY_LIMIT).toBe(DEFAULT_TUNING.historyLimit);
  });
});

describe.each(LESSONS.map((l) => [l.number, l.id, l] as const))(
  'lesson %i: %s',
  (_n, _id, lesson) => {
    describe.each(lesson.steps.map((s, i) => [i + 1, s.title, s] as const))(
      'step %i: %s',
      (n, _title, step) => {
        it('validates as the app and npm run simulate validate it, and loads exactly that', () => {
          const parsed = parseScenario(step.scenario);
          expect(parsed.ok ? [] : parsed.problems).toEqual([]);
          if (parsed.ok) expect(resolveStep(step.scenario)).toEqual(parsed.scenario);
        });

        it('states only facts the engine shows at its time, in 2–4 sentences', () => {
          const facts = new StepRun(step.scenario, step.at).atStep();
          expect(facts.t).toBe(step.at);
          expect(failing(facts, step.claims)).toEqual([]);
          const text = narrate(step.narration, step.values, facts);
          expect(text).not.toMatch(/[{}]|NaN|undefined|Infinity/);
          expect(sentences(text).length).toBeGreaterThanOrEqual(2);
          expect(sentences(text).length).toBeLessThanOrEqual(4);
          if (step.follow !== undefined) expect(facts.report.records[step.follow]).toBeDefined();
        });

        if (step.rules !== undefined) {
          it('quotes the AWS rules the validator applies', () => {
            for (const rule of step.rules ?? []) {
              const parsed = parseScenario(rule.scenario);
              if (rule.verdict === 'valid') {
                expect(parsed.ok ? [] : parsed.problems).toEqual([]);
                continue;
              }
              expect(parsed.ok).toBe(false);
              const problem = parsed.ok
                ? undefined
                : parsed.problems.find((p) => p.path === rule.path);
              expect(problem, `a problem at ${rule.path}`).toBeDefined();
              if (rule.quote !== undefined) expect(problem?.message).toContain(rule.quote);
            }
          });
        }

        const predict = step.predict;
        if (predict !== undefined) {
          it('has exactly one answer the engine agrees with, and a true reveal', () => {
            const run = new StepRun(step.scenario, step.at);
            run.atStep();
            const after = run.after(predict.runSeconds);
            expect(after.t).toBeCloseTo(step.at + predict.runSeconds, 9);
            const held = predict.options.filter((o) => {
              try {
                return holds(after, o.claim);
              } catch {
                return false;
              }
            });
            expect(held.map((o) => o.id)).toHaveLength(1);
            expect(failing(after, predict.claims)).toEqual([]);
            const text = narrate(predict.reveal, predict.values, after);
            expect(text).not.toMatch(/[{}]|NaN|undefined|Infinity/);
          });
        }

        it(`links as #lesson/${lesson.id}/${n}`, () => {
          expect(lesson.steps[n - 1]).toBe(step);
        });
      },
    );
  },
);
