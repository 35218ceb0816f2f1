/**
 * What "Show me" left on the lab's stage: the caption and the question it
 * came from, for the bar above the stage (ShowMeBar). Tiny and in the
 * first-paint bundle, so the bar costs nothing until it is used.
 */
import { create } from 'zustand';

/** The note the bar shows. */
export interface ShowMeNote {
  /** What to look at ("Shard 0 is blocked behind r6"). */
  readonly caption: string;
  /** The question's title. */
  readonly title: string;
  /** The practice link to go back to (`quiz/…`). */
  readonly returnHash: string;
}

export const useShowMeNote = create<{
  readonly note: ShowMeNote | null;
  show(note: ShowMeNote): void;
  clear(): void;
}>()((set) => ({
  note: null,
  show: (note) => set({ note }),
  clear: () => set({ note: null }),
}));
