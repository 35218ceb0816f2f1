/**
 * Entry of `npm run --silent simulate -- path/to/scenario.json`: wires runCli
 * (run.ts) to the process and the engine (runner.ts: the run in slices with a
 * memory check, so a run too big stops with a message, not a V8 abort). The
 * report goes to stdout (fd 1)
 * with synchronous writes (stdoutSink.ts; the report writers' UTF-8 bytes as
 * they are), so memory stays flat and a closed
 * pipe (EPIPE) surfaces as an error runCli handles rather than an 'error'
 * event with a stack trace.
 */
import { readFileSync } from 'node:fs';
import { reportSourceGuarded } from './runner';
import { runCli } from './run';
import { fdByteSink, fdSink } from './stdoutSink';

process.exitCode = runCli(
  process.argv.slice(2),
  {
    readFile: (path) => readFileSync(path, 'utf8'),
    stdout: fdSink(1),
    stdoutBytes: fdByteSink(1),
    stderr: (text) => process.stderr.write(text),
  },
  reportSourceGuarded,
);
