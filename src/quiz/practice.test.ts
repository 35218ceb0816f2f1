/**
 * The pure parts of practice: grading, links, tests (sets and per-topic
 * scores), the spaced-repetition schedule and the checked storage format.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG } from './catalog';
import { generateQuestion } from './generate';
import { grade, isAnswered } from './grade';
import { HISTORY_STORAGE_KEY, parseHistory, serializeHistory } from './history';
import { parseQuizPath, questionHash, testHash } from './links';
import {
  BOX_INTERVALS_MS,
  EMPTY_HISTORY,
  MAX_ITEMS,
  dueItems,
  nextReview,
  recordAnswer,
  scheduleStats,
} from './schedule';
import { buildTest, scoreByTopic } from './testSet';
import { TOPICS } from './topics';

describe('grade', () => {
  const single = generateQuestion('blocking-other-shard', 3);
  const multiple = generateQuestion('dlq-which-messages', 3);
  const number = generateQuestion('retries-poison-invocations', 3);

  it('grades one right option and names the misconception of a wrong one', () => {
    const right = single.options.find((o) => o.correct);
    const wrong = single.options.find((o) => !o.correct);
    expect(grade(single, { kind: 'choice', selected: [right?.id ?? ''] }).correct).toBe(true);
    const g = grade(single, { kind: 'choice', selected: [wrong?.id ?? ''] });
    expect(g.correct).toBe(false);
    expect(g.misconceptions).toEqual([
      { answer: `${wrong?.id}. ${wrong?.text}`, misconception: wrong?.misconception },
    ]);
    expect(g.rightAnswer).toBe(`${right?.id}. ${right?.text}`);
  });

  it('needs every right option and no wrong one in multiple choice', () => {
    const rights = multiple.options.filter((o) => o.correct).map((o) => o.id);
    const wrong = multiple.options.find((o) => !o.correct)?.id ?? '';
    expect(grade(multiple, { kind: 'choice', selected: rights }).correct).toBe(true);
    expect(grade(multiple, { kind: 'choice', selected: [...rights, wrong] }).correct).toBe(false);
    if (rights.length > 1) {
      const g = grade(multiple, { kind: 'choice', selected: rights.slice(1) });
      expect(g.correct).toBe(false);
      expect(g.missed).toHaveLength(1);
    }
    // An id that is not an option never makes an answer right.
    expect(grade(multiple, { kind: 'choice', selected: [...rights, 'z'] }).correct).toBe(false);
  });

  it('grades numbers exactly, naming the misconception behind a likely wrong value', () => {
    const value = number.number?.value ?? -1;
    expect(grade(number, { kind: 'number', value }).correct).toBe(true);
    const d = number.number?.distractors[0];
    const g = grade(number, { kind: 'number', value: d?.value ?? -1 });
    expect(g.correct).toBe(false);
    expect(g.misconceptions[0]?.misconception).toBe(d?.misconception);
    expect(grade(number, { kind: 'number', value: 987654 }).misconceptions).toEqual([]);
    expect(grade(number, { kind: 'choice', selected: ['a'] }).correct).toBe(false);
  });

  it('knows an empty answer', () => {
    expect(isAnswered(null)).toBe(false);
    expect(isAnswered({ kind: 'choice', selected: [] })).toBe(false);
    expect(isAnswered({ kind: 'number', value: Number.NaN })).toBe(false);
    expect(isAnswered({ kind: 'number', value: 0 })).toBe(true);
  });
});

describe('links', () => {
  it('round-trips question and test links', () => {
    expect(parseQuizPath(questionHash('bisect-good-record', 42).slice('quiz/'.length))).toEqual({
      kind: 'question',
      templateId: 'bisect-good-record',
      seed: 42,
    });
    expect(parseQuizPath(testHash(20, 7, 40).slice('quiz/'.length))).toEqual({
      kind: 'test',
      count: 20,
      seed: 7,
      minutes: 40,
    });
    expect(parseQuizPath(testHash(10, 7, 0).slice('quiz/'.length))).toEqual({
      kind: 'test',
      count: 10,
      seed: 7,
      minutes: 0,
    });
    expect(parseQuizPath('')).toEqual({ kind: 'home' });
    expect(parseQuizPath('review')).toEqual({ kind: 'review' });
    expect(parseQuizPath('bisect-good-record/42/')).toMatchObject({ kind: 'question', seed: 42 });
  });

  it('names what is wrong with a bad link, never throwing', () => {
    expect(parseQuizPath('nope/1')).toBe('there is no question template "nope"');
    expect(parseQuizPath('bisect-good-record/0')).toMatch(/seed must be a whole number from 1/);
    expect(parseQuizPath('bisect-good-record/abc')).toMatch(/seed/);
    expect(parseQuizPath('bisect-good-record/99999999999')).toMatch(/seed/);
    expect(parseQuizPath('bisect-good-record/4/5')).toMatch(/more parts/);
    expect(parseQuizPath('test/15/3')).toBe('a test has 10, 20 or 40 questions, not "15"');
    expect(parseQuizPath('test/10/3/-2')).toMatch(/time limit/);
    expect(parseQuizPath('test/10/3/999')).toMatch(/time limit/);
    expect(parseQuizPath('%E0%A4%A')).toMatch(/not valid/);
  });
});

describe('tests', () => {
  it('draws the same set from the same seed, every topic before any twice', () => {
    const a = buildTest(20, 99);
    expect(buildTest(20, 99)).toEqual(a);
    expect(buildTest(20, 100)).not.toEqual(a);
    const topics = a.map((it) => CATALOG.find((e) => e.id === it.templateId)?.topic);
    expect(new Set(topics.slice(0, TOPICS.length)).size).toBe(TOPICS.length);
    expect(buildTest(40, 5)).toHaveLength(40);
    for (const it of buildTest(40, 5))
      expect(CATALOG.some((e) => e.id === it.templateId)).toBe(true);
  });

  it('scores per topic, in teaching order', () => {
    expect(
      scoreByTopic([
        { topic: 'fifo', correct: true },
        { topic: 'blocking', correct: false },
        { topic: 'fifo', correct: false },
      ]),
    ).toEqual([
      { topic: 'blocking', right: 0, total: 1 },
      { topic: 'fifo', right: 1, total: 2 },
    ]);
  });
});

describe('spaced repetition', () => {
  const q = { templateId: 'bisect-good-record', seed: 5, topic: 'bisect' as const };
  const t0 = 1_700_000_000_000;

  it('brings a missed question back after a minute, and a known one later and later', () => {
    let h = recordAnswer(EMPTY_HISTORY, q, false, t0);
    expect(h.items[0]?.box).toBe(0);
    expect(dueItems(h, t0 + 59_000)).toEqual([]);
    expect(nextReview(h, t0 + 60_000, 77)).toMatchObject({
      reason: 'due',
      templateId: q.templateId,
      seed: 5,
    });
    h = recordAnswer(h, q, true, t0 + 60_000);
    expect(h.items[0]?.box).toBe(1);
    expect(h.items[0]?.due).toBe(t0 + 60_000 + (BOX_INTERVALS_MS[1] ?? 0));
    h = recordAnswer(h, q, true, t0 + 120_000);
    h = recordAnswer(h, q, false, t0 + 180_000);
    expect(h.items[0]).toMatchObject({ box: 0, right: 2, wrong: 2 });
    expect(scheduleStats(h, t0 + 180_000)).toMatchObject({
      due: 0,
      learning: 1,
      total: 1,
      nextDue: t0 + 240_000,
    });
  });

  it('asks new questions from the weakest topic when nothing is due', () => {
    let h = EMPTY_HISTORY;
    h = recordAnswer(h, { templateId: 'fifo-peak-concurrency', seed: 1, topic: 'fifo' }, false, t0);
    h = recordAnswer(h, { templateId: 'bisect-good-record', seed: 1, topic: 'bisect' }, true, t0);
    const pick = nextReview(h, t0 + 1000, 1234);
    expect(pick).toMatchObject({ reason: 'new', topic: 'fifo', seed: 1234 });
    expect(pick.templateId).not.toBe('fifo-peak-concurrency');
  });

  it('keeps at most MAX_ITEMS questions', () => {
    let h = EMPTY_HISTORY;
    for (let i = 1; i <= MAX_ITEMS + 20; i++) h = recordAnswer(h, { ...q, seed: i }, true, t0 + i);
    expect(h.items).toHaveLength(MAX_ITEMS);
  });
});

describe('stored history', () => {
  const good = recordAnswer(
    EMPTY_HISTORY,
    { templateId: 'dlq-where', seed: 3, topic: 'dlq' },
    false,
    1_700_000_000_000,
  );

  it('round-trips', () => {
    expect(HISTORY_STORAGE_KEY).toBe('esm-lab-practice-history');
    expect(parseHistory(serializeHistory(good))).toEqual({
      history: good,
      dropped: 0,
      problem: null,
    });
    expect(parseHistory(null).history).toEqual(EMPTY_HISTORY);
  });

  it('drops what is damaged and says so, never throwing', () => {
    const item = good.items[0];
    const text = JSON.stringify({
      version: 1,
      items: [
        item,
        item,
        { ...item, templateId: 'gone' },
        { ...item, seed: -1 },
        { ...item, box: 99 },
        null,
        'x',
        { ...item, due: 'soon' },
      ],
    });
    const r = parseHistory(text);
    expect(r.history.items).toEqual([item]);
    expect(r.dropped).toBe(7);
    expect(r.problem).toBe('7 damaged entries in your practice history were left out.');
    expect(parseHistory('{oops').problem).toMatch(/not valid JSON/);
    expect(parseHistory('[1,2]').problem).toMatch(/form this lab does not know/);
    expect(parseHistory(JSON.stringify({ version: 2, items: [] })).history).toEqual(EMPTY_HISTORY);
  });
});
