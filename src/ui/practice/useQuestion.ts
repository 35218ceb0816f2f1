/** The question a link names, generated in the quiz worker (loading, ready or failed). */
import { useEffect, useState } from 'react';
import type { Question } from '../../quiz/types';
import { quizClient } from './quizClient';
import type { QuestionRef } from './practiceStore';

/** Where a question stands. */
export type QuestionState =
  | { readonly status: 'loading'; readonly question: null; readonly error: null }
  | { readonly status: 'ready'; readonly question: Question; readonly error: null }
  | { readonly status: 'error'; readonly question: null; readonly error: string };

const LOADING: QuestionState = { status: 'loading', question: null, error: null };

/** Generates (or takes from the cache) the question `ref` names; `attempt` retries after an error. */
export function useQuestion(ref: QuestionRef | null, attempt = 0): QuestionState {
  const key = ref === null ? null : `${ref.templateId}/${ref.seed}`;
  const [state, setState] = useState<{ key: string | null; value: QuestionState }>({
    key: null,
    value: LOADING,
  });
  useEffect(() => {
    if (ref === null) return;
    let live = true;
    quizClient()
      .generate(ref.templateId, ref.seed)
      .then(
        (question) => live && setState({ key, value: { status: 'ready', question, error: null } }),
        (e: unknown) =>
          live &&
          setState({
            key,
            value: {
              status: 'error',
              question: null,
              error: e instanceof Error ? e.message : String(e),
            },
          }),
      );
    return () => {
      live = false;
    };
    // ref's fields are in key; attempt re-runs after a failure.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt]);
  return state.key === key ? state.value : LOADING;
}
