/**
 * The page's side of the quiz worker: `generate(templateId, seed)` resolves
 * to the question, generated in a module Web Worker (its own chunk, with the
 * engine) so the page and the lab's simulation worker never wait on it.
 * Where a module worker cannot start, the same code runs on this thread,
 * loaded lazily and on a later task. Questions are cached: the same template
 * and seed always give the same question.
 */
import type { QuizReply, QuizRequest } from '../../quiz/protocol';
import type { Question } from '../../quiz/types';

/** Generates questions. */
export interface QuizClient {
  generate(templateId: string, seed: number): Promise<Question>;
}

const CACHE_SIZE = 50;

interface Pending {
  readonly req: QuizRequest;
  readonly resolve: (q: Question) => void;
  readonly reject: (e: Error) => void;
}

/** A client over a worker, falling back to this thread if the worker fails. */
export function createQuizClient(): QuizClient {
  const cache = new Map<string, Promise<Question>>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let worker: Worker | null = null;
  let fallback = typeof Worker !== 'function';

  const settle = (reply: QuizReply): void => {
    const p = pending.get(reply.id);
    if (p === undefined) return;
    pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.question);
    else p.reject(new Error(reply.message));
  };

  const runHere = (p: Pending): void => {
    void import('../../quiz/serve').then(
      ({ answerRequest }) => setTimeout(() => settle(answerRequest(p.req)), 0),
      (e: unknown) => {
        pending.delete(p.req.id);
        p.reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  };

  const switchToFallback = (): void => {
    fallback = true;
    worker?.terminate();
    worker = null;
    for (const p of pending.values()) runHere(p);
  };

  const send = (p: Pending): void => {
    if (!fallback && worker === null) {
      try {
        worker = new Worker(new URL('../../quiz/quiz.worker.ts', import.meta.url), {
          type: 'module',
          name: 'quiz',
        });
        worker.onmessage = (e: MessageEvent<QuizReply>) => settle(e.data);
        worker.onerror = (e) => {
          e.preventDefault();
          switchToFallback();
        };
        worker.onmessageerror = () => switchToFallback();
      } catch {
        fallback = true;
      }
    }
    if (fallback || worker === null) runHere(p);
    else worker.postMessage(p.req);
  };

  return {
    generate(templateId, seed) {
      const key = `${templateId}/${seed}`;
      const hit = cache.get(key);
      if (hit !== undefined) return hit;
      const promise = new Promise<Question>((resolve, reject) => {
        const p: Pending = { req: { id: nextId++, templateId, seed }, resolve, reject };
        pending.set(p.req.id, p);
        send(p);
      });
      // A failed generation is not cached: asking again retries.
      promise.catch(() => cache.delete(key));
      cache.set(key, promise);
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value ?? key);
      return promise;
    },
  };
}

let shared: QuizClient | null = null;

/** The page's one quiz client, created on first use. */
export function quizClient(): QuizClient {
  shared ??= createQuizClient();
  return shared;
}
