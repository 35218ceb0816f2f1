/**
 * The quiz worker's messages: a request to generate one question, and the
 * question or the reason it failed. Types only, so the page imports it
 * without the engine.
 */
import type { Question } from './types';

/** Generate the question `templateId` makes with `seed`. */
export interface QuizRequest {
  /** Matches the reply to its request. */
  readonly id: number;
  readonly templateId: string;
  readonly seed: number;
}

/** The generated question, or why there is none. */
export type QuizReply =
  | { readonly id: number; readonly ok: true; readonly question: Question }
  | { readonly id: number; readonly ok: false; readonly message: string };
