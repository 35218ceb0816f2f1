/**
 * Restarting the scenario with a setting AWS does not let a running mapping
 * change (Shards, Starting position, …): the settings in force, the edit
 * applied, the same seed and scripted actions.
 */
import type { ScenarioAction } from '../../engine/types';
import { applyEdit } from '../../scenarios/fields';
import { useSimStore } from '../../store/simStore';
import { editableConfig } from './editable';

/** Loads the current scenario again with `action` folded into its configuration. */
export function restartWith(action: Omit<ScenarioAction, 'at'>): void {
  const s = useSimStore.getState();
  const cfg = editableConfig(s.snapshot, s.scenario, s.actions);
  if (cfg === null || s.scenario === null) return;
  const next = applyEdit(cfg, action);
  s.load({
    ...s.scenario,
    source: next.source,
    mapping: next.mapping,
    function: next.function,
    producers: next.producers,
  });
}
