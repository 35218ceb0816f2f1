/**
 * Live edits and scripted actions (`applyLiveEdit`): mapping and function
 * fields change at the instant (BatchSize affects the next batch, Enabled
 * stops or resumes polling), records are put, producers replaced, faults
 * injected. Each edit is logged with a readable description.
 */
import type { FunctionConfig, MappingConfig, ScenarioAction } from '../types';
import { dispatchShard, requestPoll } from './polling';
import { putSpec, replaceProducers } from './producers';
import { logEvent, type StreamState } from './state';

function show(v: unknown): string {
  if (v === null || v === undefined) return 'none';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function diff<T extends object>(before: T, patch: Partial<T>, out: string[]): T {
  const after = { ...before };
  for (const k of Object.keys(patch) as (keyof T)[]) {
    const v = patch[k];
    if (v === undefined) continue;
    if (JSON.stringify(before[k]) !== JSON.stringify(v)) {
      out.push(`${String(k)} ${show(before[k])} → ${show(v)}`);
    }
    after[k] = v as T[keyof T];
  }
  return after;
}

/** Applies an action at now() and records it in actions(). */
export function applyLiveEdit(s: StreamState, action: ScenarioAction): void {
  s.actionsApplied.push(action);
  const parts: string[] = [];
  const wasEnabled = s.mapping.Enabled;
  const oldFactor = s.mapping.ParallelizationFactor;
  if (action.mapping) s.mapping = diff<MappingConfig>(s.mapping, action.mapping, parts);
  if (action.function) s.fn = diff<FunctionConfig>(s.fn, action.function, parts);
  if (action.records && action.records.length > 0) {
    parts.push(`Put ${action.records.length} record${action.records.length === 1 ? '' : 's'}`);
  }
  if (action.producers) {
    const rate = action.producers.reduce((sum, p) => sum + p.ratePerSecond, 0);
    parts.push(`Producers → ${action.producers.length} (${rate} records/s)`);
  }
  if (action.failNextInvocations !== undefined && action.failNextInvocations > 0) {
    parts.push(`Fail next ${action.failNextInvocations} invocation(s)`);
  }
  logEvent(s, s.now, {
    kind: 'edit',
    description: parts.length > 0 ? parts.join('; ') : 'No change',
    action,
  });
  for (const r of action.records ?? []) putSpec(s, r, s.now);
  if (action.producers) replaceProducers(s, action.producers);
  if (action.failNextInvocations !== undefined && action.failNextInvocations > 0) {
    s.forcedFailures += Math.floor(action.failNextInvocations);
  }
  if (s.mapping.ParallelizationFactor !== oldFactor) {
    for (const sh of s.shards) sh.repartition = true;
  }
  if (wasEnabled && !s.mapping.Enabled) {
    // Disabled: polling stops; invocations in flight finish.
    logEvent(s, s.now, { kind: 'mappingDisabled' });
  } else if (!wasEnabled && s.mapping.Enabled) {
    // Enabled again: resume from the checkpoint (read positions were kept).
    logEvent(s, s.now, { kind: 'mappingEnabled' });
    for (const sh of s.shards) for (const lane of sh.lanes) lane.windowOpenedAt = s.now;
  }
  s.shards.forEach((_, i) => {
    dispatchShard(s, i);
    if (s.mapping.Enabled) requestPoll(s, i, s.now);
  });
}
