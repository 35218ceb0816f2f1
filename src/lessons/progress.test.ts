import { describe, expect, it } from 'vitest';
import { LESSONS } from './catalog';
import {
  EMPTY_PROGRESS,
  lessonProgress,
  markSeen,
  parseProgress,
  recordAnswer,
  serializeProgress,
} from './progress';

describe('lesson progress', () => {
  it('reads back what it wrote', () => {
    let p = markSeen(EMPTY_PROGRESS, 'streams', 2);
    p = markSeen(p, 'streams', 1);
    p = recordAnswer(p, 'streams', 4, { chosen: 'new', right: true });
    expect(parseProgress(serializeProgress(p))).toEqual(p);
    expect(p.seen['streams']).toEqual([1, 2]);
  });

  it('keeps the first answer to a question', () => {
    const first = recordAnswer(EMPTY_PROGRESS, 'streams', 4, { chosen: 'all', right: false });
    const again = recordAnswer(first, 'streams', 4, { chosen: 'new', right: true });
    expect(again.answers['streams/4']).toEqual({ chosen: 'all', right: false });
  });

  it('reads damaged or foreign values as no progress, without throwing', () => {
    for (const text of [null, '', '{', '[]', '{"version":2}', '"x"', 'null']) {
      expect(parseProgress(text)).toEqual(EMPTY_PROGRESS);
    }
    expect(
      parseProgress(
        '{"version":1,"seen":{"streams":[1,"x",-3,2,2]},"answers":{"a/1":{"chosen":1}}}',
      ),
    ).toEqual({ version: 1, seen: { streams: [1, 2] }, answers: {} });
  });

  it('summarises a lesson: steps seen, questions right, where to continue', () => {
    const lesson = LESSONS[1];
    if (lesson === undefined) throw new Error('no second lesson');
    const asked = lesson.steps.findIndex((s) => s.predict !== undefined) + 1;
    let p = markSeen(EMPTY_PROGRESS, lesson.id, 1);
    p = markSeen(p, lesson.id, 2);
    p = recordAnswer(p, lesson.id, asked, { chosen: 'x', right: true });
    const s = lessonProgress(lesson, p);
    expect(s).toMatchObject({
      steps: lesson.steps.length,
      seen: 2,
      answered: 1,
      right: 1,
      resumeAt: 3,
    });
    expect(s.complete).toBe(false);
    let all = EMPTY_PROGRESS;
    for (let n = 1; n <= lesson.steps.length; n++) all = markSeen(all, lesson.id, n);
    expect(lessonProgress(lesson, all)).toMatchObject({ complete: true, resumeAt: 1 });
  });
});
