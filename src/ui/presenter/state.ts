/**
 * Presenter mode's state (UI only; first paint, so it stays tiny): whether
 * the stage fills the screen, whether the screen is blanked (a clicker's B),
 * and whether clicks on the stage point at things ("Look here") instead of
 * following records.
 */
import { create } from 'zustand';
import { useUiStore } from '../../store/uiStore';

export interface PresenterState {
  /** The stage fills the screen; settings, log and charts are folded away. */
  readonly on: boolean;
  /** The screen shows nothing (B); any key brings it back. */
  readonly blanked: boolean;
  /** Clicking a stage element rings it for the room instead of acting on it. */
  readonly pointing: boolean;
  /** The target the pointer last rang (cleared with the pointer; a lesson's highlight is left alone). */
  readonly pointedAt: string | null;
  setOn(on: boolean): void;
  toggle(): void;
  setBlanked(blanked: boolean): void;
  setPointing(pointing: boolean): void;
  /** Rings `target` for the room (or clears the ring when it is already rung). */
  point(target: string): void;
}

/** Clears the highlight if it is the pointer's own. */
function clearPointed(pointedAt: string | null): void {
  const ui = useUiStore.getState();
  if (pointedAt !== null && ui.highlight.length === 1 && ui.highlight[0] === pointedAt)
    ui.setHighlight([]);
}

/** The presenter store. */
export const usePresenter = create<PresenterState>()((set, get) => ({
  on: false,
  blanked: false,
  pointing: false,
  pointedAt: null,
  setOn: (on) => {
    // Leaving presenter mode also unblanks, stops pointing and clears what was pointed at.
    if (!on) clearPointed(get().pointedAt);
    set(on ? { on } : { on, blanked: false, pointing: false, pointedAt: null });
  },
  toggle: () => get().setOn(!get().on),
  setBlanked: (blanked) => set({ blanked }),
  setPointing: (pointing) => {
    if (!pointing) clearPointed(get().pointedAt);
    set(pointing ? { pointing } : { pointing, pointedAt: null });
  },
  point: (target) => {
    const ui = useUiStore.getState();
    if (ui.highlight.length === 1 && ui.highlight[0] === target) {
      ui.setHighlight([]);
      set({ pointedAt: null });
    } else {
      ui.setHighlight([target]);
      set({ pointedAt: target });
    }
  },
}));
