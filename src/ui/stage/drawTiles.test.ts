import { describe, expect, it } from 'vitest';
import {
  asRecordId,
  asShardId,
  type StageBlocked,
  type StageInvocation,
  type StageLane,
} from '../../engine/types';
import {
  batchTile,
  describeTiles,
  drawTiles,
  fnTile,
  laneInvocation,
  sameTiles,
  tileRects,
  TILE_COLUMNS,
  TILE_GAP,
  TILE_PAD,
  type TileSpec,
} from './drawTiles';
import type { Palette } from './frame';

const lane = (over: Partial<StageLane> = {}): StageLane => ({
  slot: 0,
  keysInFlight: [],
  invocation: null,
  blocked: null,
  window: null,
  ...over,
});

const inv = (over: Partial<StageInvocation> = {}): StageInvocation => ({
  n: 42,
  start: 10,
  end: 12,
  timeoutAt: 13,
  shardId: asShardId('shardId-000000000000'),
  slot: 0,
  recordIds: [asRecordId('r1'), asRecordId('r2')],
  recordCount: 2,
  attempt: 0,
  trigger: 'batchFull',
  ...over,
});

const blocked = (over: Partial<StageBlocked> = {}): StageBlocked => ({
  since: 5,
  recordIds: [asRecordId('r1')],
  reason: 'functionError',
  retries: 2,
  maxRetries: 5,
  retryAt: 12,
  oldestRecordAgeSeconds: 7,
  maxRecordAgeSeconds: -1,
  ...over,
});

describe('tile grid', () => {
  it('lays tiles out in rows of five inside the padding, as the CSS grid does', () => {
    const rects = tileRects(104, 40, 10);
    expect(rects).toHaveLength(10);
    const tw = (104 - 2 * TILE_PAD - (TILE_COLUMNS - 1) * TILE_GAP) / TILE_COLUMNS;
    const th = (40 - 2 * TILE_PAD - TILE_GAP) / 2;
    expect(rects[0]).toEqual({ x: TILE_PAD, y: TILE_PAD, w: tw, h: th });
    expect(rects[4]?.x).toBeCloseTo(104 - TILE_PAD - tw);
    expect(rects[5]).toEqual({ x: TILE_PAD, y: TILE_PAD + th + TILE_GAP, w: tw, h: th });
    // The last row ends at the cell's padding.
    expect((rects[9]?.y ?? 0) + th).toBeCloseTo(40 - TILE_PAD);
  });
  it('gives three or four slots one row of full height', () => {
    const rects = tileRects(104, 40, 3);
    expect(rects.map((r) => r.y)).toEqual([TILE_PAD, TILE_PAD, TILE_PAD]);
    expect(rects[0]?.h).toBe(40 - 2 * TILE_PAD);
  });
  it('never gives a negative size to a cell too small for its tiles', () => {
    for (const r of tileRects(3, 2, 10)) {
      expect(r.w).toBeGreaterThanOrEqual(0);
      expect(r.h).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('batch tiles', () => {
  it('is idle without a lane, a window, a block or an invocation', () => {
    expect(batchTile(null, 3, undefined, 0)).toMatchObject({ state: 'idle', labels: ['4'] });
    expect(batchTile(lane(), 0, undefined, 0)).toMatchObject({ state: 'idle', strip: null });
  });
  it('shows a sent batch, and a bisected half as split', () => {
    const l = lane({ invocation: 42 });
    expect(batchTile(l, 1, inv(), 11)).toMatchObject({
      state: 'running',
      labels: ['2 sent', '2 ▸', '2'],
    });
    expect(batchTile(l, 1, inv({ trigger: 'bisect' }), 11).labels[0]).toBe('2 split');
  });
  it('shows a blocked slot with its retry number and limit (∞ for -1)', () => {
    expect(batchTile(lane({ blocked: blocked() }), 0, undefined, 11)).toMatchObject({
      state: 'blocked',
      labels: ['1 retry 2/5', '1 ↻2', '↻2', '1'],
    });
    // Before the first retry has run, the tile already says which retry comes.
    const first = batchTile(
      lane({ blocked: blocked({ retries: 0, maxRetries: -1 }) }),
      0,
      undefined,
      11,
    );
    expect(first.labels[0]).toBe('1 retry 1/∞');
  });
  it('fills the strip as the batching window runs', () => {
    const l = lane({ window: { openedAt: 10, closesAt: 14, gathered: 3, batchSize: 100 } });
    expect(batchTile(l, 0, undefined, 10).strip).toBe(0);
    expect(batchTile(l, 0, undefined, 11).strip).toBeCloseTo(0.25);
    expect(batchTile(l, 0, undefined, 20).strip).toBe(1);
    expect(batchTile(l, 0, undefined, 11).state).toBe('gathering');
  });
  it('prefers the invocation over a block on the same lane (a retry running now)', () => {
    const l = lane({ invocation: 42, blocked: blocked({ retryAt: null }) });
    expect(batchTile(l, 0, inv({ trigger: 'retry' }), 11).state).toBe('running');
  });
});

describe('function tiles', () => {
  it('shows the invocation number and its run time against Timeout', () => {
    const l = lane({ invocation: 42 });
    const tile = fnTile(l, 0, inv(), 11.5, false);
    expect(tile).toMatchObject({ state: 'running', labels: ['#42', '1'], timesOut: false });
    expect(tile.strip).toBeCloseTo(0.5);
  });
  it('marks a run that reaches its Timeout', () => {
    expect(fnTile(lane({ invocation: 42 }), 0, inv({ end: 13 }), 11, false).timesOut).toBe(true);
  });
  it('steps the strip in tenths under reduced motion', () => {
    expect(fnTile(lane({ invocation: 42 }), 0, inv(), 11.55, true).strip).toBeCloseTo(0.5);
  });
  it('is idle when its lane has no invocation', () => {
    expect(fnTile(lane(), 2, undefined, 11, false)).toMatchObject({ state: 'idle', labels: ['3'] });
  });
  it('finds the lane’s invocation among the snapshot’s', () => {
    const all = [inv({ n: 1 }), inv({ n: 42 })];
    expect(laneInvocation(lane({ invocation: 42 }), all)?.n).toBe(42);
    expect(laneInvocation(lane(), all)).toBeUndefined();
  });
});

describe('what screen readers hear', () => {
  it('counts batch slots by state and names each retrying one', () => {
    const lanes = [
      lane({ slot: 0, invocation: 1 }),
      lane({ slot: 1, blocked: blocked({ retries: 3, maxRetries: -1 }) }),
      lane({ slot: 2, window: { openedAt: 0, closesAt: 1, gathered: 1, batchSize: 10 } }),
      lane({ slot: 3 }),
    ];
    const invs = [inv({ n: 1 }), undefined, undefined, undefined];
    const tiles = lanes.map((l, i) => batchTile(l, i, invs[i], 0.5));
    expect(describeTiles(tiles, 'batch', lanes, invs)).toBe(
      '4 batch slots: 1 sent, 1 gathering, slot 2 retrying (retry 3 of ∞), 1 idle.',
    );
  });
  it('lists the running invocations with their record counts', () => {
    const lanes = [lane({ invocation: 7 }), lane({ slot: 1 }), lane({ slot: 2, invocation: 9 })];
    const invs = [inv({ n: 7, recordCount: 3 }), undefined, inv({ n: 9, recordCount: 1 })];
    const tiles = lanes.map((l, i) => fnTile(l, i, invs[i], 11, false));
    expect(describeTiles(tiles, 'fn', lanes, invs)).toBe(
      '3 invocation slots: 2 running: #7 (3 records), #9 (1 record).',
    );
    const idle = [lane(), lane({ slot: 1 }), lane({ slot: 2 })];
    expect(
      describeTiles(
        idle.map((l, i) => fnTile(l, i, undefined, 0, false)),
        'fn',
        idle,
        [undefined, undefined, undefined],
      ),
    ).toBe('3 invocation slots, all idle.');
  });
});

/** A 2D context that records what is drawn (no canvas in Node). */
function recordingContext(): {
  ctx: CanvasRenderingContext2D;
  strokes: { dash: number[]; width: number; color: string }[];
  texts: { text: string; color: string; font: string }[];
  rects: { w: number; color: string }[];
  clears: number[];
} {
  const strokes: { dash: number[]; width: number; color: string }[] = [];
  const texts: { text: string; color: string; font: string }[] = [];
  const rects: { w: number; color: string }[] = [];
  const clears: number[] = [];
  let dash: number[] = [];
  const ctx = {
    font: '',
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    textAlign: 'start',
    textBaseline: 'alphabetic',
    beginPath() {},
    roundRect() {},
    fill() {},
    setLineDash(d: number[]) {
      dash = d;
    },
    stroke() {
      strokes.push({ dash, width: this.lineWidth, color: this.strokeStyle });
    },
    // Half the font size a character: which label fits, and at what size, is predictable.
    measureText(text: string) {
      const px = Number(/(\d+)px/.exec(this.font)?.[1] ?? 10);
      return { width: text.length * px * 0.5 };
    },
    fillText(text: string) {
      texts.push({ text, color: this.fillStyle, font: this.font });
    },
    fillRect(_x: number, _y: number, w: number) {
      rects.push({ w, color: this.fillStyle });
    },
    clearRect(x: number) {
      clears.push(x);
    },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, strokes, texts, rects, clears };
}

const P = {
  text: 'text',
  muted: 'muted',
  surface: 'surface',
  borderStrong: 'borderStrong',
  accent: 'accent',
  accentSoft: 'accentSoft',
  info: 'info',
  infoSoft: 'infoSoft',
  danger: 'danger',
  dangerSoft: 'dangerSoft',
  fontSans: 'sans',
} as unknown as Palette;

describe('drawing the tiles', () => {
  const spec = (over: Partial<TileSpec>): TileSpec => ({
    state: 'idle',
    labels: ['1'],
    details: [],
    strip: null,
    timesOut: false,
    ...over,
  });

  it('gives every state its own outline, not only its own colour', () => {
    const r = recordingContext();
    drawTiles(
      r.ctx,
      300,
      40,
      [
        spec({ state: 'idle' }),
        spec({ state: 'gathering', strip: 0.5 }),
        spec({ state: 'running' }),
        spec({ state: 'blocked' }),
      ],
      'batch',
      P,
    );
    const [idle, gathering, running, blockedTile] = r.strokes;
    expect(idle?.dash.length).toBeGreaterThan(0);
    expect(gathering?.dash.length).toBeGreaterThan(0);
    expect(running?.dash).toEqual([]);
    expect(blockedTile?.dash).toEqual([]);
    expect(blockedTile?.width).toBeGreaterThan(running?.width ?? 0);
    expect(running?.width).toBeGreaterThan(idle?.width ?? 0);
    // The gathering tile also has its strip (its shape cue beside the dashed outline).
    expect(r.rects).toHaveLength(1);
    expect(r.rects[0]?.color).toBe('accent');
  });

  it('draws the longest label that fits the tile, shrunk by at most a quarter', () => {
    const five = (labels: string[]): TileSpec[] =>
      Array.from({ length: 5 }, () => spec({ labels }));
    // 5 tiles across 300 px: 57.6 px tiles, 53.6 px of room; 40 px tall: 16 px type (8 px a
    // character here). "3 gathering" needs 88 px at 16 px and would need 9 px type: too small.
    const wide = recordingContext();
    drawTiles(wide.ctx, 300, 40, five(['3 gathering', '3 …', '3']), 'batch', P);
    expect(wide.texts[0]).toMatchObject({ text: '3 …', font: '800 16px sans' });
    // "#1234" needs 40 px at 16 px: in 35.6 px of room it is drawn at 14 px.
    const fn = recordingContext();
    drawTiles(fn.ctx, 210, 40, five(['#1234', '1']), 'fn', P);
    expect(fn.texts[0]).toMatchObject({ text: '#1234', font: '800 14px sans' });
    const narrow = recordingContext();
    drawTiles(narrow.ctx, 80, 40, five(['3 gathering', '3 …', '3']), 'batch', P);
    expect(narrow.texts[0]?.text).toBe('3');
  });

  it('adds the second line only where the tile is tall enough for two', () => {
    const tall = recordingContext();
    drawTiles(tall.ctx, 160, 200, [spec({ labels: ['#7'], details: ['3 records', '3'] })], 'fn', P);
    expect(tall.texts.map((x) => x.text)).toEqual(['#7', '3 records']);
    const short = recordingContext();
    drawTiles(short.ctx, 160, 24, [spec({ labels: ['#7'], details: ['3 records', '3'] })], 'fn', P);
    expect(short.texts.map((x) => x.text)).toEqual(['#7']);
  });

  it('gives fewer than five slots one column each', () => {
    const rects = tileRects(100, 40, 4);
    expect(rects.map((r) => r.y)).toEqual([TILE_PAD, TILE_PAD, TILE_PAD, TILE_PAD]);
    expect(rects[3]?.x).toBeCloseTo(100 - TILE_PAD - (rects[3]?.w ?? 0));
  });

  it('draws a run that will time out in the danger colour, proportional to its run time', () => {
    const r = recordingContext();
    drawTiles(
      r.ctx,
      300,
      40,
      [
        spec({ state: 'running', strip: 0.5, timesOut: false }),
        spec({ state: 'running', strip: 1, timesOut: true }),
      ],
      'fn',
      P,
    );
    expect(r.rects.map((x) => x.color)).toEqual(['info', 'danger']);
    expect(r.rects[1]?.w).toBeCloseTo(2 * (r.rects[0]?.w ?? 0));
  });

  it('draws nothing in a cell too small for a tile', () => {
    const r = recordingContext();
    drawTiles(r.ctx, 10, 5, [spec({})], 'fn', P);
    expect(r.strokes).toHaveLength(0);
    expect(r.texts).toHaveLength(0);
  });

  it('draws only what changed since the previous frame', () => {
    const before = [
      spec({ labels: ['1'] }),
      spec({ state: 'gathering', labels: ['2'], strip: 0.25 }),
      spec({ state: 'running', labels: ['3'] }),
    ];
    const unchanged = recordingContext();
    drawTiles(unchanged.ctx, 300, 40, before, 'batch', P, before);
    expect(unchanged.strokes.length + unchanged.texts.length + unchanged.rects.length).toBe(0);

    // The window strip moved, tile 3 became idle: tile 2 gets its strip (fill, then bar) and no
    // text; tile 3 is cleared and drawn again; tile 1 is left alone.
    const after = [before[0], { ...before[1], strip: 0.5 }, spec({ labels: ['3'] })] as TileSpec[];
    const r = recordingContext();
    drawTiles(r.ctx, 300, 40, after, 'batch', P, before);
    expect(r.rects.map((x) => x.color)).toEqual(['accentSoft', 'accent']);
    expect(r.rects[1]?.w).toBeCloseTo((r.rects[0]?.w ?? 0) * 0.5);
    expect(r.clears).toHaveLength(1);
    expect(r.texts.map((x) => x.text)).toEqual(['3']);
    expect(r.strokes).toHaveLength(1);
  });

  it('draws every tile when the previous frame is unknown or had other slots', () => {
    const tiles = [spec({ labels: ['1'] }), spec({ labels: ['2'] })];
    const r = recordingContext();
    drawTiles(r.ctx, 300, 40, tiles, 'fn', P, [spec({ labels: ['1'] })]);
    expect(r.texts.map((x) => x.text)).toEqual(['1', '2']);
    expect(r.clears).toHaveLength(0);
  });

  it('tells an unchanged frame (nothing to draw) from one whose strip alone moved', () => {
    const a = [spec({ state: 'gathering', labels: ['1'], strip: 0.25 }), spec({ labels: ['2'] })];
    expect(
      sameTiles(
        a,
        a.map((x) => ({ ...x })),
      ),
    ).toBe(true);
    expect(sameTiles(a, [{ ...a[0]!, strip: 0.5 }, a[1]!])).toBe(false);
    expect(sameTiles(a, [a[0]!, spec({ labels: ['2 sent'] })])).toBe(false);
    expect(sameTiles(a, [a[0]!])).toBe(false);
  });
});
