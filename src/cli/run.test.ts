import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulation, runScenario } from '../engine/index';
import type { RunReport } from '../engine/types';
import { parseScenarioText } from '../scenarios/validate';
import { EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, runCli, type CliIo } from './run';

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(argv: string[], files: Record<string, string>, run = runScenario): Captured {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return text;
    },
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  };
  const code = runCli(argv, io, run);
  return { code, stdout, stderr };
}

const valid = JSON.stringify({
  format: 1,
  seed: 3,
  durationSeconds: 30,
  source: { type: 'sqs', RedrivePolicy: { maxReceiveCount: 2 }, VisibilityTimeout: 5 },
  records: [{ id: 'ok' }, { id: 'bad', at: 1, failDeliveries: -1 }],
  producers: [{ ratePerSecond: 2, until: 10 }],
});

const neverRun = (): RunReport => {
  throw new Error('the engine must not run for an invalid scenario');
};

describe('runCli', () => {
  it('prints the report as JSON plus a newline and exits 0', () => {
    const r = cli(['s.json'], { 's.json': valid });
    expect(r.code).toBe(EXIT_OK);
    expect(r.stderr).toBe('');
    expect(r.stdout.endsWith('}\n')).toBe(true);
    const report = JSON.parse(r.stdout) as RunReport;
    expect(report.format).toBe(1);
    expect(report.seed).toBe(3);
    expect(report.records.bad?.status).toBe('movedToDlq');
  });

  it('gives byte-identical output for the same scenario', () => {
    const a = cli(['s.json'], { 's.json': valid });
    const b = cli(['--', 's.json'], { 's.json': valid });
    expect(a.stdout.length).toBeGreaterThan(100);
    expect(b.stdout).toBe(a.stdout);
  });

  it('prints one line per problem on stderr, nothing on stdout, exit 2', () => {
    const bad = JSON.stringify({
      format: 1,
      durationSeconds: 30,
      source: { type: 'sqs' },
      mapping: { BatchSize: 50, Colour: 'red' },
    });
    const r = cli(['bad.json'], { 'bad.json': bad }, neverRun);
    expect(r.code).toBe(EXIT_INVALID);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n').sort()).toEqual([
      'mapping.BatchSize: Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
      'mapping.Colour: Unknown field "Colour"',
    ]);
  });

  it('runs a stream mapping with BatchSize 100 and no batching window (the stream default)', () => {
    for (const type of ['kinesis', 'dynamodb']) {
      const scenario = JSON.stringify({
        format: 1,
        durationSeconds: 20,
        source: { type, ShardCount: 1 },
        mapping: { BatchSize: 100, StartingPosition: 'TRIM_HORIZON' },
        records: Array.from({ length: 250 }, (_, i) => ({ id: `r${i}`, key: `k${i % 5}` })),
      });
      const r = cli(['stream.json'], { 'stream.json': scenario });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(EXIT_OK);
      const report = JSON.parse(r.stdout) as RunReport;
      // Each poll hands over what it read at once, up to BatchSize: 100, 100, then 50.
      expect(report.invocations.map((i) => i.records.length)).toEqual([100, 100, 50]);
      expect(Object.values(report.records).every((x) => x.status === 'succeeded')).toBe(true);
    }
  });

  it('rejects BatchSize 100 without a window on an SQS standard queue, in AWS words', () => {
    const scenario = JSON.stringify({
      format: 1,
      durationSeconds: 20,
      source: { type: 'sqs' },
      mapping: { BatchSize: 100 },
    });
    const r = cli(['q.json'], { 'q.json': scenario }, neverRun);
    expect(r.code).toBe(EXIT_INVALID);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'mapping.BatchSize: Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10\n',
    );
  });

  it('rejects a role that cannot read the source at function.executionRolePolicies (exit 2)', () => {
    const scenario = JSON.stringify({
      format: 1,
      durationSeconds: 20,
      source: { type: 'sqs' },
      function: { executionRolePolicies: ['AWSLambdaBasicExecutionRole'] },
    });
    const r = cli(['role.json'], { 'role.json': scenario }, neverRun);
    expect(r.code).toBe(EXIT_INVALID);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'function.executionRolePolicies: The provided execution role does not have permissions to call ReceiveMessage on SQS\n',
    );
    const fixed = scenario.replace(
      '["AWSLambdaBasicExecutionRole"]',
      '["AWSLambdaBasicExecutionRole","AWSLambdaSQSQueueExecutionRole"]',
    );
    const ok = cli(['role.json'], { 'role.json': fixed });
    expect(ok.code).toBe(EXIT_OK);
    // The role changes nothing about the run: the report equals the default role's.
    const implicit = cli(['d.json'], {
      'd.json': JSON.stringify({ format: 1, durationSeconds: 20, source: { type: 'sqs' } }),
    });
    expect(ok.stdout).toBe(implicit.stdout);
  });

  it('names the file and position of a JSON syntax error', () => {
    const r = cli(['broken.json'], { 'broken.json': '{\n  "format": 1,\n}' }, neverRun);
    expect(r.code).toBe(EXIT_INVALID);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'broken.json: invalid JSON at line 3, column 1 (position 17): expected a property name in double quotes\n',
    );
  });

  it('explains a missing file, a missing argument and extra arguments', () => {
    const missing = cli(['nope.json'], {}, neverRun);
    expect(missing.code).toBe(EXIT_INVALID);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^nope\.json: cannot read the scenario file: ENOENT/);
    const none = cli([], {}, neverRun);
    expect(none.code).toBe(EXIT_INVALID);
    expect(none.stderr).toMatch(/No scenario file given\.\nUsage: npm run --silent simulate -- /);
    const two = cli(['a.json', 'b.json'], {}, neverRun);
    expect(two.code).toBe(EXIT_INVALID);
    expect(two.stderr).toMatch(/Expected one scenario file, got 2/);
  });

  it('reports an engine failure as an internal error without a partial report', () => {
    const r = cli(['s.json'], { 's.json': valid }, () => {
      throw new Error('boom');
    });
    expect(r.code).toBe(EXIT_INTERNAL);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('s.json: the simulation failed: boom\n');
  });
});

describe('runCli writing the report', () => {
  const sysError = (code: string): Error =>
    Object.assign(new Error(`${code}: write failed`), { code });

  function failingWrite(code: string, after: number): Captured & { written: string } {
    let written = '';
    let stderr = '';
    let calls = 0;
    const r = runCli(
      ['s.json'],
      {
        readFile: () => valid,
        stdout: (t) => {
          if (++calls > after) throw sysError(code);
          written += t;
        },
        stderr: (t) => {
          stderr += t;
        },
      },
      runScenario,
    );
    return { code: r, stdout: written, stderr, written };
  }

  it('streams the report in chunks that join to JSON.stringify(report) + newline', () => {
    const chunks: string[] = [];
    const code = runCli(
      ['s.json'],
      { readFile: () => valid, stdout: (t) => chunks.push(t), stderr: () => undefined },
      runScenario,
    );
    expect(code).toBe(EXIT_OK);
    const scenario = parseScenarioText(valid);
    if (!scenario.ok) throw new Error('the test scenario is valid');
    expect(chunks.join('')).toBe(`${JSON.stringify(runScenario(scenario.scenario))}\n`);
  });

  it('exits 1 without a word when the reader has gone (EPIPE)', () => {
    const r = failingWrite('EPIPE', 0);
    expect(r.code).toBe(EXIT_INTERNAL);
    expect(r.stderr).toBe('');
  });

  it('exits 1 naming the error when a write fails otherwise', () => {
    const r = failingWrite('ENOSPC', 0);
    expect(r.code).toBe(EXIT_INTERNAL);
    expect(r.stderr).toBe('s.json: cannot write the run report: ENOSPC: write failed\n');
  });
});

describe('runScenario, the runner the CLI uses', () => {
  it('keeps no event log yet reports exactly what a simulation keeping every event reports', () => {
    const files = readdirSync('public/scenarios').filter((f) => f !== 'index.json');
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const parsed = parseScenarioText(readFileSync(`public/scenarios/${f}`, 'utf8'), f);
      if (!parsed.ok) throw new Error(`${f} is invalid`);
      const scenario = parsed.scenario;
      const full = createSimulation(scenario, { historyLimit: null });
      full.runUntil(scenario.durationSeconds);
      expect(JSON.stringify(runScenario(scenario)), f).toBe(JSON.stringify(full.report()));
    }
  }, 30_000);

  it('drops the queue event log only when asked', () => {
    const parsed = parseScenarioText(valid);
    if (!parsed.ok) throw new Error('the test scenario is valid');
    const kept = createSimulation(parsed.scenario, { historyLimit: null });
    const dropped = createSimulation(parsed.scenario, { historyLimit: null, keepEvents: false });
    kept.runUntil(10);
    dropped.runUntil(10);
    expect(kept.drainEvents().length).toBeGreaterThan(10);
    expect(dropped.drainEvents()).toEqual([]);
    expect(dropped.snapshot()).toEqual(kept.snapshot());
  });
});

describe('the simulate entry', () => {
  it('runs as a process: report on stdout and exit 0; problems on stderr and exit 2', () => {
    const ok = spawnSync(
      'npx',
      ['tsx', 'src/cli/simulate.ts', 'public/scenarios/sqs-filtering.json'],
      {
        encoding: 'utf8',
      },
    );
    expect(ok.status).toBe(0);
    expect((JSON.parse(ok.stdout) as RunReport).records['refund-1']?.status).toBe('filtered');
    const bad = spawnSync('npx', ['tsx', 'src/cli/simulate.ts', 'no/such/file.json'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/no\/such\/file\.json: cannot read the scenario file/);
  }, 30_000);

  describe('with a 6 MB report (far more than a pipe buffers)', () => {
    let dir = '';
    let file = '';
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'esm-cli-'));
      file = join(dir, 'big.json');
      writeFileSync(
        file,
        JSON.stringify({
          format: 1,
          durationSeconds: 100,
          source: { type: 'kinesis', ShardCount: 2 },
          mapping: { StartingPosition: 'TRIM_HORIZON' },
          producers: [{ ratePerSecond: 1000, keys: 10 }],
        }),
      );
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const bash = (script: string) =>
      spawnSync('bash', ['-c', script], { encoding: 'utf8', maxBuffer: 64 << 20 });

    it('exits quietly when stdout is a pipe closed early (| head -c 100)', () => {
      const r = bash(
        `npx tsx src/cli/simulate.ts '${file}' | head -c 100; echo " exit=\${PIPESTATUS[0]}"`,
      );
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^\{"format":1,"seed":1,"endedAt":100,.{50,} exit=1\n$/s);
    }, 30_000);

    it('writes the whole report to a slow reader through a non-blocking pipe (EAGAIN)', () => {
      // Touching process.stdout first makes Node put the pipe in non-blocking mode.
      const entry = join(dir, 'entry.mts');
      writeFileSync(
        entry,
        `process.stdout.write('');\nawait import(${JSON.stringify(resolve('src/cli/simulate.ts'))});\n`,
      );
      const direct = bash(`npx tsx src/cli/simulate.ts '${file}'`);
      expect(direct.status).toBe(0);
      expect(direct.stdout.length).toBeGreaterThan(5_000_000);
      const slow = bash(
        `npx tsx '${entry}' '${file}' | (sleep 1; cat); echo "exit=\${PIPESTATUS[0]}" >&2`,
      );
      expect(slow.stderr).toBe('exit=0\n');
      expect(slow.stdout).toBe(direct.stdout);
    }, 60_000);
  });
});
