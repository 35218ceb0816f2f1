import { describe, expect, it } from 'vitest';
import { lessonKeyFor, type LessonKeyEvent } from './keys';

const key = (
  k: string,
  target: LessonKeyEvent['target'] = { tagName: 'BODY' },
  mods: Partial<LessonKeyEvent> = {},
): LessonKeyEvent => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  defaultPrevented: false,
  target,
  ...mods,
});

describe('lesson keys', () => {
  it('→, PageDown and Space go forward; ← and PageUp go back', () => {
    expect(lessonKeyFor(key('ArrowRight'))).toBe('next');
    expect(lessonKeyFor(key('PageDown'))).toBe('next');
    expect(lessonKeyFor(key(' '))).toBe('next');
    expect(lessonKeyFor(key('ArrowLeft'))).toBe('previous');
    expect(lessonKeyFor(key('PageUp'))).toBe('previous');
    expect(lessonKeyFor(key('Enter'))).toBeNull();
  });

  it('leaves keys to what is being typed in or moved with arrows', () => {
    for (const tagName of ['INPUT', 'TEXTAREA', 'SELECT']) {
      expect(lessonKeyFor(key('ArrowRight', { tagName }))).toBeNull();
      expect(lessonKeyFor(key(' ', { tagName }))).toBeNull();
    }
    expect(lessonKeyFor(key('ArrowLeft', { tagName: 'CANVAS' }))).toBeNull();
    expect(lessonKeyFor(key('ArrowRight', { tagName: 'BUTTON', arrowRole: 'tablist' }))).toBeNull();
    expect(lessonKeyFor(key('ArrowRight', { tagName: 'DIV', isContentEditable: true }))).toBeNull();
    // Clickers still work from a focused tab: PageDown is nobody else's.
    expect(lessonKeyFor(key('PageDown', { tagName: 'BUTTON', arrowRole: 'tablist' }))).toBe('next');
  });

  it('leaves Space to buttons and links, and everything to modified or handled keys', () => {
    expect(lessonKeyFor(key(' ', { tagName: 'BUTTON' }))).toBeNull();
    expect(lessonKeyFor(key(' ', { tagName: 'A' }))).toBeNull();
    expect(lessonKeyFor(key('ArrowRight', { tagName: 'BUTTON' }))).toBe('next');
    expect(lessonKeyFor(key('ArrowRight', undefined, { ctrlKey: true }))).toBeNull();
    expect(lessonKeyFor(key('ArrowRight', undefined, { altKey: true }))).toBeNull();
    expect(lessonKeyFor(key('PageDown', undefined, { defaultPrevented: true }))).toBeNull();
  });
});
