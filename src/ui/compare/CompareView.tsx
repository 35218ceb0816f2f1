/**
 * Compare mode (a whole-page view): two runs of the current scenario with
 * the same seed, differing in the settings the user picks, side by side and
 * in lock step (one Play, Step, seek for both; lockstep.ts), with a short
 * difference summary and the charts of both runs overlaid. Each run has its
 * own worker and store; each stage reads its run's store from context.
 */
import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { createWorkerClient, type SimClient } from '../../client';
import type { SourceType } from '../../engine/types';
import { createSimStore, useSimStore, type SimStore } from '../../store/simStore';
import { useUiStore } from '../../store/uiStore';
import type { SimStoreState } from '../../store/types';
import { editableConfig } from '../controls/editable';
import { commandFor } from '../playback/shortcuts';
import { setPlaybackTarget } from '../presenter/keys';
import { PresenterBarSlot } from '../presenter/PresenterButton';
import { nudgeSpeed, positionToSpeed, speedText, speedToPosition } from '../stage/derive';
import { setText, useFrame } from '../stage/frame';
import { Stage } from '../stage/Stage';
import { SimStoreContext } from '../stage/storeContext';
import { CompareCharts, useRunView } from './CompareCharts';
import { differences, figuresOf } from './diff';
import { createLockStep, type LockStep, type Run } from './lockstep';
import { Setup } from './Setup';
import { describeSide, sideScenario, suggestions, type Change } from './changes';
import styles from './compare.module.css';

const SLIDER_STEPS = 1000;

async function newClient(): Promise<SimClient> {
  if (typeof Worker === 'function') return createWorkerClient();
  const { createInThreadClient } = await import('../../client/inThread');
  return createInThreadClient();
}

interface Runs {
  readonly a: Run;
  readonly b: Run;
  readonly lock: LockStep;
}

/** The compare page. */
export default function CompareView(): ReactElement {
  const scenario = useSimStore((s) => s.scenario);
  const [base] = useState(() => {
    const s = useSimStore.getState();
    return { scenario: s.scenario, cfg: editableConfig(s.snapshot, s.scenario, s.actions) };
  });
  const type: SourceType | null = base.scenario?.source.type ?? null;
  const [runs, setRuns] = useState<Runs | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [applied, setApplied] = useState<readonly Change[]>(() =>
    type === null || base.cfg === null ? [] : suggestions(type, base.cfg).slice(0, 1),
  );
  const [editing, setEditing] = useState(applied.length === 0);

  // Two hosts of their own; the lab's run pauses meanwhile.
  useEffect(() => {
    useSimStore.getState().pause();
    let live = true;
    const made: { client: SimClient; disconnect: () => void }[] = [];
    void (async () => {
      try {
        const parts = await Promise.all([newClient(), newClient()]);
        if (!live) {
          for (const c of parts) c.dispose();
          return;
        }
        const [a, b] = parts.map((client) => {
          const handle = createSimStore();
          made.push({ client, disconnect: handle.connect(client) });
          return { store: handle.store, client };
        }) as [Run, Run];
        setRuns({ a, b, lock: createLockStep([a, b]) });
      } catch (err) {
        setFailure(
          `Compare mode could not start its two simulations: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
    })();
    return () => {
      live = false;
      for (const m of made) {
        m.disconnect();
        m.client.dispose();
      }
    };
  }, []);
  useEffect(() => () => runs?.lock.dispose(), [runs]);

  // Load both runs whenever the compared settings change.
  useEffect(() => {
    if (runs === null || base.scenario === null || base.cfg === null) return;
    runs.lock.pause();
    runs.a.store.getState().load(sideScenario(base.scenario, base.cfg, applied, 'a'));
    runs.b.store.getState().load(sideScenario(base.scenario, base.cfg, applied, 'b'));
  }, [runs, applied, base]);

  // The clicker (presenter mode) and the keyboard drive both runs.
  useEffect(() => {
    if (runs === null) return;
    const restore = setPlaybackTarget({ step: runs.lock.step, stepBack: runs.lock.stepBack });
    const onKey = (e: KeyboardEvent): void => {
      if (useUiStore.getState().lesson !== null) return;
      const el = e.target instanceof HTMLElement ? e.target : null;
      const cmd = commandFor({
        key: e.key,
        ctrlKey: e.ctrlKey,
        metaKey: e.metaKey,
        altKey: e.altKey,
        defaultPrevented: e.defaultPrevented,
        target:
          el === null ? null : { tagName: el.tagName, isContentEditable: el.isContentEditable },
      });
      if (cmd === null || cmd === 'help') return;
      e.preventDefault();
      const l = runs.lock;
      if (cmd === 'togglePlay') l.togglePlay();
      else if (cmd === 'step') l.step();
      else if (cmd === 'stepBack') l.stepBack();
      else l.setSpeed(nudgeSpeed(l.state.getState().speed, cmd === 'faster' ? 1 : -1));
    };
    window.addEventListener('keydown', onKey);
    return () => {
      restore();
      window.removeEventListener('keydown', onKey);
    };
  }, [runs]);

  const back = (): void => useUiStore.getState().setView('lab');

  if (base.scenario === null || base.cfg === null || type === null) {
    return (
      <section className={styles.page} aria-label="Compare runs">
        <h2 className={styles.title}>Compare two runs</h2>
        <p role="status">
          {scenario === null
            ? 'The lab has not loaded a scenario yet: go back, wait for it to load, and try again.'
            : 'The lab’s run has not drawn its first moment yet: go back and try again.'}
        </p>
        <button type="button" className={styles.button} onClick={back}>
          Back to the lab
        </button>
      </section>
    );
  }

  return (
    <section className={styles.page} aria-label="Compare runs">
      <div className={styles.toolbar}>
        <h2 className={styles.title}>Compare: {base.scenario.title ?? 'this scenario'}</h2>
        <p className={styles.sides}>
          <span className={styles.sideTag}>A</span> {describeSide(type, applied, 'a')}{' '}
          <span className={styles.sideTag} data-side="b">
            B
          </span>{' '}
          {describeSide(type, applied, 'b')} · same seed ({base.scenario.seed})
        </p>
        <button
          type="button"
          className={styles.button}
          aria-expanded={editing}
          onClick={() => setEditing(!editing)}
        >
          Change settings
        </button>
        <button type="button" className={styles.button} onClick={back}>
          Back to the lab
        </button>
      </div>
      {editing ? (
        <Setup
          type={type}
          cfg={base.cfg}
          initial={applied}
          onRun={(changes) => {
            setApplied(changes);
            setEditing(false);
          }}
        />
      ) : null}
      {failure !== null ? <p role="alert">{failure}</p> : null}
      {runs === null ? (
        <p role="status">Starting the two simulations…</p>
      ) : (
        <Compared runs={runs} type={type} changes={applied} />
      )}
    </section>
  );
}

function Compared({
  runs,
  type,
  changes,
}: {
  readonly runs: Runs;
  readonly type: SourceType;
  readonly changes: readonly Change[];
}): ReactElement {
  const queues = type === 'sqs' || type === 'sqs-fifo';
  return (
    <>
      <Transport runs={runs} />
      <PresenterBarSlot />
      <DiffStrip runs={runs} queues={queues} />
      <div className={styles.stages}>
        {(['a', 'b'] as const).map((side) => (
          <SimStoreContext.Provider key={side} value={runs[side].store}>
            <section
              className={styles.stage}
              aria-label={`Run ${side.toUpperCase()} stage`}
              data-side={side}
            >
              <RunClock side={side} />
              <Stage caption={`${side.toUpperCase()} · ${describeSide(type, changes, side)}`} />
            </section>
          </SimStoreContext.Provider>
        ))}
      </div>
      <CompareCharts
        a={runs.a.store}
        b={runs.b.store}
        type={type}
        onSeek={(t) => runs.lock.seek(t)}
      />
    </>
  );
}

/** The run's own clock ("Run A: t = 12.3 s"): the two match at every frame. */
function RunClock({ side }: { readonly side: 'a' | 'b' }): ReactElement {
  const ref = useRef<HTMLParagraphElement>(null);
  useFrame((s) => {
    const t = s.snapshot?.t ?? null;
    setText(
      ref.current,
      t === null
        ? `Run ${side.toUpperCase()}: loading`
        : `Run ${side.toUpperCase()}: t = ${t.toFixed(2)} s`,
    );
    if (ref.current !== null && t !== null) ref.current.dataset['simT'] = String(t);
  });
  return <p ref={ref} className={styles.runClock} data-run-clock={side} />;
}

const selectT = (s: SimStoreState): number => s.snapshot?.t ?? 0;
const selectReach = (s: SimStoreState): number => s.timeline.furthest;
const selectDuration = (s: SimStoreState): number => s.scenario?.durationSeconds ?? 0;

/** One Play, Step and scrubber for both runs. */
function Transport({ runs }: { readonly runs: Runs }): ReactElement {
  const { playing, speed, busy } = runs.lock.state();
  const t = useRunView(runs.a.store, selectT);
  const reachA = useRunView(runs.a.store, selectReach);
  const reachB = useRunView(runs.b.store, selectReach);
  const duration = useRunView(runs.a.store, selectDuration);
  const reach = Math.min(reachA, reachB);
  const max = Math.max(duration, 0.1);
  const l = runs.lock;
  return (
    <div className={styles.transport} role="group" aria-label="Playback of both runs">
      <button
        type="button"
        className={`${styles.button} ${styles.primary}`}
        onClick={l.togglePlay}
        aria-keyshortcuts="Space"
      >
        {playing ? 'Pause' : 'Play'}
      </button>
      <button
        type="button"
        className={styles.button}
        onClick={l.stepBack}
        aria-label="Step back"
        aria-keyshortcuts="ArrowLeft"
      >
        <span aria-hidden="true">◀︎|</span> Back
      </button>
      <button
        type="button"
        className={styles.button}
        onClick={l.step}
        aria-keyshortcuts="ArrowRight"
      >
        Step <span aria-hidden="true">|▶︎</span>
      </button>
      <button
        type="button"
        className={styles.button}
        onClick={l.restart}
        aria-label="Restart both runs"
        title="Restart both runs (same seed)"
      >
        ↺
      </button>
      <label className={styles.speed}>
        Speed
        <input
          type="range"
          min={0}
          max={SLIDER_STEPS}
          step={1}
          value={Math.round(speedToPosition(speed) * SLIDER_STEPS)}
          aria-valuetext={speedText(speed)}
          onChange={(e) =>
            l.setSpeed(positionToSpeed(Number(e.currentTarget.value) / SLIDER_STEPS))
          }
        />
        <span aria-hidden="true">{speedText(speed)}</span>
      </label>
      <label className={styles.scrub}>
        <span className={styles.srOnly}>Simulated time</span>
        <input
          type="range"
          min={0}
          max={max}
          step={0.1}
          value={Math.min(t, max)}
          aria-label="Simulated time of both runs"
          aria-valuetext={`${t.toFixed(1)} s of ${max.toFixed(0)} s, reached ${reach.toFixed(1)} s`}
          onChange={(e) => l.seek(Math.min(Number(e.currentTarget.value), reach))}
        />
      </label>
      <output className={styles.clock} aria-live="off">
        t = {t.toFixed(1)} s{busy ? ' …' : ''}
      </output>
    </div>
  );
}

const selectFigures = (s: SimStoreState) =>
  s.snapshot === null ? null : { snap: s.snapshot, metrics: s.metrics };

/** The short difference summary, at the shared moment. */
function DiffStrip({
  runs,
  queues,
}: {
  readonly runs: Runs;
  readonly queues: boolean;
}): ReactElement {
  const a = useRunView(runs.a.store, selectFigures, sameFigures, 250);
  const b = useRunView(runs.b.store, selectFigures, sameFigures, 250);
  const rows = useMemo(
    () =>
      a === null || b === null
        ? []
        : differences(figuresOf(a.snap, a.metrics), figuresOf(b.snap, b.metrics), queues),
    [a, b, queues],
  );
  return (
    <table className={styles.diff} aria-label="Difference between the runs">
      <thead>
        <tr>
          <th scope="col">So far</th>
          {rows.map((r) => (
            <th key={r.label} scope="col">
              {r.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">A</th>
          {rows.map((r) => (
            <td key={r.label} data-better={r.better === 'a' ? '' : undefined}>
              {r.a}
            </td>
          ))}
        </tr>
        <tr>
          <th scope="row">B</th>
          {rows.map((r) => (
            <td key={r.label} data-better={r.better === 'b' ? '' : undefined}>
              {r.b}
              <span className={styles.delta}> ({r.delta})</span>
            </td>
          ))}
        </tr>
      </tbody>
    </table>
  );
}

function sameFigures(
  x: ReturnType<typeof selectFigures>,
  y: ReturnType<typeof selectFigures>,
): boolean {
  return x?.snap === y?.snap && x?.metrics === y?.metrics;
}

export type { SimStore };
