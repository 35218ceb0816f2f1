/**
 * The simulation store: a zustand store implementing SimStoreState over a
 * SimClient. The store holds what the last frame reported; the host (worker)
 * owns the simulation. Frames are applied as they arrive and acknowledged on
 * the next animation frame, which is the protocol's backpressure.
 */
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { ClientEvent, SimClient } from '../client/client';
import type { FrameMessage } from '../worker/protocol';
import type { RecordStory, SimEvent } from '../engine/types';
import { mergeMetrics } from './metrics';
import type { BreakpointKind, SimStoreState, TimelineState } from './types';

/** How many of the most recent events the store keeps. */
export const EVENT_RING_SIZE = 5000;

const EMPTY_TIMELINE: TimelineState = { furthest: 0, duration: 0, forkedAt: null };

/** Keeps the newest `size` events of `prev` followed by `fresh`. */
export function appendToRing(
  prev: readonly SimEvent[],
  fresh: readonly SimEvent[],
  size: number = EVENT_RING_SIZE,
): readonly SimEvent[] {
  if (fresh.length === 0) return prev;
  if (fresh.length >= size) return fresh.slice(fresh.length - size);
  const keep = Math.max(0, prev.length + fresh.length - size);
  return keep === 0 ? [...prev, ...fresh] : [...prev.slice(keep), ...fresh];
}

/** A simulation store: a React hook plus getState/setState/subscribe. */
export type SimStore = UseBoundStore<StoreApi<SimStoreState>>;

/** A store and the function that connects it to a simulation client. */
export interface SimStoreHandle {
  readonly store: SimStore;
  /** Connects the store to a client; returns a function that disconnects it. */
  readonly connect: (client: SimClient) => () => void;
}

/**
 * Creates a simulation store over its own client. The app has one
 * (`useSimStore`); compare mode creates one per run it compares, and the
 * stage reads whichever a React context supplies (ui/stage/storeContext.ts).
 */
export function createSimStore(): SimStoreHandle {
  let client: SimClient | null = null;
  /** Runs `f` with the connected client; without one, the call is a no-op. */
  const withClient = (f: (c: SimClient) => void): void => {
    if (client !== null) f(client);
  };
  const useStore: SimStore = create<SimStoreState>()((set, get) => ({
    runId: 0,
    status: 'loading',
    speed: 1,
    scenario: null,
    actions: [],
    snapshot: null,
    events: [],
    metrics: null,
    timeline: EMPTY_TIMELINE,
    breakpoints: new Set<BreakpointKind>(),
    pausedAt: null,
    selectedRecord: null,
    recordStory: null,
    recordAbsent: null,
    error: null,
    problems: [],
    summary: null,

    load: (scenario, start) => withClient((c) => c.load({ kind: 'resolved', scenario }, start)),
    loadJson: (json, start) => withClient((c) => c.load({ kind: 'json', json }, start)),
    play: () => withClient((c) => c.play()),
    pause: () => withClient((c) => c.pause()),
    togglePlay: () => {
      const { status } = get();
      if (status === 'playing') get().pause();
      else get().play();
    },
    step: () => withClient((c) => c.step()),
    stepBack: () => withClient((c) => c.stepBack()),
    setSpeed: (speed) => {
      if (!Number.isFinite(speed)) return;
      set({ speed });
      withClient((c) => c.setSpeed(speed));
    },
    restart: () => withClient((c) => c.restart()),
    applyAction: (action) =>
      withClient((c) => {
        c.applyAction(action).then(
          (problems) => {
            if (problems.length > 0) {
              set({ error: problems.map((p) => `${p.path}: ${p.message}`).join('\n') });
            }
          },
          () => {
            // The run was replaced before the host answered: nothing to report.
          },
        );
      }),
    seek: (t) => {
      if (Number.isFinite(t)) withClient((c) => c.seek(t));
    },
    selectRecord: (id) => {
      set({
        selectedRecord: id,
        recordStory: id === null ? null : get().recordStory,
        recordAbsent: null,
      });
      withClient((c) => c.selectRecord(id));
    },
    setBreakpoint: (kind, on) => {
      const next = new Set(get().breakpoints);
      if (on) next.add(kind);
      else next.delete(kind);
      set({ breakpoints: next });
      withClient((c) => c.setBreakpoints([...next]));
    },
    invocationEvent: (n) => (client === null ? Promise.resolve(null) : client.invocationEvent(n)),
    requestSummary: () =>
      withClient((c) => {
        const runId = c.runId();
        c.summary().then(
          (summary) => {
            if (get().runId === runId) set({ summary });
          },
          () => {
            // Replaced run: its summary is no longer wanted.
          },
        );
      }),
    clearError: () => set({ error: null }),
  }));

  const connect = (next: SimClient): (() => void) => {
    client = next;
    const unsubscribe = next.subscribe((event) => {
      switch (event.type) {
        case 'loaded':
          useStore.setState(loadedState(event));
          // Breakpoints and speed are the user's settings, not the run's: carry them over.
          next.setBreakpoints([...useStore.getState().breakpoints]);
          next.setSpeed(useStore.getState().speed);
          return;
        case 'frame':
          useStore.setState(frameState(useStore.getState(), event.frame));
          nextFrame(() => {
            if (client === next) next.ackFrame(event.frame.frameNo);
          });
          return;
        case 'problems':
          useStore.setState({
            problems: event.problems,
            error: `The scenario was not loaded: ${event.problems.length} problem${
              event.problems.length === 1 ? '' : 's'
            } (${event.problems[0]?.path ?? ''}: ${event.problems[0]?.message ?? ''}).`,
          });
          return;
        case 'error':
          useStore.setState({
            error: event.message,
            ...(useStore.getState().scenario === null ? { status: 'error' as const } : {}),
          });
          return;
      }
    });
    return () => {
      unsubscribe();
      if (client === next) client = null;
    };
  };
  return { store: useStore, connect };
}

/** The state a `loaded` event starts from (breakpoints and speed are kept). */
function loadedState(event: Extract<ClientEvent, { type: 'loaded' }>): Partial<SimStoreState> {
  return {
    runId: event.runId,
    scenario: event.scenario,
    status: 'paused',
    actions: event.scenario.actions,
    events: [],
    metrics: null,
    snapshot: null,
    timeline: EMPTY_TIMELINE,
    pausedAt: null,
    recordStory: null,
    recordAbsent: null,
    selectedRecord: event.selected,
    summary: null,
    problems: [],
    error: null,
  };
}

/** What one frame from the host changes in the store. */
function frameState(s: SimStoreState, frame: FrameMessage): Partial<SimStoreState> {
  const selected = s.selectedRecord;
  // An answer about a record the user has since deselected or replaced is dropped.
  const answered = selected !== null && frame.storyFor === selected;
  const story: RecordStory | null = answered && frame.story?.id === selected ? frame.story : null;
  return {
    status: frame.status,
    speed: frame.speed,
    snapshot: frame.snapshot,
    events: frame.reset ? appendToRing([], frame.events) : appendToRing(s.events, frame.events),
    metrics: frame.reset
      ? mergeMetrics(null, frame.metrics)
      : mergeMetrics(s.metrics, frame.metrics),
    timeline: frame.timeline,
    pausedAt: frame.pausedAt ?? (frame.status === 'playing' ? null : s.pausedAt),
    recordStory: selected === null ? null : answered ? story : s.recordStory,
    recordAbsent: answered && story === null ? selected : null,
    ...(frame.actions !== null ? { actions: frame.actions } : {}),
  };
}

const nextFrame: (f: () => void) => void =
  typeof requestAnimationFrame === 'function'
    ? (f) => {
        requestAnimationFrame(() => f());
      }
    : (f) => {
        setTimeout(f, 0);
      };

const main = createSimStore();

/** The app's simulation store (React hook plus getState/setState/subscribe). */
export const useSimStore: SimStore = main.store;

/**
 * Connects the app's store to a simulation client (the worker client in the
 * app, the in-thread one in tests). Returns a function that disconnects it.
 */
export const connectSimStore: (client: SimClient) => () => void = main.connect;

// Selectors at module level, so components share them and re-render only on their slice.
/** Current simulated time (0 before the first frame). */
export const selectT = (s: SimStoreState): number => s.snapshot?.t ?? 0;
/** Playback status. */
export const selectStatus = (s: SimStoreState): SimStoreState['status'] => s.status;
/** True while the clock runs. */
export const selectPlaying = (s: SimStoreState): boolean => s.status === 'playing';
/** The stage snapshot of the last frame. */
export const selectSnapshot = (s: SimStoreState): SimStoreState['snapshot'] => s.snapshot;
/** The scenario's source type, or null before a load. */
export const selectSourceType = (s: SimStoreState): string | null =>
  s.scenario?.source.type ?? null;
/** Speed in simulated seconds per wall second. */
export const selectSpeed = (s: SimStoreState): number => s.speed;
/** The scenario's title, or null. */
export const selectTitle = (s: SimStoreState): string | null => s.scenario?.title ?? null;
/** The user-facing error message, or null. */
export const selectError = (s: SimStoreState): string | null => s.error;
