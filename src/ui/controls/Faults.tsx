/**
 * Fault injection: put a poison or ordinary record, fail the next batch, make
 * the function run past its timeout, throttle it. Each is a live scenario
 * action, validated like any edit; the engine logs it (an `edit` event) and
 * the stage shows its effect.
 */
import { useId, useRef, useState, type ReactElement } from 'react';
import {
  isStreamSource,
  type FunctionConfig,
  type ScenarioAction,
  type SourceType,
} from '../../engine/types';
import { validateEdit } from '../../scenarios/fields';
import { useSimStore } from '../../store/simStore';
import type { SimStoreState } from '../../store/types';
import { editableConfig, liveRecord, slowAction, throttleAction } from './editable';
import styles from './Controls.module.css';

type Edit = Omit<ScenarioAction, 'at'>;

const selectSlow = (s: SimStoreState): boolean => {
  const f = s.snapshot?.function;
  return f !== undefined && f.durationSeconds.base > f.Timeout;
};
const selectThrottled = (s: SimStoreState): boolean =>
  s.snapshot?.function.ReservedConcurrentExecutions === 0;

/** The fault-injection buttons. */
export function Faults({ type }: { readonly type: SourceType }): ReactElement {
  const slow = useSimStore(selectSlow);
  const throttled = useSimStore(selectThrottled);
  const [key, setKey] = useState('k0');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const saved = useRef<{
    duration: FunctionConfig['durationSeconds'] | null;
    reserved: number | null;
  }>({
    duration: null,
    reserved: null,
  });
  const keyId = useId();
  const keyLabel =
    type === 'sqs-fifo' ? 'Message group' : isStreamSource(type) ? 'Partition key' : null;

  const send = (edit: (s: SimStoreState) => Edit | null, done: string): void => {
    const s = useSimStore.getState();
    const cfg = editableConfig(s.snapshot, s.scenario, s.actions);
    const action = edit(s);
    if (cfg === null || action === null) return;
    const problems = validateEdit(cfg, action);
    if (problems.length > 0) {
      setMessage({ text: problems.map((p) => p.message).join(' '), error: true });
      return;
    }
    s.applyAction(action);
    setMessage({ text: done, error: false });
  };
  const now = (s: SimStoreState): number => s.snapshot?.t ?? 0;

  return (
    <section className={styles.faults} aria-label="Fault injection">
      <h3 className={styles.sectionTitle}>Inject a fault</h3>
      <div className={styles.faultGrid}>
        <button
          type="button"
          className={`${styles.button} ${styles.danger}`}
          onClick={() =>
            send(
              (s) => ({ records: [liveRecord(now(s), key, true)] }),
              `Poison record put with key ${key}: it fails on every delivery.`,
            )
          }
        >
          Put poison record
        </button>
        <button
          type="button"
          className={styles.button}
          onClick={() =>
            send(
              (s) => ({ records: [liveRecord(now(s), key, false)] }),
              `Record put with key ${key}.`,
            )
          }
        >
          Put record
        </button>
        {keyLabel !== null ? (
          <label htmlFor={keyId} className={styles.keyField}>
            <span>{keyLabel}</span>
            <input
              id={keyId}
              className={styles.number}
              value={key}
              maxLength={128}
              onChange={(e) => setKey(e.currentTarget.value)}
            />
          </label>
        ) : null}
        <button
          type="button"
          className={styles.button}
          onClick={() =>
            send(
              () => ({ failNextInvocations: 1 }),
              'The next batch will fail with a function error.',
            )
          }
        >
          Fail next batch
        </button>
        <button
          type="button"
          className={styles.button}
          aria-pressed={slow}
          onClick={() =>
            send(
              (s) => {
                const f = s.snapshot?.function;
                if (f === undefined) return null;
                if (!slow) saved.current.duration = f.durationSeconds;
                return slowAction(f, saved.current.duration).action;
              },
              slow ? 'The function is fast again.' : 'The function now runs past its timeout.',
            )
          }
        >
          Make function slow
        </button>
        <button
          type="button"
          className={styles.button}
          aria-pressed={throttled}
          onClick={() =>
            send(
              (s) => {
                const f = s.snapshot?.function;
                if (f === undefined) return null;
                if (!throttled) saved.current.reserved = f.ReservedConcurrentExecutions;
                return throttleAction(f, saved.current.reserved).action;
              },
              throttled
                ? 'Throttling removed.'
                : 'Reserved concurrency is 0: every invoke is throttled.',
            )
          }
        >
          Throttle function
        </button>
      </div>
      {message !== null ? (
        <p
          role={message.error ? 'alert' : 'status'}
          className={message.error ? styles.error : styles.noteText}
        >
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
