import { describe, expect, it } from 'vitest';
import { buildScenario } from '../scenarios/build';
import type { FrameMessage, FromHost, ToHost } from '../worker/protocol';
import { createClient, type ClientEvent } from './client';
import type { Transport } from './transport';

const SCENARIO = buildScenario({ source: { type: 'sqs' }, durationSeconds: 10 });

/** A transport the test drives by hand: it records what the client sends. */
function manualTransport() {
  const sent: ToHost[] = [];
  let receive: (m: FromHost) => void = () => {};
  const transport: Transport = {
    post: (m) => sent.push(m),
    listen: (r) => {
      receive = r;
    },
    onFailure: () => {},
    terminate: () => {},
  };
  return { transport, sent, deliver: (m: FromHost) => receive(m) };
}

const frame = (runId: number, t: number): FrameMessage =>
  ({ type: 'frame', runId, frameNo: 1, t }) as unknown as FrameMessage;

describe('createClient', () => {
  it('numbers runs and drops replies from runs that are no longer current', () => {
    const m = manualTransport();
    const client = createClient(m.transport);
    const seen: ClientEvent[] = [];
    client.subscribe((e) => seen.push(e));
    client.load({ kind: 'resolved', scenario: SCENARIO });
    client.load({ kind: 'resolved', scenario: SCENARIO });
    expect(m.sent.map((s) => s.runId)).toEqual([1, 2]);
    m.deliver({ type: 'loaded', runId: 1, scenario: SCENARIO, selected: null });
    m.deliver(frame(1, 0.5));
    m.deliver({ type: 'loaded', runId: 2, scenario: SCENARIO, selected: null });
    m.deliver(frame(1, 0.6));
    m.deliver(frame(2, 0));
    // A late 'loaded' for the older run never takes over again.
    m.deliver({ type: 'loaded', runId: 1, scenario: SCENARIO, selected: null });
    m.deliver(frame(1, 0.7));
    const frames = seen.flatMap((e) => (e.type === 'frame' ? [e.frame.runId] : []));
    expect(frames).toEqual([1, 2]);
    expect(client.runId()).toBe(2);
  });

  it('keeps the current run when a load is rejected', () => {
    const m = manualTransport();
    const client = createClient(m.transport);
    const seen: ClientEvent[] = [];
    client.subscribe((e) => seen.push(e));
    client.load({ kind: 'resolved', scenario: SCENARIO });
    m.deliver({ type: 'loaded', runId: 1, scenario: SCENARIO, selected: null });
    client.load({ kind: 'json', json: {} });
    m.deliver({
      type: 'problems',
      runId: 2,
      requestId: null,
      problems: [{ path: 'source', message: 'required' }],
    });
    m.deliver(frame(1, 1));
    expect(client.runId()).toBe(1);
    expect(seen.map((e) => e.type)).toEqual(['loaded', 'problems', 'frame']);
  });

  it('resolves requests by id and rejects them when their run is replaced', async () => {
    const m = manualTransport();
    const client = createClient(m.transport);
    client.load({ kind: 'resolved', scenario: SCENARIO });
    m.deliver({ type: 'loaded', runId: 1, scenario: SCENARIO, selected: null });
    const answer = client.invocationEvent(3);
    const lost = client.applyAction({ failNextInvocations: 1 });
    const first = m.sent.at(-2);
    expect(first).toMatchObject({ type: 'invocationEvent', n: 3, runId: 1 });
    if (first?.type !== 'invocationEvent') throw new Error('unexpected');
    m.deliver({
      type: 'invocationEvent',
      runId: 1,
      requestId: first.requestId,
      payload: { ok: 1 },
    });
    await expect(answer).resolves.toEqual({ ok: 1 });
    client.load({ kind: 'resolved', scenario: SCENARIO });
    m.deliver({ type: 'loaded', runId: 2, scenario: SCENARIO, selected: null });
    await expect(lost).rejects.toThrow(/replaced/);
  });
});
