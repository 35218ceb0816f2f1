/** Training: one question at a time, instant feedback, the explanation and "Show me". */
import { useEffect, useState } from 'react';
import { isAnswered } from '../../quiz/grade';
import { questionHash } from '../../quiz/links';
import { TOPICS } from '../../quiz/topics';
import type { TopicId } from '../../quiz/types';
import { writeHash } from '../shell/routes';
import { Feedback } from './Feedback';
import { usePracticeStore } from './practiceStore';
import { QuestionCard } from './QuestionCard';
import { QuestionStatus } from './QuestionStatus';
import { useQuestion } from './useQuestion';
import styles from './practice.module.css';

/** The training mode. */
export function Training() {
  const topic = usePracticeStore((s) => s.topic);
  const training = usePracticeStore((s) => s.training);
  const { setTopic, newTraining, setTrainingAnswer, submitTraining } = usePracticeStore.getState();
  const [attempt, setAttempt] = useState(0);
  const state = useQuestion(training?.ref ?? null, attempt);

  useEffect(() => {
    if (training === null) newTraining();
  }, [training, newTraining]);
  const ref = training?.ref;
  useEffect(() => {
    if (ref !== undefined) writeHash(questionHash(ref.templateId, ref.seed));
  }, [ref]);

  return (
    <div className={styles.mode}>
      <div className={styles.toolbar}>
        <label className={styles.field}>
          <span>Topic</span>
          <select value={topic} onChange={(e) => setTopic(e.target.value as TopicId | 'all')}>
            <option value="all">All topics</option>
            {TOPICS.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className={styles.secondary} onClick={newTraining}>
          New question
        </button>
      </div>
      <QuestionStatus state={state} onRetry={() => setAttempt((a) => a + 1)} onSkip={newTraining} />
      {state.status === 'ready' && training !== null && (
        <div className={styles.columns} data-single={training.grade === null}>
          <QuestionCard
            question={state.question}
            answer={training.answer}
            onAnswer={setTrainingAnswer}
            grade={training.grade}
            canSubmit={isAnswered(training.answer)}
            submitLabel={training.grade === null ? 'Check answer' : 'Next question'}
            onSubmit={() =>
              training.grade === null ? submitTraining(state.question) : newTraining()
            }
          />
          {training.grade !== null && (
            <Feedback
              question={state.question}
              grade={training.grade}
              next={{ label: 'Next question', onClick: newTraining }}
            />
          )}
        </div>
      )}
    </div>
  );
}
