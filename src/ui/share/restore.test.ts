/**
 * A shared link reopens the same run at the same moment: the original run
 * (live edits made after seeks, one at a whole second where other events
 * happen, a followed record) and the run opened from its link have equal
 * stage snapshots, applied actions and run summaries, byte for byte.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fifoOrdering from '../../../public/scenarios/fifo-ordering.json';
import kinesisHappyPath from '../../../public/scenarios/kinesis-happy-path.json';
import kinesisPoison from '../../../public/scenarios/kinesis-poison-blocks-shard.json';
import sqsHappyPath from '../../../public/scenarios/sqs-happy-path.json';
import { createInThreadClient } from '../../client/inThread';
import { asRecordId, type RecordSpec } from '../../engine/types';
import { connectSimStore, useSimStore } from '../../store/simStore';
import type { SimStoreState } from '../../store/types';
import { useUiStore } from '../../store/uiStore';
import { decodePayload, encodePayload } from './codec';
import { openScenario } from './open';
import { openSharedState } from './route';
import { nextKnown, runActions, trackRunActions } from './runActions';
import { captureState, stateFromJson, stateToJson } from './state';

function until(ok: (s: SimStoreState) => boolean, label: string, ms = 20_000) {
  return new Promise<SimStoreState>((resolve, reject) => {
    if (ok(useSimStore.getState())) {
      resolve(useSimStore.getState());
      return;
    }
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out: ${label}`));
    }, ms);
    const stop = useSimStore.subscribe((s) => {
      if (ok(s)) {
        clearTimeout(timer);
        stop();
        resolve(s);
      }
    });
  });
}

const EXAMPLES: Readonly<Record<string, unknown>> = {
  'fifo-ordering.json': fifoOrdering,
  'kinesis-happy-path.json': kinesisHappyPath,
  'kinesis-poison-blocks-shard.json': kinesisPoison,
  'sqs-happy-path.json': sqsHappyPath,
};
const example = (file: string): unknown => structuredClone(EXAMPLES[file]);

const record = (id: string, at: number, failDeliveries: number): RecordSpec => ({
  id: asRecordId(id),
  at,
  key: 'k1',
  body: null,
  failDeliveries,
  failAs: 'error',
  MessageDeduplicationId: null,
});

/** The in-thread host's wall clock (ms), moved by the tests only. */
let wall = 0;

/** Plays at 1x from now to simulated second `t` (a multiple of 0.25 s ahead), then pauses. */
async function playTo(t: number): Promise<void> {
  useSimStore.getState().setSpeed(1);
  useSimStore.getState().play();
  await until((s) => s.status === 'playing', 'playing');
  // Quarter seconds of wall time: within the host's lag limit, exact in binary.
  while ((useSimStore.getState().snapshot?.t ?? 0) < t) {
    wall += 250;
    const next = Math.min(t, (useSimStore.getState().snapshot?.t ?? 0) + 0.25);
    await until((s) => (s.snapshot?.t ?? 0) >= next, `play to ${next}`);
  }
  useSimStore.getState().pause();
  await until((s) => s.status === 'paused' && s.snapshot?.t === t, `paused at ${t}`);
}

async function edit(action: Parameters<SimStoreState['applyAction']>[0]): Promise<void> {
  const before = useSimStore.getState().actions;
  useSimStore.getState().applyAction(action);
  await until((s) => s.actions !== before && s.actions.length > before.length, 'edit');
}

async function summaryNow(): Promise<unknown> {
  useSimStore.setState({ summary: null });
  useSimStore.getState().requestSummary();
  return (await until((s) => s.summary !== null, 'summary')).summary;
}

/** What must be equal: the stage, the actions, the summary, the followed record. */
async function fingerprint(): Promise<string> {
  const s = useSimStore.getState();
  return JSON.stringify({
    snapshot: s.snapshot,
    actions: s.actions,
    selected: s.selectedRecord,
    summary: await summaryNow(),
  });
}

let disconnect: () => void = () => {};
afterEach(() => {
  disconnect();
  useUiStore.getState().setLesson(null);
});

describe('a shared link restores the run', { timeout: 60_000 }, () => {
  it.each([
    ['sqs-happy-path.json', 'sqs'],
    ['kinesis-happy-path.json', 'kinesis'],
  ])('%s with live edits at shared instants', async (file) => {
    disconnect = connectSimStore(createInThreadClient({ now: () => wall }));
    expect((await openScenario(example(file), { at: 10.5 })).ok).toBe(true);
    // A poison record put at 10.5 s and a batch-size change at exactly 12 s:
    // whole and half seconds are instants other events share (polls, ticks).
    await edit({ records: [record('live-poison', 10.5, -1)] });
    await playTo(12);
    await edit({ mapping: { BatchSize: 3 } });
    await playTo(37.25);
    useSimStore.getState().selectRecord(asRecordId('live-poison'));
    await until((s) => s.recordStory !== null || s.recordAbsent !== null, 'follow');
    const original = await fingerprint();

    const state = captureState(useSimStore.getState(), null);
    expect(state).not.toBeNull();
    if (state === null) return;
    expect(state.live).toHaveLength(2);
    const payload = await encodePayload(stateToJson(state));
    const decoded = await decodePayload(payload);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const read = stateFromJson(decoded.value);
    expect(read.ok).toBe(true);

    // Open something else first, so the link really replaces the run.
    expect((await openScenario(example('fifo-ordering.json'))).ok).toBe(true);
    expect(await openSharedState(payload)).toBeNull();
    await until((s) => s.snapshot?.t === 37.25, 'restored');
    expect(await fingerprint()).toBe(original);

    // The live edits matter: replayed as scripted actions, the run differs.
    if (!read.ok) return;
    expect((await openScenario(read.state.scenario, { at: 37.25 })).ok).toBe(true);
    await until((s) => s.snapshot?.t === 37.25, 'scripted');
    expect(await fingerprint()).not.toBe(original);
  });

  it('a link made from the restored run is the same link', async () => {
    disconnect = connectSimStore(createInThreadClient({ now: () => wall }));
    const json = example('kinesis-poison-blocks-shard.json');
    expect((await openScenario(json, { at: 20 })).ok).toBe(true);
    await edit({ mapping: { MaximumRetryAttempts: 2 } });
    await playTo(45.5);
    useUiStore.getState().setLesson({
      lessonId: 'stream-errors',
      step: 3,
      offPath: true,
      notes: { title: 'Retries', narration: 'A poison record blocks the shard.', next: null },
    });
    const first = captureState(useSimStore.getState(), useUiStore.getState().lesson);
    if (first === null) throw new Error('no state');
    const payload = await encodePayload(stateToJson(first));
    useUiStore.getState().setLesson(null);
    expect(await openSharedState(payload)).toBeNull();
    await until((s) => s.snapshot?.t === 45.5, 'restored');
    const lesson = useUiStore.getState().lesson;
    expect(lesson).toMatchObject({ lessonId: 'stream-errors', step: 3, offPath: true });
    const again = captureState(useSimStore.getState(), lesson);
    expect(again).toEqual(first);
    expect(await encodePayload(stateToJson(again ?? first))).toBe(payload);
  });

  it('keeps live edits ahead of the moment on screen (scrubbed back before them)', async () => {
    disconnect = connectSimStore(createInThreadClient({ now: () => wall }));
    trackRunActions();
    expect((await openScenario(example('kinesis-happy-path.json'), { at: 10.5 })).ok).toBe(true);
    await edit({ records: [record('live-poison', 10.5, -1)] });
    await playTo(14);
    await edit({ mapping: { BatchSize: 3 } });
    await playTo(30);
    const at30 = await fingerprint();
    useSimStore.getState().seek(8);
    await until((s) => s.snapshot?.t === 8 && s.actions.length === 0, 'seek back');
    const at8 = await fingerprint();
    expect(runActions()).toHaveLength(2);
    const state = captureState({ ...useSimStore.getState(), actions: runActions() }, null);
    if (state === null) throw new Error('no state');
    expect(state.live).toEqual([0, 1]);
    expect(await openSharedState(await encodePayload(stateToJson(state)))).toBeNull();
    await until((s) => s.snapshot?.t === 8, 'restored');
    expect(await fingerprint()).toBe(at8);
    // Played on, the restored run makes the same edits at the same instants.
    await playTo(30);
    expect(await fingerprint()).toBe(at30);
  });
});

describe('nextKnown', () => {
  const a = (at: number) => ({ at, mapping: { BatchSize: at } });
  it('keeps the longer list after a seek back, and takes a new or forked one', () => {
    const known = [a(1), a(2), a(3)];
    expect(nextKnown(known, [a(1)])).toBe(known);
    expect(nextKnown(known, [])).toBe(known);
    const longer = [a(1), a(2), a(3), a(4)];
    expect(nextKnown(known, longer)).toBe(longer);
    const forked = [a(1), a(2.5)];
    expect(nextKnown(known, forked)).toBe(forked);
  });
});
