/**
 * The UI side of the worker protocol: one object whose API is the same whether
 * the host runs in a Web Worker or in-thread. It numbers runs, drops replies
 * from runs that are no longer current, and turns request/reply pairs into
 * promises.
 */
import type { RecordId, ResolvedScenario, RunSummary, ScenarioAction } from '../engine/types';
import type { BreakpointKind } from '../store/types';
import {
  assertNever,
  type FrameMessage,
  type FromHost,
  type LoadInput,
  type LoadStart,
  type Problem,
  type ToHost,
} from '../worker/protocol';
import type { Transport } from './transport';

/** What the client reports to its listener (the store). */
export type ClientEvent =
  | {
      readonly type: 'loaded';
      readonly runId: number;
      readonly scenario: ResolvedScenario;
      readonly selected: RecordId | null;
    }
  | { readonly type: 'frame'; readonly frame: FrameMessage }
  | { readonly type: 'problems'; readonly problems: readonly Problem[] }
  | { readonly type: 'error'; readonly message: string };

/** Live-edit outcome: an empty list means the edit was applied. */
export type ActionOutcome = readonly Problem[];

/** The simulation client API (see src/client/README.md). */
export interface SimClient {
  /** The run whose replies are accepted now. */
  readonly runId: () => number;
  /** Starts a new run; `start` runs it forward to a moment and follows a record. */
  load(input: LoadInput, start?: LoadStart): void;
  restart(): void;
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
  step(): void;
  stepBack(): void;
  seek(t: number): void;
  /** Lock-step playback (compare mode): the host runs forward to t, then pauses. */
  advance(t: number): void;
  setBreakpoints(kinds: readonly BreakpointKind[]): void;
  selectRecord(id: RecordId | null): void;
  applyAction(action: Omit<ScenarioAction, 'at'>): Promise<ActionOutcome>;
  invocationEvent(n: number): Promise<unknown>;
  summary(): Promise<RunSummary | null>;
  /** Tells the host frame `frameNo` is drawn and it may send the next one. */
  ackFrame(frameNo: number): void;
  subscribe(listener: (event: ClientEvent) => void): () => void;
  dispose(): void;
}

interface Pending {
  readonly runId: number;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: Error) => void;
}

/** Wraps a transport in the run-numbering, promise-returning client API. */
export function createClient(transport: Transport): SimClient {
  let current = 0;
  // Highest run id handed out; a load that fails validation leaves `current` unchanged.
  let issued = 0;
  let nextRequest = 1;
  const pending = new Map<number, Pending>();
  const listeners = new Set<(event: ClientEvent) => void>();
  let disposed = false;

  const emit = (event: ClientEvent): void => {
    for (const l of listeners) l(event);
  };
  const send = (message: ToHost): void => {
    if (!disposed) transport.post(message);
  };
  const request = <T>(make: (requestId: number) => ToHost): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (disposed) {
        reject(new Error('The simulation client was closed.'));
        return;
      }
      const requestId = nextRequest++;
      pending.set(requestId, {
        runId: current,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      send(make(requestId));
    });
  const settle = (requestId: number | null, value: unknown): void => {
    if (requestId === null) return;
    const p = pending.get(requestId);
    if (p === undefined) return;
    pending.delete(requestId);
    p.resolve(value);
  };
  // Requests made for a run that has been replaced can never be answered for it.
  const rejectStale = (): void => {
    for (const [id, p] of pending) {
      if (p.runId !== current) {
        pending.delete(id);
        p.reject(new Error('The run was replaced before the reply arrived.'));
      }
    }
  };

  transport.listen((message: FromHost) => {
    switch (message.type) {
      case 'loaded':
        // A newer load may already be on its way; only the latest issued run is adopted.
        if (message.runId < current || message.runId > issued) return;
        current = message.runId;
        rejectStale();
        emit({
          type: 'loaded',
          runId: message.runId,
          scenario: message.scenario,
          selected: message.selected,
        });
        return;
      case 'problems':
        if (message.requestId !== null) settle(message.requestId, message.problems);
        else emit({ type: 'problems', problems: message.problems });
        return;
      case 'actionApplied':
        settle(message.requestId, []);
        return;
      case 'frame':
        if (message.runId !== current) return;
        emit({ type: 'frame', frame: message });
        return;
      case 'invocationEvent':
        settle(message.requestId, message.payload);
        return;
      case 'summary':
        settle(message.requestId, message.summary);
        return;
      case 'error':
        if (message.runId !== current && message.runId !== issued) return;
        emit({ type: 'error', message: message.message });
        return;
      default:
        assertNever(message);
    }
  });
  transport.onFailure((msg) => emit({ type: 'error', message: msg }));

  return {
    runId: () => current,
    load(input, start) {
      issued += 1;
      send({ type: 'load', runId: issued, input, ...(start !== undefined ? { start } : {}) });
    },
    restart() {
      issued += 1;
      send({ type: 'restart', runId: issued });
    },
    play: () => send({ type: 'play', runId: current }),
    pause: () => send({ type: 'pause', runId: current }),
    setSpeed: (speed) => send({ type: 'setSpeed', runId: current, speed }),
    step: () => send({ type: 'step', runId: current }),
    stepBack: () => send({ type: 'stepBack', runId: current }),
    seek: (t) => send({ type: 'seek', runId: current, t }),
    advance: (t) => send({ type: 'advance', runId: current, t }),
    setBreakpoints: (kinds) => send({ type: 'setBreakpoints', runId: current, kinds }),
    selectRecord: (id) => send({ type: 'selectRecord', runId: current, id }),
    applyAction: (action) =>
      request<ActionOutcome>((requestId) => ({
        type: 'applyAction',
        runId: current,
        requestId,
        action,
      })),
    invocationEvent: (n) =>
      request<unknown>((requestId) => ({ type: 'invocationEvent', runId: current, requestId, n })),
    summary: () =>
      request<RunSummary | null>((requestId) => ({ type: 'summary', runId: current, requestId })),
    ackFrame: (frameNo) => send({ type: 'frameAck', runId: current, frameNo }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      disposed = true;
      for (const p of pending.values()) p.reject(new Error('The simulation client was closed.'));
      pending.clear();
      listeners.clear();
      transport.terminate();
    },
  };
}
