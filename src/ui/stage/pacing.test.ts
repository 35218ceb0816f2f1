import { describe, expect, it } from 'vitest';
import { DrawPacer, WritePacer } from './pacing';

interface Box {
  text: string;
  writes: number;
}

function setup(): { pacer: WritePacer<Box>; box: () => Box } {
  const pacer = new WritePacer<Box>(
    100,
    (b) => b.text,
    (b, t) => {
      b.text = t;
      b.writes += 1;
    },
  );
  return { pacer, box: () => ({ text: '', writes: 0 }) };
}

describe('WritePacer', () => {
  it('writes an element at most once per pace, and the latest text wins', () => {
    const { pacer, box } = setup();
    const b = box();
    pacer.set(b, 'a', 1000);
    expect(b).toEqual({ text: 'a', writes: 1 });
    pacer.set(b, 'b', 1016);
    pacer.set(b, 'c', 1033);
    expect(b.text).toBe('a');
    expect(pacer.waiting).toBe(1);
    pacer.flush(1050, false);
    expect(b.text).toBe('a');
    pacer.flush(1100, false);
    expect(b).toEqual({ text: 'c', writes: 2 });
    expect(pacer.waiting).toBe(0);
  });

  it('writes at once when the last write is a pace or more ago', () => {
    const { pacer, box } = setup();
    const b = box();
    pacer.set(b, 'a', 0);
    pacer.set(b, 'b', 100);
    expect(b).toEqual({ text: 'b', writes: 2 });
  });

  it('drops a waiting text when the element already shows the newest one', () => {
    const { pacer, box } = setup();
    const b = box();
    pacer.set(b, 'a', 0);
    pacer.set(b, 'b', 10);
    pacer.set(b, 'a', 20);
    expect(pacer.waiting).toBe(0);
    pacer.flush(500, true);
    expect(b).toEqual({ text: 'a', writes: 1 });
  });

  it('flushes everything at once out of pacing, and writeNow is immediate', () => {
    const { pacer, box } = setup();
    const [x, y] = [box(), box()];
    pacer.set(x, '1', 0);
    pacer.set(y, '1', 0);
    pacer.set(x, '2', 5);
    pacer.set(y, '2', 5);
    pacer.writeNow(y, '3');
    expect(y.text).toBe('3');
    pacer.flush(6, true);
    expect(x.text).toBe('2');
    expect(y.text).toBe('3');
    expect(pacer.waiting).toBe(0);
  });

  it('staggers first writes a sixth of the pace apart, so their turns fall in different frames', () => {
    const { pacer, box } = setup();
    const boxes = Array.from({ length: 6 }, box);
    for (const b of boxes) pacer.set(b, 'first', 0);
    // Frame by frame (~16.7 ms), each element's turn comes in a different frame.
    const turns: number[] = [];
    for (let f = 1; f <= 7; f++) {
      const now = f * 16.7;
      const before = boxes.map((b) => b.text);
      for (const b of boxes) pacer.set(b, `frame ${f}`, now);
      pacer.flush(now, false);
      turns.push(boxes.filter((b, i) => b.text !== before[i]).length);
    }
    // Within a pace (six frames) every element had its turn, and no frame wrote more than two.
    expect(turns.slice(0, 6).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(6);
    expect(Math.max(...turns)).toBeLessThanOrEqual(2);
    expect(boxes.every((b) => b.writes >= 2)).toBe(true);
  });
});

describe('DrawPacer', () => {
  it('draws a canvas at most once per pace while fast, and at every frame otherwise', () => {
    const pacer = new DrawPacer<object>(100);
    const canvas = {};
    expect(pacer.due(canvas, 1000, true)).toBe(true);
    expect(pacer.due(canvas, 1016, true)).toBe(false);
    expect(pacer.due(canvas, 1099, true)).toBe(false);
    expect(pacer.due(canvas, 1100, true)).toBe(true);
    expect(pacer.due(canvas, 1116, true)).toBe(false);
    // Not fast (slower, paused, stepped): every frame draws.
    expect(pacer.due(canvas, 1117, false)).toBe(true);
    expect(pacer.due(canvas, 1118, false)).toBe(true);
  });

  it('starts its pace again after a frame that was not fast', () => {
    const pacer = new DrawPacer<object>(100);
    const canvas = {};
    expect(pacer.due(canvas, 1000, true)).toBe(true);
    expect(pacer.due(canvas, 1010, false)).toBe(true);
    // A fresh start: the first fast frame draws at once.
    expect(pacer.due(canvas, 1020, true)).toBe(true);
    expect(pacer.due(canvas, 1030, true)).toBe(false);
  });

  it('staggers canvases a sixth of the pace apart, so no frame draws them all', () => {
    const pacer = new DrawPacer<object>(120);
    const canvases = Array.from({ length: 6 }, () => ({}));
    for (const c of canvases) expect(pacer.due(c, 1000, true)).toBe(true);
    // Frames every 20 ms: each later frame finds exactly one canvas due.
    for (let frame = 1; frame <= 6; frame += 1) {
      const now = 1000 + frame * 20;
      const due = canvases.filter((c) => pacer.due(c, now, true));
      expect(due.length, `frame at ${now}`).toBe(1);
    }
  });
});
