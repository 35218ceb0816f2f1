/**
 * Share-link lengths, measured: for every example scenario with two live
 * edits, a moment and a followed record (a realistic shared state), the
 * characters after `#s/` with the lab's codec (raw DEFLATE by the browser's
 * CompressionStream, base64url) and with lz-string's
 * compressToEncodedURIComponent, the alternative the issue names.
 *
 * Usage: npx tsx scripts/link-lengths.ts
 */
import { readFileSync } from 'node:fs';
import LZString from 'lz-string';
import { asRecordId, type ScenarioAction } from '../src/engine/types';
import { parseScenario } from '../src/scenarios/validate';
import { encodePayload } from '../src/ui/share/codec';
import { captureState, stateToJson } from '../src/ui/share/state';

const index = JSON.parse(readFileSync('public/scenarios/index.json', 'utf8')) as { file: string }[];
const rows: { file: string; json: number; deflate: number; lz: number }[] = [];
for (const { file } of index) {
  const parsed = parseScenario(JSON.parse(readFileSync(`public/scenarios/${file}`, 'utf8')));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.problems[0]?.message ?? ''}`);
  const s = parsed.scenario;
  const live: ScenarioAction[] = [
    { at: 41.237, mapping: { BatchSize: 5 } },
    {
      at: 63.9,
      records: [
        {
          id: asRecordId('poison-639-1'),
          at: 63.9,
          key: 'k2',
          body: null,
          failDeliveries: -1,
          failAs: 'error',
          MessageDeduplicationId: s.source.type === 'sqs-fifo' ? 'poison-639-1' : null,
        },
      ],
    },
  ];
  const applied = [...s.actions.filter((a) => a.at <= 87.412), ...live].sort((a, b) => a.at - b.at);
  const state = captureState(
    { scenario: s, actions: applied, snapshot: { t: 87.412 }, selectedRecord: asRecordId('r1') },
    null,
  );
  if (state === null) continue;
  const json = JSON.stringify(stateToJson(state));
  rows.push({
    file,
    json: json.length,
    deflate: (await encodePayload(stateToJson(state))).length,
    lz: LZString.compressToEncodedURIComponent(json).length,
  });
}
const mean = (k: 'json' | 'deflate' | 'lz') =>
  Math.round(rows.reduce((a, r) => a + r[k], 0) / rows.length);
const range = (k: 'deflate' | 'lz') =>
  `${Math.min(...rows.map((r) => r[k]))}–${Math.max(...rows.map((r) => r[k]))}`;
for (const r of rows) {
  console.log(
    `${r.file.padEnd(44)} JSON ${String(r.json).padStart(5)}  DEFLATE ${String(r.deflate).padStart(4)}  lz-string ${String(r.lz).padStart(4)}`,
  );
}
console.log(
  `mean over ${rows.length}: JSON ${mean('json')}, DEFLATE ${mean('deflate')} (${range('deflate')}), lz-string ${mean('lz')} (${range('lz')})`,
);
