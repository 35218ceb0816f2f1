/**
 * The share feature's UI state (first paint, tiny): whether the Share dialog
 * or the infrastructure-export dialog is open, what the last file import came
 * to, and whether a file is being dragged over the page.
 */
import { create } from 'zustand';
import type { Problem } from '../../store/types';

/** The outcome of importing a scenario file. */
export type ImportReport =
  | { readonly fileName: string; readonly ok: true }
  | { readonly fileName: string; readonly ok: false; readonly problems: readonly Problem[] };

export interface ShareUiState {
  readonly shareOpen: boolean;
  readonly exportOpen: boolean;
  readonly dragging: boolean;
  /** The last import, shown in the Share dialog until it closes. */
  readonly importReport: ImportReport | null;
  setShareOpen(open: boolean): void;
  setExportOpen(open: boolean): void;
  setDragging(dragging: boolean): void;
  setImportReport(report: ImportReport | null): void;
}

export const useShareStore = create<ShareUiState>()((set) => ({
  shareOpen: false,
  exportOpen: false,
  dragging: false,
  importReport: null,
  setShareOpen: (shareOpen) =>
    set((s) => ({ shareOpen, importReport: shareOpen ? s.importReport : null })),
  setExportOpen: (exportOpen) => set({ exportOpen }),
  setDragging: (dragging) => set({ dragging }),
  setImportReport: (importReport) => set({ importReport }),
}));
