import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asRecordId, type ScenarioAction } from '../../engine/types';
import { EXAMPLES } from '../../scenarios/examples';
import { parseScenario } from '../../scenarios/validate';
import { canonicalOrder, scenarioDocument, scenarioFileName, scenarioFileText } from './canonical';
import { mergeActions } from './state';

const files = import.meta.glob<{ default: unknown }>('../../../public/scenarios/*.json', {
  eager: true,
});
const exampleJson = (id: string): unknown => {
  const hit = Object.entries(files).find(([path]) => path.endsWith(`/${id}.json`));
  if (hit === undefined) throw new Error(`no example ${id}`);
  return structuredClone(hit[1].default);
};

/** Import: what the worker does with a file's text. */
function importText(text: string) {
  const parsed = parseScenario(JSON.parse(text) as unknown);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.scenario;
}

const exportText = (s: ReturnType<typeof importText>, actions?: readonly ScenarioAction[]) =>
  scenarioFileText(scenarioDocument(s, actions));

/** Shuffles every object's keys (as a hand-edited file or another tool might order them). */
function shuffleKeys(v: unknown, seed: number): unknown {
  if (Array.isArray(v)) return v.map((x, i) => shuffleKeys(x, seed + i));
  if (typeof v !== 'object' || v === null) return v;
  const entries = Object.entries(v as Record<string, unknown>);
  let s = seed;
  for (let i = entries.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [entries[i], entries[j]] = [entries[j] as [string, unknown], entries[i] as [string, unknown]];
  }
  return Object.fromEntries(entries.map(([k, x]) => [k, shuffleKeys(x, seed + k.length)]));
}

describe('the scenario file (canonical form)', () => {
  it('import then export gives the same bytes, for every example', () => {
    expect(EXAMPLES.length).toBeGreaterThan(20);
    for (const ex of EXAMPLES) {
      const first = exportText(importText(JSON.stringify(exampleJson(ex.id))));
      expect(first.endsWith('}\n')).toBe(true);
      expect(exportText(importText(first))).toBe(first);
    }
  });

  it('does not depend on the order of keys in the file (fuzz)', () => {
    const ids = EXAMPLES.map((e) => e.id);
    fc.assert(
      fc.property(fc.constantFrom(...ids), fc.nat(), (id, seed) => {
        const json = exampleJson(id);
        const a = exportText(importText(JSON.stringify(json)));
        const b = exportText(importText(JSON.stringify(shuffleKeys(json, seed))));
        expect(b).toBe(a);
      }),
      { numRuns: 60 },
    );
  });

  it('writes live edits (in the order the controls made them) canonically, and re-imports them', () => {
    const s = importText(JSON.stringify(exampleJson('sqs-poison-to-dlq')));
    const live: ScenarioAction[] = [
      { records: [], mapping: { MaximumBatchingWindowInSeconds: 2, BatchSize: 20 }, at: 4.5 },
      {
        function: { durationSeconds: { jitter: 0, perRecord: 0.01, base: 0.2 }, Timeout: 9 },
        at: 7.25,
      },
      {
        records: [
          {
            MessageDeduplicationId: null,
            failAs: 'error',
            failDeliveries: -1,
            body: null,
            key: 'k0',
            at: 9,
            id: asRecordId('poison-90-1'),
          },
        ],
        at: 9,
      },
    ];
    const { actions } = mergeActions(s.actions, live);
    const text = exportText(s, actions);
    expect(text).toContain('"mapping": {\n        "BatchSize": 20,\n');
    expect(exportText(importText(text))).toBe(text);
  });

  it('reorders only: nothing added or lost, and reordering twice changes nothing (fuzz)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const doc = JSON.parse(JSON.stringify(obj)) as Parameters<typeof canonicalOrder>[0];
        const once = canonicalOrder(doc);
        expect(once).toEqual(doc);
        expect(JSON.stringify(canonicalOrder(once))).toBe(JSON.stringify(once));
      }),
    );
  });

  it('keeps a key named "__proto__" as the file had it (the fuzz found it dropped)', () => {
    const doc = JSON.parse('{"b":1,"__proto__":"","a":{"__proto__":2}}') as Parameters<
      typeof canonicalOrder
    >[0];
    const once = canonicalOrder(doc);
    expect(Object.keys(once)).toContain('__proto__');
    expect(JSON.stringify(once)).toBe('{"__proto__":"","a":{"__proto__":2},"b":1}');
  });

  it('names the file after the title', () => {
    expect(scenarioFileName('Kinesis: a poison record blocks its shard')).toBe(
      'kinesis-a-poison-record-blocks-its-shard.json',
    );
    expect(scenarioFileName(null)).toBe('scenario.json');
    expect(scenarioFileName('ÉSM — Déjà vu!')).toBe('esm-deja-vu.json');
  });
});

describe('mergeActions', () => {
  const a = (at: number, BatchSize: number): ScenarioAction => ({ at, mapping: { BatchSize } });

  it('keeps applied actions in order, marks the live ones, and appends scripted ones to come', () => {
    const scripted = [a(10, 5), a(30, 7)];
    const applied = [{ mapping: { BatchSize: 5 }, at: 10 }, a(12, 9)];
    expect(mergeActions(scripted, applied)).toEqual({
      actions: [applied[0], applied[1], scripted[1]],
      live: [1],
    });
    expect(mergeActions(scripted, [])).toEqual({ actions: scripted, live: [] });
    expect(mergeActions([], [a(1, 2), a(1, 3)])).toEqual({
      actions: [a(1, 2), a(1, 3)],
      live: [0, 1],
    });
  });
});
