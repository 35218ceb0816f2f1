/**
 * The side panel for the followed record: its story (put at, shard or group,
 * every batch it was in with results, receive count, retries, final status)
 * and the exact event JSON its last invocation received, copyable. A form
 * follows a record by id, for keyboard users and for ids seen in the log.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { asRecordId, type RecordStory } from '../../engine/types';
import { useSimStore } from '../../store/simStore';
import type { SimStoreState } from '../../store/types';
import { formatSeconds } from '../stage/derive';
import { eventLine, lastInvocation, resultText, retriesOf, STATUS_TEXT } from './story';
import styles from './RecordPanel.module.css';

const selectSelected = (s: SimStoreState): string | null => s.selectedRecord;
const selectStory = (s: SimStoreState): RecordStory | null => s.recordStory;
const selectAbsent = (s: SimStoreState): string | null => s.recordAbsent;

/** The record panel region's content. */
export function RecordPanel(): ReactElement {
  const selected = useSimStore(selectSelected);
  const story = useSimStore(selectStory);
  const absent = useSimStore(selectAbsent);
  return (
    <div className={styles.panel}>
      <FollowForm selected={selected} />
      {selected === null ? (
        <p className={styles.muted}>
          Click a record or message on the stage (or choose one with the arrow keys and Enter) to
          follow it through the pipeline.
        </p>
      ) : absent === selected ? (
        <p className={styles.muted} role="status">
          No record or message “{selected}” at this moment. Ids look like r0 or p0-17 (producer 0’s
          18th). It may not have been put yet: play on or seek later. In a run of more than 100,000
          records, one that finished long ago is no longer kept (About explains what the app
          remembers).
        </p>
      ) : story === null || story.id !== selected ? (
        <p className={styles.muted} role="status">
          Looking up {selected}…
        </p>
      ) : (
        <Story story={story} />
      )}
    </div>
  );
}

function FollowForm({ selected }: { readonly selected: string | null }): ReactElement {
  const [text, setText] = useState('');
  const id = useId();
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const v = text.trim();
    if (v !== '') useSimStore.getState().selectRecord(asRecordId(v.slice(0, 200)));
  };
  return (
    <form className={styles.follow} onSubmit={submit}>
      <label htmlFor={id} className={styles.label}>
        Record id
      </label>
      <input
        id={id}
        className={styles.input}
        value={text}
        placeholder="e.g. r3"
        spellCheck={false}
        onChange={(e) => setText(e.currentTarget.value)}
      />
      <button type="submit" className={styles.button}>
        Follow
      </button>
      {selected !== null ? (
        <button
          type="button"
          className={styles.button}
          onClick={() => useSimStore.getState().selectRecord(null)}
        >
          Stop following
        </button>
      ) : null}
    </form>
  );
}

function Story({ story }: { readonly story: RecordStory }): ReactElement {
  const queue = story.shardId === null;
  const last = lastInvocation(story);
  return (
    <article className={styles.story} aria-label={`Record ${story.id}`}>
      <h3 className={styles.title}>
        {queue ? 'Message' : 'Record'} <span className={styles.mono}>{story.id}</span>
        {story.poison ? <span className={styles.poison}>poison</span> : null}
      </h3>
      <dl className={styles.facts}>
        <dt>Status</dt>
        <dd>
          <strong data-status={story.status}>{STATUS_TEXT[story.status]}</strong>
        </dd>
        <dt>Put at</dt>
        <dd>t = {formatSeconds(story.putAt)}</dd>
        <dt>{queue ? 'Message group' : 'Shard'}</dt>
        <dd className={styles.mono}>{queue ? story.key || '— (standard queue)' : story.shardId}</dd>
        {!queue ? (
          <>
            <dt>Partition key</dt>
            <dd className={styles.mono}>{story.key}</dd>
            <dt>Sequence number</dt>
            <dd className={styles.mono}>{story.sequenceNumber}</dd>
          </>
        ) : (
          <>
            <dt>Message id</dt>
            <dd className={styles.mono}>{story.messageId ?? story.sequenceNumber}</dd>
            <dt>Receive count</dt>
            <dd>{story.receiveCount}</dd>
          </>
        )}
        <dt>Deliveries</dt>
        <dd>{story.deliveries}</dd>
        <dt>Retries</dt>
        <dd>{retriesOf(story)}</dd>
      </dl>
      <h4 className={styles.subTitle}>Batches</h4>
      {story.batches.length === 0 ? (
        <p className={styles.muted}>Not in any batch yet.</p>
      ) : (
        <table className={styles.table}>
          <thead>
            <tr>
              <th scope="col">Invocation</th>
              <th scope="col">Start</th>
              <th scope="col">Size</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {story.batches.map((b) => (
              <tr key={`${b.invocation}-${b.start}`} data-result={b.result ?? 'running'}>
                <td>#{b.invocation}</td>
                <td>{formatSeconds(b.start)}</td>
                <td>{b.batchSize}</td>
                <td>{resultText(b.result)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4 className={styles.subTitle}>What happened</h4>
      <ol className={styles.events}>
        {story.events.slice(-30).map((e) => (
          <li key={e.seq}>
            <span className={styles.time}>{formatSeconds(e.t)}</span> {eventLine(e)}
          </li>
        ))}
      </ol>
      {last !== null ? <EventJson invocation={last} /> : null}
    </article>
  );
}

function EventJson({ invocation }: { readonly invocation: number }): ReactElement {
  const [json, setJson] = useState<{ n: number; text: string } | null>(null);
  const [copyResult, setCopyResult] = useState<{
    readonly n: number;
    readonly how: 'copied' | 'refused';
  } | null>(null);
  const copied = copyResult?.n === invocation ? copyResult.how : null;
  const pre = useRef<HTMLPreElement>(null);
  useEffect(() => {
    let live = true;
    useSimStore
      .getState()
      .invocationEvent(invocation)
      .then(
        (payload) => {
          if (live)
            setJson({
              n: invocation,
              text:
                payload === null || payload === undefined ? '' : JSON.stringify(payload, null, 2),
            });
        },
        () => {
          if (live) setJson({ n: invocation, text: '' });
        },
      );
    return () => {
      live = false;
    };
  }, [invocation]);
  const copy = (): void => {
    if (json === null || json.text === '') return;
    const text = json.text;
    void import('../share/clipboard').then(async (c) => {
      if (await c.copyText(text)) {
        setCopyResult({ n: invocation, how: 'copied' });
        return;
      }
      // Refused: select the JSON so Ctrl+C copies it, and say so.
      const el = pre.current;
      if (el !== null) {
        el.focus();
        const range = document.createRange();
        range.selectNodeContents(el);
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
      }
      setCopyResult({ n: invocation, how: 'refused' });
    });
  };
  return (
    <section className={styles.jsonBox} aria-label="Event JSON">
      <div className={styles.jsonHead}>
        <h4 className={styles.subTitle}>Event invocation #{invocation} received</h4>
        <button type="button" className={styles.button} onClick={copy}>
          {copied === 'copied' ? 'Copied' : 'Copy JSON'}
        </button>
      </div>
      <p className={styles.muted} role="status">
        {copied === 'copied'
          ? 'The event JSON is on the clipboard.'
          : copied === 'refused'
            ? 'The browser did not allow copying. The JSON is selected: press Ctrl+C (⌘C on a Mac) to copy it.'
            : ''}
      </p>
      {json === null || json.n !== invocation ? (
        <p className={styles.muted}>Loading the event…</p>
      ) : json.text === '' ? (
        <p className={styles.muted}>
          That invocation is older than the history the simulation keeps.
        </p>
      ) : (
        <pre
          ref={pre}
          className={styles.pre}
          tabIndex={0}
          aria-label={`Event JSON of invocation ${invocation}`}
        >
          {json.text}
        </pre>
      )}
    </section>
  );
}
