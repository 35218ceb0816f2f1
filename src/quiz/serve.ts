/**
 * Answers a quiz request (the quiz worker's whole job; also the page's
 * fallback when a module worker cannot start). Never throws: a failure
 * becomes a reply with its message.
 */
import { generateQuestion } from './generate';
import type { QuizReply, QuizRequest } from './protocol';

/** The reply to one request. */
export function answerRequest(req: QuizRequest): QuizReply {
  try {
    return { id: req.id, ok: true, question: generateQuestion(req.templateId, req.seed) };
  } catch (e) {
    return { id: req.id, ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}
