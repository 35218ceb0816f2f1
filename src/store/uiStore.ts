/**
 * UI-only state that the simulation never sees: theme, dialogs, the narrow
 * layout's settings drawer, and the user's reduced-motion preference.
 */
import { create } from 'zustand';

/** The theme choice: follow the system, or force one. */
export type ThemeChoice = 'system' | 'light' | 'dark';

/** Where the theme choice is remembered between visits. */
export const THEME_STORAGE_KEY = 'esm-lab-theme';

export interface UiState {
  readonly theme: ThemeChoice;
  readonly aboutOpen: boolean;
  readonly shortcutsOpen: boolean;
  /** Narrow screens only: the settings column shown as a drawer. */
  readonly controlsOpen: boolean;
  /** The system's prefers-reduced-motion setting. */
  readonly reducedMotion: boolean;
  setTheme(theme: ThemeChoice): void;
  setAboutOpen(open: boolean): void;
  setShortcutsOpen(open: boolean): void;
  setControlsOpen(open: boolean): void;
}

function readTheme(): ThemeChoice {
  try {
    const v = globalThis.localStorage?.getItem(THEME_STORAGE_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    // Storage can be disabled (private mode, file://): fall back to the system setting.
    return 'system';
  }
}

function applyTheme(theme: ThemeChoice): void {
  if (typeof document === 'undefined') return;
  if (theme === 'system') document.documentElement.removeAttribute('data-theme');
  else document.documentElement.setAttribute('data-theme', theme);
}

const motionQuery =
  typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;

/** The UI store. */
export const useUiStore = create<UiState>()((set) => ({
  theme: readTheme(),
  aboutOpen: false,
  shortcutsOpen: false,
  controlsOpen: false,
  reducedMotion: motionQuery?.matches ?? false,
  setTheme: (theme) => {
    try {
      if (theme === 'system') globalThis.localStorage?.removeItem(THEME_STORAGE_KEY);
      else globalThis.localStorage?.setItem(THEME_STORAGE_KEY, theme);
    } catch {
      // Not remembered, but still applied for this visit.
    }
    applyTheme(theme);
    set({ theme });
  },
  setAboutOpen: (aboutOpen) => set({ aboutOpen }),
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  setControlsOpen: (controlsOpen) => set({ controlsOpen }),
}));

applyTheme(useUiStore.getState().theme);
motionQuery?.addEventListener('change', (e) => useUiStore.setState({ reducedMotion: e.matches }));
