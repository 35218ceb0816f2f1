/**
 * Teaching a lesson on the live lab: opening a step (load the step's
 * scenario at its time, ring its targets, set `useUiStore.lesson`, write the
 * step's link), noticing when the student leaves the path (an edit, Play, a
 * seek or a step: the run no longer shows the step), putting the step back
 * exactly, and answering a prediction by playing the next seconds and letting
 * the engine say what happened.
 *
 * The panel reads `useLessonStore`; everything that changes the lab goes
 * through the functions here. Numbers in the narration and the prediction's
 * outcome come from running the step's scenario headlessly (src/lessons
 * run.ts), the same deterministic run the worker shows on the stage.
 */
import { create } from 'zustand';
import type { ResolvedScenario } from '../../engine/types';
import { LESSONS, lessonById } from '../../lessons/catalog';
import { holds } from '../../lessons/facts';
import { resolveStep, StepRun } from '../../lessons/run';
import { narrate } from '../../lessons/text';
import type { Lesson, LessonStep, LessonTarget } from '../../lessons/types';
import type { StageTarget } from '../stage/targets';
import { useSimStore } from '../../store/simStore';
import { SPEED_MAX } from '../../worker/protocol';
import type { SimStoreState } from '../../store/types';
import { useUiStore } from '../../store/uiStore';
import { asRecordId } from '../../engine/types';
import { currentHash, writeHash } from '../shell/routes';
import { useProgressStore } from './progressStore';

/** Where a prediction stands. */
export type RevealState =
  | { readonly phase: 'asking' }
  /** The lab is playing the next seconds. */
  | { readonly phase: 'running'; readonly chosen: string }
  | {
      readonly phase: 'shown';
      readonly chosen: string;
      /** The option the engine's run agrees with. */
      readonly held: string | null;
      /** The reveal, filled from the run after the seconds played. */
      readonly text: string;
    };

/** What the lesson panel shows. */
export interface Teaching {
  readonly lesson: Lesson;
  /** 1-based. */
  readonly stepNo: number;
  readonly step: LessonStep;
  /** The narration with its numbers from the run; null while they are computed. */
  readonly text: string | null;
  /** A problem computing the narration (never expected; shown rather than hidden). */
  readonly problem: string | null;
  readonly offPath: boolean;
  /** True once the stage shows the step (its rings can be scrolled into view). */
  readonly arrived: boolean;
  readonly reveal: RevealState;
}

interface LessonState {
  readonly teaching: Teaching | null;
}

/** The lesson being taught (the panel's view of it). */
export const useLessonStore = create<LessonState>()(() => ({ teaching: null }));

/** Simulated seconds compared as equal. */
const EPS = 1e-6;

/** What the lab must show while the student is on the path. */
interface Expected {
  /** The step's scenario, as loaded. */
  readonly fingerprint: string;
  readonly actions: number;
  /** The time the stage should sit at (the step's, or after a prediction's run). */
  t: number;
  /** True once the stage has shown this step (before that, loading frames are not judged). */
  arrived: boolean;
  /** True while the lesson itself plays the lab (a prediction's run). */
  driving: boolean;
}

let expected: Expected | null = null;
let run: StepRun | null = null;
let unsubscribe: (() => void) | null = null;
/** Increments per opened step: late work for an older step is dropped. */
let generation = 0;

/** A scenario's identity, enough to tell the step's run from another one. */
export function fingerprint(s: ResolvedScenario): string {
  return JSON.stringify([
    s.title,
    s.seed,
    s.durationSeconds,
    s.source,
    s.mapping,
    s.function,
    s.records.length,
    s.producers,
    s.actions.length,
  ]);
}

/** Whether the lab has left the step (pure, for tests): the run, the time, the actions, playing. */
export function leftPath(
  s: Pick<SimStoreState, 'scenario' | 'status' | 'actions' | 'snapshot'>,
  e: Pick<Expected, 'fingerprint' | 'actions' | 't'>,
  scenarioPrint: string | null,
): boolean {
  if (scenarioPrint !== e.fingerprint) return true;
  if (s.actions.length !== e.actions) return true;
  if (s.status === 'playing') return true;
  const t = s.snapshot?.t;
  return t !== undefined && Math.abs(t - e.t) > EPS;
}

let printed: { scenario: ResolvedScenario | null; print: string | null } = {
  scenario: null,
  print: null,
};
function printOf(s: ResolvedScenario | null): string | null {
  if (s !== printed.scenario) printed = { scenario: s, print: s === null ? null : fingerprint(s) };
  return printed.print;
}

function setTeaching(patch: Partial<Teaching>): void {
  const t = useLessonStore.getState().teaching;
  if (t !== null) useLessonStore.setState({ teaching: { ...t, ...patch } });
}

function markOffPath(): void {
  const t = useLessonStore.getState().teaching;
  if (t === null || t.offPath) return;
  setTeaching({ offPath: true });
  const ui = useUiStore.getState();
  if (ui.lesson !== null) ui.setLesson({ ...ui.lesson, offPath: true });
}

function watchLab(): void {
  if (unsubscribe !== null) return;
  unsubscribe = useSimStore.subscribe((s) => {
    const e = expected;
    const t = useLessonStore.getState().teaching;
    if (e === null || t === null || t.offPath || e.driving) return;
    const print = printOf(s.scenario);
    if (!e.arrived) {
      // Loading: wait until the stage shows the step's run at the step's time.
      if (print === e.fingerprint && s.snapshot !== null && Math.abs(s.snapshot.t - e.t) <= EPS) {
        e.arrived = true;
        setTeaching({ arrived: true });
      }
      return;
    }
    if (leftPath(s, e, print)) {
      // Another scenario on the stage: the step's rings point at nothing there (rings someone
      // else set, e.g. an exam question's "Show me", stay).
      if (print !== e.fingerprint) clearOwnHighlight(t.step);
      markOffPath();
    }
  });
}

/** Takes the step's rings away, if they are still the ones on the stage. */
function clearOwnHighlight(step: LessonStep): void {
  const ui = useUiStore.getState();
  const own = step.look;
  if (ui.highlight.length === own.length && own.every((t) => ui.highlight.includes(t))) {
    ui.setHighlight([]);
  }
}

/** The step's teacher notes (presenter mode shows them). */
function notesFor(
  lesson: Lesson,
  stepNo: number,
  text: string,
): {
  title: string;
  narration: string;
  next: string | null;
} {
  const step = lesson.steps[stepNo - 1];
  const next = lesson.steps[stepNo];
  const nextLesson = LESSONS[lesson.number];
  return {
    title: `Lesson ${lesson.number}, step ${stepNo}: ${step?.title ?? ''}`,
    narration: text,
    next:
      next !== undefined
        ? `Step ${stepNo + 1}: ${next.title}`
        : nextLesson !== undefined
          ? `Lesson ${nextLesson.number}: ${nextLesson.title}`
          : null,
  };
}

/** The link of a step, without `#`. */
export const stepHash = (lessonId: string, stepNo: number): string =>
  `lesson/${lessonId}/${stepNo}`;

/**
 * Opens step `stepNo` (1-based) of `lesson` exactly: the same scenario, seed
 * and time every time. `push` adds a history entry for the step's link.
 */
export function openStep(lesson: Lesson, stepNo: number, push: boolean): void {
  const step = lesson.steps[stepNo - 1];
  if (step === undefined) return;
  const gen = ++generation;
  const scenario = resolveStep(step.scenario);
  expected = {
    fingerprint: fingerprint(scenario),
    actions: scenario.actions.length,
    t: step.at,
    arrived: false,
    driving: false,
  };
  run = null;
  watchLab();
  const previous = useLessonStore.getState().teaching;
  useLessonStore.setState({
    teaching: {
      lesson,
      stepNo,
      step,
      // Keep the old text on screen for the moment the new one takes, if it is the same step.
      text: previous?.lesson === lesson && previous.stepNo === stepNo ? previous.text : null,
      problem: null,
      offPath: false,
      arrived: false,
      reveal: { phase: 'asking' },
    },
  });
  const ui = useUiStore.getState();
  ui.setHighlight(step.look.map(asStageTarget));
  ui.setLesson({
    lessonId: lesson.id,
    step: stepNo,
    offPath: false,
    notes: notesFor(lesson, stepNo, ''),
  });
  useSimStore.getState().load(scenario, {
    at: step.at,
    follow: step.follow === undefined ? null : asRecordId(step.follow),
  });
  // Lesson 11: the configuration the student tries first goes to the validator, as the console's
  // Add trigger would; its refusal (AWS's words) reaches the banner and the panel.
  if (step.attempt !== undefined) useSimStore.getState().loadJson(step.attempt);
  writeHash(stepHash(lesson.id, stepNo), push);
  useProgressStore.getState().markSeen(lesson.id, stepNo);
  // The numbers come from a headless run of the same scenario; after this frame paints.
  setTimeout(() => {
    if (gen !== generation) return;
    try {
      run = new StepRun(step.scenario, step.at);
      const text = narrate(step.narration, step.values, run.atStep());
      setTeaching({ text });
      const l = useUiStore.getState().lesson;
      if (l !== null)
        useUiStore.getState().setLesson({ ...l, notes: notesFor(lesson, stepNo, text) });
    } catch (err) {
      setTeaching({ problem: `This step could not be computed: ${(err as Error).message}` });
    }
  }, 0);
}

/** Puts the current step back exactly as it was (after the student left the path). */
export function returnToStep(): void {
  const t = useLessonStore.getState().teaching;
  if (t !== null) openStep(t.lesson, t.stepNo, false);
}

/** The next step, or the next lesson's first step; false at the very end. */
export function next(): boolean {
  const t = useLessonStore.getState().teaching;
  if (t === null) return false;
  if (t.stepNo < t.lesson.steps.length) {
    openStep(t.lesson, t.stepNo + 1, true);
    return true;
  }
  const following = LESSONS[t.lesson.number];
  if (following === undefined) return false;
  openStep(following, 1, true);
  return true;
}

/** The previous step, or the previous lesson's last step; false at the very start. */
export function previous(): boolean {
  const t = useLessonStore.getState().teaching;
  if (t === null) return false;
  if (t.stepNo > 1) {
    openStep(t.lesson, t.stepNo - 1, true);
    return true;
  }
  const before = LESSONS[t.lesson.number - 2];
  if (before === undefined) return false;
  openStep(before, before.steps.length, true);
  return true;
}

/** Stops teaching: the lab keeps its run, the rings and the link go. */
export function closeLesson(): void {
  generation++;
  expected = null;
  run = null;
  unsubscribe?.();
  unsubscribe = null;
  const t = useLessonStore.getState().teaching;
  if (t !== null) clearOwnHighlight(t.step);
  useLessonStore.setState({ teaching: null });
  useUiStore.getState().setLesson(null);
  if (currentHash().startsWith('lesson/')) writeHash('', false);
}

/** Simulated seconds per wall second for a prediction's run: about four seconds of watching. */
export function revealSpeed(runSeconds: number): number {
  return Math.min(100, Math.max(1, runSeconds / 4));
}

/**
 * Answers the step's prediction with option `chosen`: the lab plays the next
 * `runSeconds` (or jumps there with reduced motion), then the panel shows
 * what the engine's run says happened.
 */
export function answer(chosen: string): void {
  const t = useLessonStore.getState().teaching;
  const e = expected;
  const predict = t?.step.predict;
  if (t === null || e === null || predict === undefined || t.offPath) return;
  if (t.reveal.phase === 'running') return;
  const gen = generation;
  const target = Math.min(
    t.step.at + predict.runSeconds,
    resolveStep(t.step.scenario).durationSeconds,
  );
  // What happened, from the headless run: which option held, and the reveal's numbers.
  let held: string | null = null;
  let text: string;
  try {
    run ??= new StepRun(t.step.scenario, t.step.at);
    const after = run.after(predict.runSeconds);
    held = predict.options.find((o) => holds(after, o.claim))?.id ?? null;
    text = narrate(predict.reveal, predict.values, after);
  } catch (err) {
    text = `The run could not be evaluated: ${(err as Error).message}`;
  }
  run = null;
  const right = held !== null && held === chosen;
  useProgressStore.getState().recordAnswer(t.lesson.id, t.stepNo, { chosen, right });
  setTeaching({ reveal: { phase: 'running', chosen } });
  e.driving = true;
  const sim = useSimStore.getState();
  const userSpeed = sim.speed;
  const finish = (): void => {
    stop();
    if (gen !== generation) return;
    e.t = target;
    e.driving = false;
    useSimStore.getState().setSpeed(userSpeed);
    setTeaching({ reveal: { phase: 'shown', chosen, held, text } });
  };
  // Plays to the target, then pins the stage exactly there (a frame may overshoot a little).
  let seeking = false;
  let started = false;
  const check = (s: SimStoreState): void => {
    if (gen !== generation) {
      stop();
      return;
    }
    if (printOf(s.scenario) !== e.fingerprint) {
      // Something else was loaded meanwhile: show the answer, the lab is no longer the step's.
      finish();
      markOffPath();
      return;
    }
    const now = s.snapshot?.t ?? 0;
    if (s.status === 'playing') started = true;
    if (seeking) {
      if (Math.abs(now - target) <= EPS && s.status !== 'playing') finish();
      return;
    }
    // Reached the target, or stopped short of it (a breakpoint, the run's end): go there exactly.
    if (now >= target - EPS || (started && s.status !== 'playing')) {
      seeking = true;
      if (s.status === 'playing') s.pause();
      s.seek(target);
    }
  };
  const stop = useSimStore.subscribe(check);
  // Reduced motion: no animation to watch, so the lab runs there at full speed (a jump).
  sim.setSpeed(useUiStore.getState().reducedMotion ? SPEED_MAX : revealSpeed(predict.runSeconds));
  sim.play();
  check(useSimStore.getState());
}

/** Opens a lesson link's rest (`<lessonId>/<step>`); a message when it names nothing. */
export function openLink(rest: string): string | null {
  const [id = '', stepText, ...extra] = rest.split('/');
  const lessonId = decodeURIComponent(id);
  const lesson = lessonById(lessonId);
  const known = LESSONS.map((l) => l.id).join(', ');
  if (lessonId === '') return `This lesson link names no lesson. The lessons are: ${known}.`;
  if (lesson === undefined) {
    return `There is no lesson “${truncate(lessonId)}”. The lessons are: ${known}.`;
  }
  const stepNo = stepText === undefined || stepText === '' ? 1 : Number(stepText);
  if (extra.length > 0 || !Number.isInteger(stepNo) || stepNo < 1 || stepNo > lesson.steps.length) {
    return `Lesson “${lesson.title}” has steps 1 to ${lesson.steps.length}; the link asks for step “${truncate(rest.slice(id.length + 1))}”.`;
  }
  openStep(lesson, stepNo, false);
  return null;
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** Every lesson target is a stage target (checked by the compiler, not at run time). */
export const asStageTarget = (t: LessonTarget): StageTarget => t;
