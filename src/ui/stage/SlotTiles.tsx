/**
 * A shard's batch or function cell when it has three or more
 * ParallelizationFactor slots: the slots are tiles drawn on one canvas
 * (drawTiles.ts), redrawn only when what they show changes. Under the canvas,
 * a grid of empty boxes keeps each tile's place, so lesson targets (the
 * batching window of slot 1) still ring the right tile; a visually hidden
 * line tells screen readers what the tiles show.
 */
import { useRef, type ReactElement } from 'react';
import type { StageInvocation, StageLane } from '../../engine/types';
import {
  batchTile,
  describeTiles,
  drawTiles,
  fnTile,
  laneInvocation,
  laneOf,
  sameTiles,
  tileColumns,
  type TileSpec,
} from './drawTiles';
import {
  canvasSize,
  fitCanvas,
  pacedCanvasDue,
  palette,
  reducedMotion,
  setText,
  useFrame,
  type Palette,
} from './frame';
import { useTarget } from './targets';
import styles from './Stage.module.css';

/** What the canvas last showed, at which size and in which palette: only changes are drawn. */
interface Drawn {
  w: number;
  h: number;
  palette: Palette | null;
  tiles: readonly TileSpec[];
  lanes: readonly (StageLane | null)[];
  invs: readonly (StageInvocation | undefined)[];
  /** The tiles the screen-reader line last described (it depends on the tiles alone). */
  described: readonly TileSpec[] | null;
}

/** One cell (batch or function) of shard `shardIndex` as `factor` tiles. */
export function SlotTiles({
  kind,
  shardIndex,
  factor,
  windowed,
}: {
  readonly kind: 'batch' | 'fn';
  readonly shardIndex: number;
  readonly factor: number;
  /** The mapping has a batching window: slot 1's tile carries the `window:n` target. */
  readonly windowed: boolean;
}): ReactElement {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const summaryRef = useRef<HTMLSpanElement>(null);
  const drawn = useRef<Drawn>({
    w: -1,
    h: -1,
    palette: null,
    tiles: [],
    lanes: [],
    invs: [],
    described: null,
  });
  const batchesTarget = useTarget(`batches:${shardIndex}`);
  const windowTarget = useTarget(`window:${shardIndex}`);

  useFrame(
    (s) => {
      const canvas = canvasRef.current;
      const snap = s.snapshot;
      const shard = snap?.shards?.[shardIndex];
      if (canvas === null || snap === null || shard === undefined) return;
      // At 5x or faster a slot's state lasts a frame or two: the tiles are redrawn ~10 times a
      // second, like the slots drawn as elements (frame.ts).
      if (!pacedCanvasDue(canvas)) return;
      const t = snap.t;
      const reduced = reducedMotion();
      const lanes = Array.from({ length: factor }, (_, i) => laneOf(shard, i));
      const invs = lanes.map((l) => (l === null ? undefined : laneInvocation(l, snap.invocations)));
      const tiles = lanes.map((l, i) =>
        kind === 'batch' ? batchTile(l, i, invs[i], t) : fnTile(l, i, invs[i], t, reduced),
      );
      const size = canvasSize(canvas);
      const p = palette();
      const d = drawn.current;
      const same = size.w === d.w && size.h === d.h && p === d.palette;
      d.lanes = lanes;
      d.invs = invs;
      if (same && sameTiles(tiles, d.tiles)) return;
      const fitted = fitCanvas(canvas, same);
      if (fitted === null) return;
      drawTiles(fitted.ctx, fitted.w, fitted.h, tiles, kind, p, fitted.blank ? null : d.tiles);
      d.tiles = tiles;
      d.w = size.w;
      d.h = size.h;
      d.palette = p;
    },
    'canvas',
    canvasRef,
  );

  // The words go in with the frame's DOM writes (paced while playing), after every canvas drew.
  useFrame(
    () => {
      const d = drawn.current;
      // d.tiles is replaced only when the tiles changed: an unchanged cell builds no new words.
      if (d.tiles.length === 0 || d.tiles === d.described) return;
      d.described = d.tiles;
      setText(summaryRef.current, describeTiles(d.tiles, kind, d.lanes, d.invs));
    },
    'dom',
    canvasRef,
  );

  return (
    <div
      className={kind === 'batch' ? styles.batchCell : styles.fnCell}
      data-anchor={`${kind}:${shardIndex}`}
      data-slots={factor}
      data-tiles=""
      style={{ ['--tile-cols' as string]: tileColumns(factor) }}
      {...(kind === 'batch' ? batchesTarget : {})}
    >
      <canvas ref={canvasRef} className={styles.tiles} aria-hidden="true" />
      {Array.from({ length: factor }, (_, slot) => (
        <span
          key={slot}
          className={styles.tileBox}
          {...(kind === 'batch' && windowed && slot === 0 ? windowTarget : {})}
        />
      ))}
      <span ref={summaryRef} className={styles.srOnly} />
    </div>
  );
}
