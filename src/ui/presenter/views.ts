/** Names of the whole-page views this feature registers (ui/regions.tsx VIEWS). */

/** The teacher-notes window's view: shown bare (no header, no run). */
export const NOTES_VIEW = 'presenter-notes';
