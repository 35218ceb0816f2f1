/**
 * The quiz Web Worker: generates questions (runs their scenarios with the
 * engine) off the page's thread, so a question never blocks the page or the
 * lab's own simulation worker.
 */
/// <reference lib="webworker" />
import type { QuizRequest } from './protocol';
import { answerRequest } from './serve';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (e: MessageEvent<QuizRequest>) => self.postMessage(answerRequest(e.data));
