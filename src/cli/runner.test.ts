/**
 * The CLI's runner reports exactly what runScenario reports, and stops with a
 * clear error (exit 1 through runCli) when memory runs short.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../engine/index';
import { parseScenarioText } from '../scenarios/validate';
import { EXIT_INTERNAL, runCli } from './run';
import { runScenarioGuarded, SLICE_SECONDS } from './runner';

const DIR = 'public/scenarios';

function scenarioOf(text: string, name: string) {
  const parsed = parseScenarioText(text, name);
  if (!parsed.ok) throw new Error(`${name} is invalid`);
  return parsed.scenario;
}

describe('runScenarioGuarded', () => {
  it('gives the same report as runScenario for every example', () => {
    const files = readdirSync(DIR).filter((f) => f !== 'index.json');
    expect(files.length).toBeGreaterThan(10);
    // Some examples must run longer than one slice, or slicing is not exercised.
    let sliced = 0;
    for (const f of files) {
      const scenario = scenarioOf(readFileSync(`${DIR}/${f}`, 'utf8'), f);
      if (scenario.durationSeconds > SLICE_SECONDS) sliced++;
      expect(JSON.stringify(runScenarioGuarded(scenario)), f).toBe(
        JSON.stringify(runScenario(scenario)),
      );
    }
    expect(sliced).toBeGreaterThan(5);
  });

  it('stops at the first slice past the memory limit, naming where', () => {
    const scenario = scenarioOf(readFileSync(`${DIR}/kinesis-throttled.json`, 'utf8'), 'x');
    let checks = 0;
    expect(scenario.durationSeconds).toBeGreaterThan(2 * SLICE_SECONDS);
    const guard = { maxHeapBytes: 1.5 * 2 ** 30, heapUsed: () => (++checks >= 2 ? 2 ** 31 : 0) };
    expect(() => runScenarioGuarded(scenario, guard)).toThrow(
      `the run needs more memory than the headless runner has (2.0 GB in use at simulated second ${2 * SLICE_SECONDS} of ${scenario.durationSeconds}, the limit is 1.5 GB)`,
    );
    expect(checks).toBe(2);
  });

  it('makes runCli exit 1 with one line on stderr and nothing on stdout', () => {
    const text = readFileSync(`${DIR}/kinesis-happy-path.json`, 'utf8');
    let out = '';
    let err = '';
    const code = runCli(
      ['k.json'],
      {
        readFile: () => text,
        stdout: (t) => {
          out += t;
        },
        stderr: (t) => {
          err += t;
        },
      },
      (s) => runScenarioGuarded(s, { maxHeapBytes: 0, heapUsed: () => 1 }),
    );
    expect(code).toBe(EXIT_INTERNAL);
    expect(out).toBe('');
    expect(err).toMatch(
      /^k\.json: the simulation failed: the run needs more memory than the headless runner has \(.*\); shorten the run, lower the traffic, or bound the retries\n$/,
    );
  });
});
