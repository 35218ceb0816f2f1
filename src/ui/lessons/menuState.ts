/**
 * Whether the lessons list is open. First-paint code (the header button) and
 * the lazily loaded panel both open it, so it lives in this tiny module.
 */
import { create } from 'zustand';

interface MenuState {
  readonly open: boolean;
  setOpen(open: boolean): void;
}

/** The lessons list's open state. */
export const useLessonsMenu = create<MenuState>()((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
}));
