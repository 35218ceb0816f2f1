/**
 * Presenter keys, as a pure rule and one listener. P toggles presenter mode
 * (anywhere, not while typing); in presenter mode, a presentation clicker's
 * PageDown / PageUp step playback forward / back and B blanks the screen (B
 * or any key brings it back). While a lesson step is being taught
 * (`useUiStore.lesson`), the lessons own PageUp / PageDown (and ←/→, Space).
 */
import { useEffect } from 'react';
import { useSimStore } from '../../store/simStore';
import { useUiStore } from '../../store/uiStore';
import { usePresenter } from './state';

/** What a key press does in presenter terms. */
export type PresenterCommand = 'toggle' | 'exit' | 'next' | 'previous' | 'blank' | 'unblank';

/** The minimal key event this module reads (a DOM KeyboardEvent fits). */
export interface PresenterKey {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly defaultPrevented: boolean;
  readonly target: { readonly tagName?: string; readonly isContentEditable?: boolean } | null;
}

/** The state the rule reads. */
export interface PresenterContext {
  readonly on: boolean;
  readonly blanked: boolean;
  /** A lesson step is being taught: it owns PageUp / PageDown. */
  readonly lesson: boolean;
  /** A modal dialog is open (its own keys come first). */
  readonly dialog: boolean;
}

const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** The command for a key press, or null when the key is someone else's. */
export function presenterCommand(e: PresenterKey, c: PresenterContext): PresenterCommand | null {
  // A blank screen comes back with any key, and that key does nothing else.
  if (c.blanked) return 'unblank';
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || c.dialog) return null;
  const tag = e.target?.tagName?.toUpperCase() ?? '';
  if (TYPING_TAGS.has(tag) || e.target?.isContentEditable === true) return null;
  switch (e.key) {
    case 'p':
    case 'P':
      return 'toggle';
    case 'Escape':
      return c.on ? 'exit' : null;
    case 'PageDown':
      return c.on && !c.lesson ? 'next' : null;
    case 'PageUp':
      return c.on && !c.lesson ? 'previous' : null;
    case 'b':
    case 'B':
      return c.on ? 'blank' : null;
    default:
      return null;
  }
}

/** What the clicker steps: the app's run, or both runs of compare mode while it is open. */
export interface PlaybackTarget {
  step(): void;
  stepBack(): void;
}

const mainTarget: PlaybackTarget = {
  step: () => useSimStore.getState().step(),
  stepBack: () => useSimStore.getState().stepBack(),
};
let target: PlaybackTarget = mainTarget;

/** Points the clicker at another playback (compare mode); returns a function that restores it. */
export function setPlaybackTarget(next: PlaybackTarget): () => void {
  target = next;
  return () => {
    if (target === next) target = mainTarget;
  };
}

/** Installs the presenter keys on the window (capture phase: before the playback shortcuts). */
export function usePresenterKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const p = usePresenter.getState();
      const el = e.target instanceof HTMLElement ? e.target : null;
      const cmd = presenterCommand(
        {
          key: e.key,
          ctrlKey: e.ctrlKey,
          metaKey: e.metaKey,
          altKey: e.altKey,
          defaultPrevented: e.defaultPrevented,
          target:
            el === null ? null : { tagName: el.tagName, isContentEditable: el.isContentEditable },
        },
        {
          on: p.on,
          blanked: p.blanked,
          lesson: useUiStore.getState().lesson !== null,
          dialog: document.querySelector('dialog[open]') !== null,
        },
      );
      if (cmd === null) return;
      e.preventDefault();
      e.stopPropagation();
      switch (cmd) {
        case 'toggle':
          p.toggle();
          break;
        case 'exit':
          p.setOn(false);
          break;
        case 'next':
          target.step();
          break;
        case 'previous':
          target.stepBack();
          break;
        case 'blank':
          p.setBlanked(true);
          break;
        case 'unblank':
          p.setBlanked(false);
          break;
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
