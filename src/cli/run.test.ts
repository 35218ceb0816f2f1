import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../engine/index';
import type { RunReport } from '../engine/types';
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
      source: { type: 'kinesis' },
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
});
