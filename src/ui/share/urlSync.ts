/**
 * Keeps the address bar a working link to what the lab shows: `#s/<state>`,
 * written with `writeHash` (history.replaceState: no history entries, no
 * `hashchange`). A change while paused is written 250 ms after the last one;
 * while playing, at most once a second. Nothing is written while another page
 * (a `view`) is shown, nor while a lesson step is on its path (its own
 * `#lesson/<id>/<n>` link stays); once the user leaves the path, the state
 * link takes over and carries the lesson context.
 */
import { useSimStore } from '../../store/simStore';
import type { SimStoreState } from '../../store/types';
import { useUiStore, type UiState } from '../../store/uiStore';
import { currentHash, writeHash } from '../shell/routes';
import { encodePayload } from './codec';
import type { JsonObject } from './canonical';
import { runActions, trackRunActions } from './runActions';
import { captureState, stateToJson } from './state';

/** The route prefix of a shared state. */
export const STATE_PREFIX = 's/';
/** Past this many characters the state is not written as a link (browsers cap URLs near 2 MB). */
export const MAX_WRITTEN_LINK = 1_000_000;

const PAUSED_DELAY_MS = 250;
const PLAYING_INTERVAL_MS = 1000;

/** What the last link computation found. */
export interface LinkInfo {
  /** The full link (the page's address with the state hash), or null when there is no run. */
  readonly url: string | null;
  /** The state hash's length in characters (0 without one). */
  readonly length: number;
  /** True when the state is too large for a link (the scenario file still carries it). */
  readonly tooLong: boolean;
  /** True while a lesson step on its path keeps its own link. */
  readonly lessonLink: boolean;
}

/** Whether the state link may replace the address bar's hash now. */
function mayWrite(sim: SimStoreState, ui: UiState): boolean {
  if (ui.view !== 'lab') return false;
  if (ui.lesson !== null && !ui.lesson.offPath) return false;
  return sim.scenario !== null && sim.snapshot !== null && sim.status !== 'loading';
}

let cache: { scenario: unknown; actions: unknown; follow: unknown; json: JsonObject | null } = {
  scenario: null,
  actions: null,
  follow: null,
  json: null,
};

/** The link JSON for the current state (the scenario document is reused while only time moves). */
function currentJson(): JsonObject | null {
  const sim = useSimStore.getState();
  const ui = useUiStore.getState();
  if (sim.snapshot === null || sim.scenario === null) return null;
  const actions = runActions();
  if (
    cache.json === null ||
    cache.scenario !== sim.scenario ||
    cache.actions !== actions ||
    cache.follow !== sim.selectedRecord
  ) {
    const state = captureState({ ...sim, actions }, ui.lesson);
    cache = {
      scenario: sim.scenario,
      actions,
      follow: sim.selectedRecord,
      json: state === null ? null : stateToJson(state),
    };
  }
  if (cache.json === null) return null;
  const json: JsonObject = { ...cache.json, t: sim.snapshot.t };
  const lesson = ui.lesson;
  if (lesson === null) delete json.lesson;
  else json.lesson = { id: lesson.lessonId, step: lesson.step, off: lesson.offPath };
  return json;
}

function pageAddress(hash: string): string {
  return `${location.origin}${location.pathname}${location.search}${hash === '' ? '' : `#${hash}`}`;
}

let version = 0;
let last: LinkInfo = { url: null, length: 0, tooLong: false, lessonLink: false };

/**
 * Computes the link for what is on screen and, where allowed, writes it to
 * the address bar. Resolves to the link to share (the lesson's own link while
 * a lesson step is on its path).
 */
export async function refreshLink(): Promise<LinkInfo> {
  const mine = ++version;
  const ui = useUiStore.getState();
  if (ui.lesson !== null && !ui.lesson.offPath && ui.view === 'lab') {
    last = { url: location.href, length: currentHash().length, tooLong: false, lessonLink: true };
    return last;
  }
  const json = currentJson();
  if (json === null) {
    last = { url: null, length: 0, tooLong: false, lessonLink: false };
    return last;
  }
  const hash = `${STATE_PREFIX}${await encodePayload(json)}`;
  if (mine !== version) return last;
  const tooLong = hash.length > MAX_WRITTEN_LINK;
  if (mayWrite(useSimStore.getState(), useUiStore.getState())) writeHash(tooLong ? '' : hash);
  last = {
    url: tooLong ? null : pageAddress(hash),
    length: hash.length,
    tooLong,
    lessonLink: false,
  };
  return last;
}

/** The last link computed (for a dialog's first paint before refreshLink resolves). */
export function lastLink(): LinkInfo {
  return last;
}

let stopSync: (() => void) | null = null;

/** Starts keeping the address bar current; returns a function that stops it. Idempotent. */
export function startUrlSync(): () => void {
  if (stopSync !== null) return stopSync;
  trackRunActions();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastWrite = 0;
  const run = (): void => {
    timer = null;
    lastWrite = Date.now();
    const sim = useSimStore.getState();
    const ui = useUiStore.getState();
    if (mayWrite(sim, ui)) void refreshLink();
  };
  // Encoding the link (serialising the scenario, compressing) is a task of its own, run when
  // the page is idle (within a second): at start-up it landed among the app's first frames.
  let idle: number | null = null;
  const whenIdle = (): void => {
    if (typeof requestIdleCallback !== 'function') return run();
    idle = requestIdleCallback(
      () => {
        idle = null;
        run();
      },
      { timeout: 1000 },
    );
  };
  const schedule = (): void => {
    const playing = useSimStore.getState().status === 'playing';
    if (playing) {
      if (timer !== null) return;
      const wait = Math.max(0, lastWrite + PLAYING_INTERVAL_MS - Date.now());
      timer = setTimeout(whenIdle, wait);
    } else {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(whenIdle, PAUSED_DELAY_MS);
    }
  };
  const stopSim = useSimStore.subscribe((s, p) => {
    if (
      s.runId !== p.runId ||
      s.scenario !== p.scenario ||
      s.actions !== p.actions ||
      s.selectedRecord !== p.selectedRecord ||
      s.status !== p.status ||
      (s.snapshot?.t ?? null) !== (p.snapshot?.t ?? null)
    ) {
      schedule();
    }
  });
  const stopUi = useUiStore.subscribe((s, p) => {
    if (s.lesson !== p.lesson || s.view !== p.view) schedule();
  });
  schedule();
  stopSync = () => {
    stopSim();
    stopUi();
    if (timer !== null) clearTimeout(timer);
    if (idle !== null) cancelIdleCallback(idle);
    stopSync = null;
  };
  return stopSync;
}
