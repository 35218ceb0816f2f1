/**
 * Records are drawn on canvases, so a record has no element of its own. Each
 * records canvas publishes where it drew which record (its hit boxes) into
 * the stage's registry; the presenter's pointer finds the record under a
 * click there, and RecordMarks (RecordMarks.tsx, loaded when a record is
 * highlighted) places a ringed element over a highlighted record.
 */
import { createContext, useCallback, useContext, type RefObject } from 'react';
import type { HitBox } from './drawLane';

/** Where each records canvas of one stage drew its records in the last frame. */
export type HitRegistry = Map<string, { canvas: HTMLCanvasElement; hits: readonly HitBox[] }>;

/** The registry of the stage being rendered (each stage provides its own). */
export const HitRegistryContext = createContext<HitRegistry>(new Map());

/** Returns a function a records canvas calls after each draw with its hit boxes. */
export function useRecordHits(
  name: string,
  canvasRef: RefObject<HTMLCanvasElement | null>,
): (hits: readonly HitBox[]) => void {
  const registry = useContext(HitRegistryContext);
  return useCallback(
    (hits: readonly HitBox[]) => {
      const canvas = canvasRef.current;
      if (canvas !== null) registry.set(name, { canvas, hits });
    },
    [registry, name, canvasRef],
  );
}

/** The record drawn at a point of the page, if any (the presenter's pointer). */
export function recordAt(registry: HitRegistry, clientX: number, clientY: number): string | null {
  for (const { canvas, hits } of registry.values()) {
    const r = canvas.getBoundingClientRect();
    const x = clientX - r.left;
    const y = clientY - r.top;
    if (x < 0 || y < 0 || x > r.width || y > r.height) continue;
    for (const b of hits) {
      if (x >= b.x - 2 && x <= b.x + b.w + 2 && y >= b.y - 4 && y <= b.y + b.h + 4) return b.id;
    }
  }
  return null;
}
