/**
 * The template registry: every question template, by id. catalog.ts lists
 * the same ids with their topic, kind and title (without the engine), and a
 * test keeps the two equal.
 */
import type { Template } from '../define';
import { BATCHING_TEMPLATES } from './batching';
import { BISECT_TEMPLATES } from './bisect';
import { BLOCKING_TEMPLATES } from './blocking';
import { DESTINATIONS_TEMPLATES } from './destinations';
import { DLQ_TEMPLATES } from './dlq';
import { DUPLICATES_TEMPLATES } from './duplicates';
import { FIFO_TEMPLATES } from './fifo';
import { FILTERING_TEMPLATES } from './filtering';
import { PARALLELIZATION_TEMPLATES } from './parallelization';
import { PARTIAL_TEMPLATES } from './partial';
import { PERMISSIONS_TEMPLATES } from './permissions';
import { RETRIES_TEMPLATES } from './retries';
import { SCALING_TEMPLATES } from './scaling';
import { STARTING_TEMPLATES } from './starting';
import { VISIBILITY_TEMPLATES } from './visibility';

/** Every template, in topic order. */
export const TEMPLATES: readonly Template[] = [
  ...BLOCKING_TEMPLATES,
  ...BATCHING_TEMPLATES,
  ...PARALLELIZATION_TEMPLATES,
  ...RETRIES_TEMPLATES,
  ...BISECT_TEMPLATES,
  ...DESTINATIONS_TEMPLATES,
  ...PARTIAL_TEMPLATES,
  ...VISIBILITY_TEMPLATES,
  ...DLQ_TEMPLATES,
  ...DUPLICATES_TEMPLATES,
  ...FIFO_TEMPLATES,
  ...SCALING_TEMPLATES,
  ...STARTING_TEMPLATES,
  ...FILTERING_TEMPLATES,
  ...PERMISSIONS_TEMPLATES,
];

const BY_ID = new Map(TEMPLATES.map((t) => [t.id, t]));

/** The template with this id, if any. */
export function templateById(id: string): Template | undefined {
  return BY_ID.get(id);
}
