/**
 * The byte-identity corpus for engine refactors: the example scenarios, the
 * two five-minute simulate scenarios and a few dozen seeded random scenarios
 * (streams and queues, every feature), each run as the CLI runs it (its run
 * report, byte for byte) and as the app runs it (a bounded run's events,
 * snapshots, metrics, stories, payloads, and a checkpoint restored and run on).
 *
 *   npx tsx src/bench/reportCorpus.ts write <dir>   # before a change
 *   npx tsx src/bench/reportCorpus.ts check <dir>   # after it: names every file that differs
 *
 * `check` exits 1 when any output differs (or is missing).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  createSimulation,
  restoreSimulation,
  type RecordId,
  type ResolvedScenario,
} from '../engine';
import { reportSourceGuarded } from '../cli/runner';
import { parseScenarioText } from '../scenarios/validate';
import { simulateBenchScenarios } from './simulateBench';

/** A tiny seeded generator (mulberry32) for the random scenarios: fixed forever. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DESTINATIONS = [
  'arn:aws:sqs:us-east-1:123456789012:esm-lab-failures',
  'arn:aws:sns:us-east-1:123456789012:esm-lab-failures',
  'arn:aws:s3:::esm-lab-failures',
];

/** One random scenario (as JSON text), stream or queue, using most features. */
function randomScenario(n: number): Record<string, unknown> {
  const r = rng(1000 + n);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const type = pick(['kinesis', 'dynamodb', 'sqs', 'sqs-fifo'] as const);
  const stream = type === 'kinesis' || type === 'dynamodb';
  const fifo = type === 'sqs-fifo';
  const duration = pick([60, 120, 300, 600]);
  const source: Record<string, unknown> = { type };
  const mapping: Record<string, unknown> = {};
  const fn: Record<string, unknown> = {
    Timeout: int(1, 6),
    durationSeconds: {
      base: pick([0.01, 0.05, 0.2, 0.8]),
      perRecord: pick([0, 0.001, 0.01]),
      jitter: pick([0, 0, 0.3]),
    },
    failureMode: pick(['throw', 'reportBatchItemFailures']),
    errorRate: pick([0, 0, 0, 0.05]),
  };
  if (r() < 0.15) fn.response = 'invalid';
  if (r() < 0.3) fn.ReservedConcurrentExecutions = int(0, 6);
  if (stream) {
    source.ShardCount = int(1, 4);
    mapping.StartingPosition = pick(['TRIM_HORIZON', 'TRIM_HORIZON', 'LATEST']);
    mapping.ParallelizationFactor = pick([1, 1, 2, 5, 10]);
    const window = pick([0, 0, 1, 3]);
    mapping.BatchSize = window > 0 ? int(1, 200) : int(1, 10);
    if (window > 0) mapping.MaximumBatchingWindowInSeconds = window;
    mapping.MaximumRetryAttempts = pick([-1, 0, 1, 3]);
    mapping.MaximumRecordAgeInSeconds = pick([-1, -1, 60, 120]);
    mapping.BisectBatchOnFunctionError = r() < 0.5;
    if (r() < 0.5) mapping.FunctionResponseTypes = ['ReportBatchItemFailures'];
    if (r() < 0.2) mapping.TumblingWindowInSeconds = pick([5, 30]);
    if (r() < 0.6) mapping.DestinationConfig = { OnFailure: { Destination: pick(DESTINATIONS) } };
    if (type === 'dynamodb' && r() < 0.5) {
      source.StreamViewType = pick(['KEYS_ONLY', 'NEW_IMAGE', 'OLD_IMAGE', 'NEW_AND_OLD_IMAGES']);
    }
  } else {
    const vt = int(Number(fn.Timeout), 40);
    source.VisibilityTimeout = vt;
    if (r() < 0.6) source.RedrivePolicy = { maxReceiveCount: int(1, 5) };
    if (!fifo && r() < 0.3) source.duplicateDeliveryRate = pick([0.05, 0.3]);
    if (r() < 0.15) source.MessageRetentionPeriod = pick([60, 120]);
    if (fifo) source.ContentBasedDeduplication = r() < 0.5;
    const window = fifo ? 0 : pick([0, 0, 1, 2]);
    mapping.BatchSize = fifo ? int(1, 10) : window > 0 ? int(1, 100) : int(1, 10);
    if (window > 0) mapping.MaximumBatchingWindowInSeconds = window;
    if (r() < 0.5) mapping.FunctionResponseTypes = ['ReportBatchItemFailures'];
    if (r() < 0.3) mapping.ScalingConfig = { MaximumConcurrency: int(2, 8) };
  }
  if (r() < 0.2) {
    mapping.FilterCriteria = {
      Filters: [
        { Pattern: stream ? '{"data":{"n":[{"numeric":[">",3]}]}}' : '{"body":[{"prefix":"{"}]}' },
      ],
    };
  }
  const keys = int(1, 12);
  const records = Array.from({ length: int(0, 40) }, (_, i) => {
    const rec: Record<string, unknown> = {
      id: `r${i}`,
      at: int(-20, Math.min(duration - 1, 90)),
      key: `key${int(0, keys)}`,
    };
    if (r() < 0.2) rec.failDeliveries = pick([1, 2, -1]);
    if (r() < 0.1) rec.failAs = 'timeout';
    if (r() < 0.3) rec.body = JSON.stringify({ n: int(0, 9), note: `x${i}` });
    if (fifo) rec.MessageDeduplicationId = r() < 0.1 ? 'dup' : `d${i}`;
    return rec;
  });
  const producers =
    r() < 0.7
      ? [
          {
            ratePerSecond: pick([1, 5, 20, 100, 400]),
            keys: int(1, 50),
            keyMode: pick(['roundRobin', 'random']),
            from: 0,
            until: Math.floor(duration * pick([0.5, 1])),
            failProbability: pick([0, 0, 0.01, 0.05]),
          },
        ]
      : [];
  const actions: Record<string, unknown>[] = [];
  if (r() < 0.4) {
    actions.push({ at: Math.floor(duration / 4), mapping: { Enabled: false } });
    actions.push({ at: Math.floor(duration / 3), mapping: { Enabled: true } });
  }
  if (r() < 0.3) actions.push({ at: Math.floor(duration / 2), failNextInvocations: int(1, 5) });
  if (r() < 0.3) {
    actions.push({
      at: Math.floor(duration / 2) + 1,
      records: [
        {
          id: 'live-1',
          key: 'key1',
          failDeliveries: -1,
          ...(fifo ? { MessageDeduplicationId: 'live-1' } : {}),
        },
      ],
    });
  }
  if (r() < 0.3)
    actions.push({ at: Math.floor(duration / 2) + 2, function: { Timeout: Number(fn.Timeout) } });
  if (r() < 0.3 && producers.length > 0) {
    actions.push({
      at: Math.floor(duration * 0.6),
      producers: [{ ratePerSecond: pick([2, 50]), keys: 3, from: 0, until: duration }],
    });
  }
  actions.sort((a, b) => Number(a.at) - Number(b.at));
  return {
    format: 1,
    title: `fuzz ${n}`,
    seed: int(1, 10_000),
    durationSeconds: duration,
    source,
    mapping,
    function: fn,
    records,
    producers,
    actions,
  };
}

/** How many random scenarios the corpus holds (only valid ones are kept). */
const RANDOM_TRIES = 60;

/** The corpus: name → scenario JSON text. */
export function corpusScenarios(examplesDir = 'public/scenarios'): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readdirSync(examplesDir).sort()) {
    if (!f.endsWith('.json') || f === 'index.json') continue;
    out.set(`example-${f.replace(/\.json$/, '')}`, readFileSync(join(examplesDir, f), 'utf8'));
  }
  for (const b of simulateBenchScenarios()) out.set(`bench-${b.name}`, JSON.stringify(b.draft));
  for (let n = 0; n < RANDOM_TRIES; n++) {
    const text = JSON.stringify(randomScenario(n), null, 1);
    if (parseScenarioText(text, 'fuzz').ok) out.set(`fuzz-${String(n).padStart(2, '0')}`, text);
  }
  return out;
}

/** The CLI's stdout for a scenario: the run report written as JSON (as simulate.ts does), then a newline. */
function cliOutput(scenario: ResolvedScenario): string {
  const chunks: string[] = [];
  reportSourceGuarded(scenario).writeJson((c) => chunks.push(c));
  return chunks.join('') + '\n';
}

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * What the app sees: a bounded run (historyLimit 300) read at a few instants
 * (events, snapshot, recent metrics, a record's story, an invocation's payload,
 * the 'recent' report), a checkpoint at the middle restored twice and run on.
 */
function appTrace(scenario: ResolvedScenario): string {
  const lines: string[] = [];
  const d = scenario.durationSeconds;
  const sim = createSimulation(scenario, { historyLimit: 300 });
  const instants = [0.5, d * 0.2, d * 0.45, d * 0.5, d * 0.8, d].map(
    (t) => Math.round(t * 100) / 100,
  );
  let saved = null;
  for (const t of instants) {
    sim.runUntil(t);
    const events = sim.drainEvents();
    lines.push(`t=${t} events ${events.length} ${digest(JSON.stringify(events))}`);
    lines.push(`snapshot ${JSON.stringify(sim.snapshot())}`);
    lines.push(`metrics ${digest(JSON.stringify(sim.metrics(Math.max(0, t - 30))))}`);
    const last = events.at(-1);
    const id =
      last !== undefined && 'recordIds' in last && last.recordIds.length > 0
        ? last.recordIds[0]!
        : null;
    if (id !== null)
      lines.push(`story ${id} ${digest(JSON.stringify(sim.recordStory(id as RecordId)))}`);
    const n = sim.snapshot().totals.invocations;
    lines.push(`payload ${n} ${digest(JSON.stringify(sim.invocationEvent(n)))}`);
    if (t === instants[3]) saved = sim.saveState();
  }
  lines.push(`recent ${digest(JSON.stringify(sim.report('recent')))}`);
  if (saved !== null) {
    for (let k = 0; k < 2; k++) {
      const again = restoreSimulation(saved);
      again.runUntil(d);
      lines.push(
        `restored#${k} ${digest(JSON.stringify(again.snapshot()))} ${digest(JSON.stringify(again.metrics()))}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

function main(): number {
  const [mode, dir] = process.argv.slice(2);
  if ((mode !== 'write' && mode !== 'check') || dir === undefined) {
    console.error('Usage: npx tsx src/bench/reportCorpus.ts write|check <dir>');
    return 2;
  }
  const only = process.env.CORPUS_ONLY;
  const skipTraces = process.env.CORPUS_SKIP_TRACES === '1';
  mkdirSync(join(dir, 'scenarios'), { recursive: true });
  let differ = 0;
  let count = 0;
  for (const [name, text] of corpusScenarios()) {
    if (only !== undefined && !name.includes(only)) continue;
    const parsed = parseScenarioText(text, name);
    if (!parsed.ok) {
      console.error(
        `${name}: invalid: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      );
      differ++;
      continue;
    }
    count++;
    if (mode === 'write') writeFileSync(join(dir, 'scenarios', `${name}.json`), text);
    const outputs: [string, () => string][] = [
      [`${name}.report.json`, () => cliOutput(parsed.scenario)],
    ];
    if (!skipTraces && !name.startsWith('bench-')) {
      outputs.push([`${name}.trace.txt`, () => appTrace(parsed.scenario)]);
    }
    for (const [file, make] of outputs) {
      const path = join(dir, file);
      const text = make();
      if (mode === 'write') writeFileSync(path, text);
      else if (!existsSync(path)) {
        console.error(`missing: ${file}`);
        differ++;
      } else if (readFileSync(path, 'utf8') !== text) {
        console.error(`DIFFERS: ${file}`);
        writeFileSync(`${path}.new`, text);
        differ++;
      }
    }
  }
  console.log(`${mode}: ${count} scenarios, ${differ} differing`);
  return differ === 0 ? 0 : 1;
}

process.exitCode = main();
