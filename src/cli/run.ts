/**
 * The headless runner's logic, kept apart from the process so tests can call
 * it: read a scenario file, validate it, run it, print the run report.
 * Contract (scenario-format.md): report JSON + newline on stdout and exit 0;
 * any problem → one `<path>: <message>` line per problem on stderr, nothing on
 * stdout, exit 2. The report is streamed (writeJson.ts), never held as one
 * string, so runs with millions of records print.
 */
import type { ResolvedScenario, RunReport } from '../engine/types';
import { parseScenarioText } from '../scenarios/validate';
import { errorCode } from './stdoutSink';
import { ChunkedWriter } from './writeJson';

/** Where the CLI reads and writes; the entry passes the real process, tests pass buffers. */
export interface CliIo {
  /** Reads a file as UTF-8; throws (e.g. ENOENT) when it cannot. */
  readFile(path: string): string;
  /** Receives the report in chunks (about 64 KB each), in order; may throw (EPIPE, ENOSPC). */
  stdout(text: string): void;
  /**
   * Receives report text as UTF-8 bytes, in order with stdout's chunks (the
   * bytes are valid only during the call). Without it, bytes are decoded and
   * go to stdout as text.
   */
  stdoutBytes?(bytes: Uint8Array): void;
  stderr(text: string): void;
}

/** A run's report that writes itself as JSON text (JSON.stringify's text), in chunks. */
export interface ReportSource {
  writeJson(sink: (chunk: string) => void, byteSink?: (bytes: Uint8Array) => void): void;
}

/**
 * The engine call, injected so validation can be tested without running a
 * simulation: the report, or a source writing it (the real runner: no report
 * object is built).
 */
export type ScenarioRunner = (scenario: ResolvedScenario) => RunReport | ReportSource;

export const USAGE = 'Usage: npm run --silent simulate -- path/to/scenario.json';

/** Exit codes: 0 report printed, 1 internal error or failed write, 2 bad usage or invalid scenario. */
export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_INVALID = 2;

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Runs the CLI for the given arguments (after the script name) and returns the exit code. */
export function runCli(argv: readonly string[], io: CliIo, run: ScenarioRunner): number {
  const args = argv.filter((a) => a !== '--');
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h') {
    io.stderr(`No scenario file given.\n${USAGE}\n`);
    return EXIT_INVALID;
  }
  if (args.length > 1) {
    io.stderr(`Expected one scenario file, got ${args.length}: ${args.join(' ')}\n${USAGE}\n`);
    return EXIT_INVALID;
  }
  const file = args[0] as string;
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    io.stderr(`${file}: cannot read the scenario file: ${errorText(e)}\n`);
    return EXIT_INVALID;
  }
  const parsed = parseScenarioText(text, file);
  if (!parsed.ok) {
    io.stderr(
      parsed.problems
        .map((p) => (p.path === '' ? p.message : `${p.path}: ${p.message}`))
        .join('\n') + '\n',
    );
    return EXIT_INVALID;
  }
  let report: RunReport | ReportSource;
  try {
    report = run(parsed.scenario);
  } catch (e) {
    io.stderr(`${file}: the simulation failed: ${errorText(e)}\n`);
    return EXIT_INTERNAL;
  }
  return printReport(report, file, io);
}

/** Streams `JSON.stringify(report)` + newline to stdout; a failed write ends the run with exit 1. */
function printReport(report: RunReport | ReportSource, file: string, io: CliIo): number {
  try {
    if ('writeJson' in report) {
      const bytes = io.stdoutBytes;
      report.writeJson(
        (chunk) => io.stdout(chunk),
        bytes === undefined ? undefined : (b) => bytes.call(io, b),
      );
      io.stdout('\n');
    } else {
      const out = new ChunkedWriter((chunk) => io.stdout(chunk));
      out.value(report);
      out.text('\n');
      out.flush();
    }
  } catch (e) {
    // The reader went away (e.g. `| head`): nobody is listening, so say nothing.
    if (errorCode(e) === 'EPIPE') return EXIT_INTERNAL;
    io.stderr(`${file}: cannot write the run report: ${errorText(e)}\n`);
    return EXIT_INTERNAL;
  }
  return EXIT_OK;
}
