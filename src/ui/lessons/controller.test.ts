import { afterEach, describe, expect, it } from 'vitest';
import { LESSONS } from '../../lessons/catalog';
import { resolveStep } from '../../lessons/run';
import { useUiStore } from '../../store/uiStore';
import {
  closeLesson,
  fingerprint,
  leftPath,
  next,
  openLink,
  previous,
  revealSpeed,
  useLessonStore,
} from './controller';

afterEach(() => closeLesson());

const current = () => {
  const t = useLessonStore.getState().teaching;
  return t === null ? null : `${t.lesson.id}/${t.stepNo}`;
};

describe('lesson links', () => {
  it('open the step they name, or step 1 of a lesson', () => {
    expect(openLink('stream-errors/3')).toBeNull();
    expect(current()).toBe('stream-errors/3');
    const ctx = useUiStore.getState().lesson;
    expect(ctx).toMatchObject({ lessonId: 'stream-errors', step: 3, offPath: false });
    expect(ctx?.notes.title).toBe('Lesson 5, step 3: Limit the retry attempts');
    expect(ctx?.notes.next).toBe('Step 4: What the destination receives');
    expect(useUiStore.getState().highlight).toEqual(['batches:0', 'destination']);
    expect(openLink('streams')).toBeNull();
    expect(current()).toBe('streams/1');
  });

  it('name what is wrong with a bad link, and open nothing', () => {
    expect(openLink('')).toMatch(/names no lesson\. The lessons are: what-is-an-esm, streams/);
    expect(openLink('nope/1')).toMatch(/There is no lesson “nope”/);
    for (const bad of ['streams/0', 'streams/7', 'streams/two', 'streams/1.5', 'streams/1/x']) {
      expect(openLink(bad)).toMatch(/has steps 1 to 6/);
    }
    expect(current()).toBeNull();
    expect(openLink(`${'x'.repeat(200)}/1`)).toMatch(/x{40}…/);
  });
});

describe('moving through the lessons', () => {
  it('crosses from a lesson’s last step to the next lesson and back', () => {
    const first = LESSONS[0];
    if (first === undefined) throw new Error('no lessons');
    openLink(`${first.id}/${first.steps.length}`);
    expect(next()).toBe(true);
    expect(current()).toBe(`${LESSONS[1]?.id}/1`);
    expect(previous()).toBe(true);
    expect(current()).toBe(`${first.id}/${first.steps.length}`);
  });

  it('stops at the very first and very last step', () => {
    openLink(`${LESSONS[0]?.id}/1`);
    expect(previous()).toBe(false);
    const last = LESSONS[LESSONS.length - 1];
    openLink(`${last?.id}/${last?.steps.length}`);
    expect(next()).toBe(false);
    expect(useUiStore.getState().lesson?.notes.next).toBeNull();
  });

  it('closing takes the rings and the context away', () => {
    openLink('sqs/3');
    closeLesson();
    expect(current()).toBeNull();
    expect(useUiStore.getState().lesson).toBeNull();
    expect(useUiStore.getState().highlight).toEqual([]);
  });

  it('closing leaves rings someone else set', () => {
    openLink('sqs/3');
    useUiStore.getState().setHighlight(['dlq']);
    closeLesson();
    expect(useUiStore.getState().highlight).toEqual(['dlq']);
  });
});

describe('the path', () => {
  const step = LESSONS[4]?.steps[2];
  if (step === undefined) throw new Error('no step 5/3');
  const scenario = resolveStep(step.scenario);
  const expected = { fingerprint: fingerprint(scenario), actions: 0, t: step.at };
  const lab = (patch: Partial<Parameters<typeof leftPath>[0]> = {}) => ({
    scenario,
    status: 'paused' as const,
    actions: [],
    snapshot: null,
    ...patch,
  });

  it('holds while the stage shows the step’s run at its time', () => {
    expect(leftPath(lab(), expected, fingerprint(scenario))).toBe(false);
  });

  it('is left by another scenario, a live edit, playing or another time', () => {
    const other = resolveStep({ ...step.scenario, seed: 2 });
    expect(leftPath(lab(), expected, fingerprint(other))).toBe(true);
    expect(
      leftPath(
        lab({ actions: [{ at: 1, failNextInvocations: 1 }] }),
        expected,
        expected.fingerprint,
      ),
    ).toBe(true);
    expect(leftPath(lab({ status: 'playing' }), expected, expected.fingerprint)).toBe(true);
    const snapshotAt = (t: number) =>
      ({ t }) as unknown as NonNullable<Parameters<typeof leftPath>[0]['snapshot']>;
    expect(
      leftPath(lab({ snapshot: snapshotAt(step.at + 0.1) }), expected, expected.fingerprint),
    ).toBe(true);
    expect(leftPath(lab({ snapshot: snapshotAt(step.at) }), expected, expected.fingerprint)).toBe(
      false,
    );
  });
});

describe('a prediction’s run', () => {
  it('takes about four seconds to watch, within the playback speeds', () => {
    expect(revealSpeed(2)).toBe(1);
    expect(revealSpeed(40)).toBe(10);
    expect(revealSpeed(4000)).toBe(100);
  });
});
