/**
 * Putting records into shards: explicit records, records from actions, and
 * producers. Producers are lazy: nothing is generated up front; before the
 * loop handles an event at time t it puts every record due at or before t
 * (`putRecordsDue`), so an hour at 1,000 records/s costs no scheduled events.
 */
import { countAt, SM } from './metricSeries';
import { chance, nextInt } from '../rng';
import type { ProducerSpec, RecordSpec } from '../types';
import { growColumn } from './columns';
import { makeRoomForRecord } from './compaction';
import {
  FLAG_BODY,
  FLAG_MODIFY,
  FLAG_TIMEOUT,
  ST,
  internKey,
  producerIdCode,
  secondAt,
  logRecordPut,
  type StreamState,
} from './state';

/** Puts one record at the end of its key's shard (MD5 routing) and logs `recordPut`. */
export function putRecord(
  s: StreamState,
  id: string | number,
  keyName: string,
  at: number,
  body: string | null,
  failDeliveries: number,
  failAs: 'error' | 'timeout',
  keyIndex = -1,
): number {
  const k = keyIndex >= 0 ? keyIndex : internKey(s, keyName);
  const shardIndex = s.keys.shard[k]!;
  const shard = s.shards[shardIndex]!;
  const rec = s.rec;
  // Room first: in bounded mode it may forget old records, which renumbers the rest.
  if (rec.n === rec.id.length) makeRoomForRecord(s);
  const i = rec.n;
  const pos = shard.size;
  const prev = s.keys.last[k]!;
  if (typeof id === 'number') rec.id[i] = id;
  else {
    rec.names.push(id);
    rec.id[i] = -rec.names.length;
  }
  rec.key[i] = k;
  rec.at[i] = at;
  rec.pos[i] = pos;
  rec.fail[i] = failDeliveries;
  // DynamoDB: the first record of an item key is an INSERT, later ones MODIFY.
  rec.flags[i] =
    (failAs === 'timeout' ? FLAG_TIMEOUT : 0) |
    (prev !== -1 ? FLAG_MODIFY : 0) |
    (body !== null ? FLAG_BODY : 0);
  rec.status[i] = ST.pending;
  rec.deliveries[i] = 0;
  rec.prev[i] = prev;
  rec.n = i + 1;
  if (body !== null) rec.bodies[i] = body;
  s.keys.last[k] = i;
  const slot = pos - shard.recsBase;
  if (slot === shard.recs.length) shard.recs = growColumn(shard.recs, slot, slot + 1);
  shard.recs[slot] = i;
  shard.size = pos + 1;
  s.byStatus[ST.pending]!++;
  const t = Math.max(0, at);
  countAt(s.metrics, SM.RecordsPut, secondAt(t));
  logRecordPut(s, i);
  return i;
}

/** Puts an explicit record spec (scenario or action). */
export function putSpec(s: StreamState, r: RecordSpec, at: number): number {
  return putRecord(s, r.id, r.key, at, r.body, r.failDeliveries, r.failAs);
}

/** Generates a producer's next record: id p<index>-<n>, key round robin or seeded, poison by failProbability. */
function produce(s: StreamState, p: StreamState['producers'][number], at: number): void {
  const n = s.producerCounters[p.index] ?? 0;
  s.producerCounters[p.index] = n + 1;
  p.k++;
  const keys = Math.max(1, Math.floor(p.spec.keys) || 1);
  const keyNumber = p.spec.keyMode === 'random' ? nextInt(s.rng, keys) : n % keys;
  const poison = chance(s.rng, p.spec.failProbability);
  // Interned key indices are cached per producer run: no key string per record.
  let k = p.keyIds[keyNumber] ?? -1;
  if (k < 0) {
    k = internKey(s, `k${keyNumber}`);
    while (p.keyIds.length < keyNumber) p.keyIds.push(-1);
    p.keyIds[keyNumber] = k;
  }
  putRecord(s, producerIdCode(p.index, n), s.keys.names[k]!, at, null, poison ? -1 : 0, 'error', k);
}

/**
 * Puts every explicit and producer record due at or before now, in time order
 * (explicit first on ties). It reads `s.now` itself: a time passed to a call
 * is boxed as a new heap number, and the loop calls this before every event.
 */
export function putRecordsDue(s: StreamState): void {
  const specs = s.scenario.records;
  const t = s.now;
  for (;;) {
    let best = Infinity;
    let which = -2;
    if (s.explicitNext < s.explicitOrder.length) {
      best = specs[s.explicitOrder[s.explicitNext]!]!.at;
      which = -1;
    }
    // Each producer run's next record time (Infinity when it has no more), computed here rather
    // than returned by a call: a double returned by a call is boxed, a heap number per record.
    const producers = s.producers;
    for (let j = 0; j < producers.length; j++) {
      const p = producers[j]!;
      const rate = p.spec.ratePerSecond;
      if (!(rate > 0) || !Number.isFinite(rate)) continue;
      const at = p.start + p.k / rate;
      if (at < p.spec.until && at < best) {
        best = at;
        which = j;
      }
    }
    if (which === -2 || best > t) return;
    if (which === -1) {
      putSpec(s, specs[s.explicitOrder[s.explicitNext]!]!, best);
      s.explicitNext++;
    } else produce(s, s.producers[which]!, best);
  }
}

/** Action "producers": replaces the producer set from now on; ids keep counting per producer index. */
export function replaceProducers(s: StreamState, specs: readonly ProducerSpec[]): void {
  s.producers = specs.map((spec, index) => ({
    index,
    spec,
    start: Math.max(spec.from, s.now),
    k: 0,
    keyIds: [],
  }));
  while (s.producerCounters.length < specs.length) s.producerCounters.push(0);
}
