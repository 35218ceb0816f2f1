import { describe, expect, it } from 'vitest';
import { commandFor, type KeyLike } from './shortcuts';

const key = (k: string, tagName = 'BODY', extra: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  defaultPrevented: false,
  target: { tagName },
  ...extra,
});

describe('playback shortcuts', () => {
  it('maps Space, arrows, + / − and ?', () => {
    expect(commandFor(key(' '))).toBe('togglePlay');
    expect(commandFor(key('ArrowRight'))).toBe('step');
    expect(commandFor(key('ArrowLeft'))).toBe('stepBack');
    expect(commandFor(key('+'))).toBe('faster');
    expect(commandFor(key('-'))).toBe('slower');
    expect(commandFor(key('?'))).toBe('help');
    expect(commandFor(key('x'))).toBeNull();
  });
  it('never fires while typing', () => {
    for (const tag of ['INPUT', 'TEXTAREA', 'SELECT']) {
      expect(commandFor(key(' ', tag))).toBeNull();
      expect(commandFor(key('ArrowRight', tag))).toBeNull();
      expect(commandFor(key('+', tag))).toBeNull();
    }
    expect(
      commandFor({ ...key('?'), target: { tagName: 'DIV', isContentEditable: true } }),
    ).toBeNull();
  });
  it('leaves Space to buttons and arrows to the record lanes', () => {
    expect(commandFor(key(' ', 'BUTTON'))).toBeNull();
    expect(commandFor(key('ArrowLeft', 'CANVAS'))).toBeNull();
  });
  it('ignores modified or already handled keys', () => {
    expect(commandFor(key(' ', 'BODY', { ctrlKey: true }))).toBeNull();
    expect(commandFor(key(' ', 'BODY', { defaultPrevented: true }))).toBeNull();
  });
  it('yields Space, → and ← to an open lesson (next and previous step)', () => {
    const inLesson = (k: string) => ({ ...key(k), lessonOpen: true });
    expect(commandFor(inLesson(' '))).toBeNull();
    expect(commandFor(inLesson('ArrowRight'))).toBeNull();
    expect(commandFor(inLesson('ArrowLeft'))).toBeNull();
    expect(commandFor(inLesson('+'))).toBe('faster');
    expect(commandFor(inLesson('?'))).toBe('help');
  });
});
