/**
 * The event log's downloads (loaded on the first click): the events the log
 * shows with its filters applied, as CSV (one row per event, the log's own
 * sentence included) or as JSON lines (each event exactly as the engine
 * logged it, one JSON object per line).
 */
import type { SimEvent } from '../../engine/types';
import { csvField } from '../charts/exportChart';
import { describeEvent } from './describe';

/** The shard (streams) or nothing (queues) an event happened on. */
function placeOf(e: SimEvent): string {
  return 'shardId' in e && typeof e.shardId === 'string' ? e.shardId : '';
}

/** CSV: seq, time, kind, the log's label and sentence, the shard and the records named. */
export function logCsv(events: readonly SimEvent[]): string {
  const rows = [['seq', 'time_s', 'kind', 'label', 'shard', 'records', 'text'].join(',')];
  for (const e of events) {
    const d = describeEvent(e);
    rows.push(
      [e.seq, e.t, e.kind, d.label, placeOf(e), d.recordIds.join(' '), d.text]
        .map((v) => csvField(v))
        .join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}

/** JSON lines: one engine event per line. */
export function logJsonLines(events: readonly SimEvent[]): string {
  return events.map((e) => `${JSON.stringify(e)}\n`).join('');
}
