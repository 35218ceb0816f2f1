/**
 * UI-only state that the simulation never sees: theme, dialogs, the narrow
 * layout's settings drawer, the side panel's open tab, and the user's
 * reduced-motion preference.
 */
import { create } from 'zustand';

/** The theme choice: follow the system, or force one. */
export type ThemeChoice = 'system' | 'light' | 'dark';

/** Where the theme choice is remembered between visits. */
export const THEME_STORAGE_KEY = 'esm-lab-theme';

/** The side panel's tabs: the event log, the metrics charts, the followed record. */
export type SideTab = 'log' | 'metrics' | 'recordPanel';

/** The side panel's tabs in display order. */
export const SIDE_TABS: readonly SideTab[] = ['log', 'metrics', 'recordPanel'];

/**
 * The lesson step being taught, when there is one (the lessons feature sets
 * it). Shared links carry it, presenter mode's teacher notes show `notes`,
 * and while it is set the lessons own ←/→, PageUp/PageDown and Space.
 */
export interface LessonContext {
  readonly lessonId: string;
  /** 1-based, as in the step's link `#lesson/<lessonId>/<step>`. */
  readonly step: number;
  /** True once the user changed something or played on: "Return to the step" puts it back. */
  readonly offPath: boolean;
  /** What the teacher-notes window shows: this step and what comes next. */
  readonly notes: {
    readonly title: string;
    readonly narration: string;
    readonly next: string | null;
  };
}

export interface UiState {
  readonly theme: ThemeChoice;
  readonly aboutOpen: boolean;
  readonly shortcutsOpen: boolean;
  /** Narrow screens only: the settings column shown as a drawer. */
  readonly controlsOpen: boolean;
  /** The system's prefers-reduced-motion setting. */
  readonly reducedMotion: boolean;
  /** The side panel's open tab. */
  readonly sideTab: SideTab;
  /** The tab the record panel returns to when it is closed. */
  readonly sideTabBeforeRecord: Exclude<SideTab, 'recordPanel'>;
  /**
   * Stage targets to point at (ids from ui/stage/targets.ts, e.g. 'shard:0',
   * 'dlq'): a lesson step or "Show me" sets them, the stage rings them.
   */
  readonly highlight: readonly string[];
  /** The lesson step being taught, or null. */
  readonly lesson: LessonContext | null;
  /** The page shown: 'lab' (the lab's layout) or a whole-page view registered in ui/regions.tsx VIEWS. */
  readonly view: string;
  /**
   * The title of the scenario being opened, known before the simulation has
   * loaded it (the page's prerendered shell, the fetched scenario file): the
   * header shows it until the run's own title arrives. Null when unknown.
   */
  readonly titleHint: string | null;
  setTheme(theme: ThemeChoice): void;
  setAboutOpen(open: boolean): void;
  setShortcutsOpen(open: boolean): void;
  setControlsOpen(open: boolean): void;
  setSideTab(tab: SideTab): void;
  /** Closes the record panel: back to the tab that was open before it. */
  closeRecordPanel(): void;
  setView(view: string): void;
  setHighlight(targets: readonly string[]): void;
  setLesson(lesson: LessonContext | null): void;
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
  sideTab: 'log',
  sideTabBeforeRecord: 'log',
  view: 'lab',
  titleHint: null,
  highlight: [],
  lesson: null,
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
  setSideTab: (sideTab) =>
    set((s) =>
      sideTab === 'recordPanel' && s.sideTab !== 'recordPanel'
        ? { sideTab, sideTabBeforeRecord: s.sideTab }
        : { sideTab },
    ),
  setView: (view) => set({ view }),
  setHighlight: (highlight) => set({ highlight }),
  setLesson: (lesson) => set({ lesson }),
  closeRecordPanel: () =>
    set((s) => (s.sideTab === 'recordPanel' ? { sideTab: s.sideTabBeforeRecord } : {})),
}));

applyTheme(useUiStore.getState().theme);
motionQuery?.addEventListener('change', (e) => useUiStore.setState({ reducedMotion: e.matches }));
