import { describe, expect, it } from 'vitest';
import { presenterCommand, type PresenterContext, type PresenterKey } from './keys';

const key = (k: string, extra: Partial<PresenterKey> = {}): PresenterKey => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  defaultPrevented: false,
  target: { tagName: 'BODY' },
  ...extra,
});
const off: PresenterContext = { on: false, blanked: false, lesson: false, dialog: false };
const on: PresenterContext = { ...off, on: true };

describe('presenter keys', () => {
  it('P toggles presenter mode, in or out, but not while typing or with modifiers', () => {
    expect(presenterCommand(key('p'), off)).toBe('toggle');
    expect(presenterCommand(key('P'), on)).toBe('toggle');
    expect(presenterCommand(key('p', { target: { tagName: 'INPUT' } }), off)).toBeNull();
    expect(
      presenterCommand(key('p', { target: { tagName: 'DIV', isContentEditable: true } }), off),
    ).toBeNull();
    expect(presenterCommand(key('p', { ctrlKey: true }), off)).toBeNull();
    expect(presenterCommand(key('p'), { ...off, dialog: true })).toBeNull();
  });
  it('clicker keys step only in presenter mode, and not while a lesson owns them', () => {
    expect(presenterCommand(key('PageDown'), on)).toBe('next');
    expect(presenterCommand(key('PageUp'), on)).toBe('previous');
    expect(presenterCommand(key('PageDown'), off)).toBeNull();
    expect(presenterCommand(key('PageDown'), { ...on, lesson: true })).toBeNull();
    expect(presenterCommand(key('PageUp'), { ...on, lesson: true })).toBeNull();
  });
  it('B blanks in presenter mode; any key, B included, brings the screen back', () => {
    expect(presenterCommand(key('b'), on)).toBe('blank');
    expect(presenterCommand(key('b'), off)).toBeNull();
    const blanked = { ...on, blanked: true };
    expect(presenterCommand(key('b'), blanked)).toBe('unblank');
    expect(presenterCommand(key('x'), blanked)).toBe('unblank');
    expect(presenterCommand(key('PageDown', { target: { tagName: 'INPUT' } }), blanked)).toBe(
      'unblank',
    );
  });
  it('Escape leaves presenter mode, and is left alone outside it', () => {
    expect(presenterCommand(key('Escape'), on)).toBe('exit');
    expect(presenterCommand(key('Escape'), off)).toBeNull();
    expect(presenterCommand(key('Escape', { defaultPrevented: true }), on)).toBeNull();
  });
});
