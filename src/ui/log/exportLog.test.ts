import { describe, expect, it } from 'vitest';
import { describeEvent } from './describe';
import { logCsv, logJsonLines } from './exportLog';
import { ALL_EVENTS } from './fixtures.test-data';

/** A small RFC 4180 reader: rows of fields (quoted fields may hold commas, quotes and line breaks). */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('the event log downloads', () => {
  it('CSV: one row per event with the log’s sentence, readable back field by field', () => {
    const rows = readCsv(logCsv(ALL_EVENTS));
    expect(rows[0]).toEqual(['seq', 'time_s', 'kind', 'label', 'shard', 'records', 'text']);
    expect(rows).toHaveLength(ALL_EVENTS.length + 1);
    ALL_EVENTS.forEach((e, i) => {
      const d = describeEvent(e);
      expect(rows[i + 1]).toEqual([
        String(e.seq),
        String(e.t),
        e.kind,
        d.label,
        'shardId' in e && typeof e.shardId === 'string' ? e.shardId : '',
        d.recordIds.join(' '),
        d.text,
      ]);
    });
  });

  it('JSON lines: each event exactly as logged', () => {
    const lines = logJsonLines(ALL_EVENTS).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(ALL_EVENTS);
    expect(logJsonLines([])).toBe('');
  });
});
