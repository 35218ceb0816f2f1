/**
 * Entry of `npm run --silent simulate -- path/to/scenario.json`: wires runCli
 * (run.ts) to the process and the engine.
 */
import { readFileSync } from 'node:fs';
import { runScenario } from '../engine/index';
import { runCli } from './run';

process.exitCode = runCli(
  process.argv.slice(2),
  {
    readFile: (path) => readFileSync(path, 'utf8'),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  },
  runScenario,
);
