/**
 * The run report as JSON text, written straight from the simulation state:
 * exactly the text `JSON.stringify(sim.report())` gives, without building the
 * report (millions of objects for a long run) or one huge string. The headless
 * runner streams it to stdout in chunks.
 *
 * Each source model registers its writer for its simulations; a simulation
 * without one (or a report this writer cannot reproduce byte for byte: record
 * ids that a JSON object would reorder or merge) is written from sim.report().
 */
import type { RunReport, Simulation } from './types';

/** Receives the text in order, in chunks of about CHUNK characters. */
export type JsonSink = (chunk: string) => void;

/** About 64 KB per chunk. */
export const CHUNK = 64 * 1024;

/** Appends text and hands it on in chunks. */
export class JsonText {
  private buf = '';

  constructor(private readonly sink: JsonSink) {}

  add(text: string): void {
    this.buf += text;
    if (this.buf.length >= CHUNK) this.flush();
  }

  flush(): void {
    if (this.buf === '') return;
    const chunk = this.buf;
    this.buf = '';
    this.sink(chunk);
  }
}

/**
 * A report writer: writes the whole report (as JSON.stringify would) and
 * returns true, or returns false without writing anything when it cannot
 * reproduce it exactly.
 */
export type ReportWriter = (out: JsonText) => boolean;

const WRITERS = new WeakMap<Simulation, ReportWriter>();

/** Registers the direct writer of a simulation's full report. */
export function registerReportWriter(sim: Simulation, writer: ReportWriter): void {
  WRITERS.set(sim, writer);
}

/** Writes JSON.stringify(sim.report()) to the sink, in chunks. */
export function writeReportJson(sim: Simulation, sink: JsonSink): void {
  const out = new JsonText(sink);
  const writer = WRITERS.get(sim);
  if (writer === undefined || !writer(out)) writeReportObject(sim.report(), out);
  out.flush();
}

/** JSON.stringify(report), a section at a time (the records map one entry at a time). */
export function writeReportObject(report: RunReport, out: JsonText): void {
  out.add(
    `{"format":${report.format},"seed":${json(report.seed)},"endedAt":${json(report.endedAt)}`,
  );
  out.add(',"invocations":[');
  report.invocations.forEach((inv, i) => out.add((i > 0 ? ',' : '') + JSON.stringify(inv)));
  out.add('],"records":{');
  let first = true;
  for (const [id, r] of Object.entries(report.records)) {
    out.add(`${first ? '' : ','}${JSON.stringify(id)}:${JSON.stringify(r)}`);
    first = false;
  }
  out.add('},"onFailureDestination":');
  out.add(JSON.stringify(report.onFailureDestination));
  out.add(',"deadLetterQueue":');
  out.add(JSON.stringify(report.deadLetterQueue));
  out.add(',"metrics":');
  out.add(JSON.stringify(report.metrics));
  out.add('}');
}

/** JSON text of a number or string (as JSON.stringify writes it). */
export function json(v: number | string | null): string {
  return JSON.stringify(v);
}

/** Times in reports are rounded to milliseconds (as the report builders do). */
export const ms = (t: number): number => Math.round(t * 1000) / 1000;

/** A JSON number as JSON.stringify writes it (finite numbers only reach here; others: null). */
export const num = (n: number): string => (Number.isFinite(n) ? String(n) : 'null');

/** Whether a string is a canonical array index ("0", "17"): JSON objects list those keys first. */
export function isIndexKey(id: string): boolean {
  if (id.length === 0 || id.length > 10) return false;
  if (id === '0') return true;
  const c = id.charCodeAt(0);
  if (c < 49 || c > 57) return false;
  for (let i = 1; i < id.length; i++) {
    const d = id.charCodeAt(i);
    if (d < 48 || d > 57) return false;
  }
  return Number(id) < 4294967295;
}

/**
 * Whether explicit record ids could make a JSON object's key order differ
 * from insertion order (index-like ids), or merge entries (duplicates), or
 * "__proto__" (set specially): then the report is built as an object.
 */
export function idsNeedObject(names: readonly string[]): boolean {
  const seen = new Set<string>();
  for (const id of names) {
    if (seen.has(id) || id === '__proto__' || isIndexKey(id)) return true;
    seen.add(id);
  }
  return false;
}
