import { describe, expect, it } from 'vitest';
import type { StageBlocked, StageLane } from '../../engine/types';
import {
  arrivalOffset,
  blockedBadge,
  blockedDetail,
  countByState,
  formatSeconds,
  invocationProgress,
  keyGlyph,
  keyIndex,
  keyLabel,
  keyShape,
  laneLayout,
  planLane,
  LABEL_CHIP_MIN,
  nudgeSpeed,
  positionToSpeed,
  SHAPE_CHIP_MIN,
  speedText,
  speedToPosition,
  stepped,
  visibilityRemaining,
  windowText,
} from './derive';
import { shortId } from './drawMessages';

describe('key → colour, shape and label', () => {
  it('gives round-robin keys consecutive, distinct hues', () => {
    const hues = Array.from({ length: 10 }, (_, i) => keyIndex(`k${i}`));
    expect(new Set(hues).size).toBe(10);
    expect(keyIndex('k3')).toBe(3);
    expect(keyIndex('g13')).toBe(3);
  });
  it('pairs a repeated hue with a different shape', () => {
    for (let n = 0; n < 40; n++) {
      expect(keyIndex(`k${n}`)).toBe(keyIndex(`k${n + 10}`));
      expect(keyShape(`k${n}`)).not.toBe(keyShape(`k${n + 10}`));
    }
  });
  it('gives neighbouring keys different shapes and a glyph', () => {
    expect(new Set(['k0', 'k1', 'k2', 'k3', 'k4'].map(keyShape)).size).toBe(5);
    expect(keyGlyph('k7')).toBe('7');
    expect(keyGlyph('')).toBe('·');
  });
  it('hashes non-numeric keys stably into the palette', () => {
    const a = keyIndex('customer-alpha');
    expect(a).toBe(keyIndex('customer-alpha'));
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(10);
  });
  it('shortens labels to fit a chip and never returns empty', () => {
    expect(keyLabel('k7')).toBe('k7');
    expect(keyLabel('customer-alpha')).toBe('cus…');
    expect(keyLabel('')).toBe('·');
  });
});

describe('positions derived from simulated time', () => {
  const inv = { start: 10, end: 11, timeoutAt: 13 };
  it('runs the progress bar against the Timeout and stops at the reported end', () => {
    expect(invocationProgress(inv, 10)).toBe(0);
    expect(invocationProgress(inv, 10.5)).toBeCloseTo(0.5 / 3);
    expect(invocationProgress(inv, 12)).toBeCloseTo(1 / 3);
    expect(invocationProgress({ start: 0, end: 3, timeoutAt: 3 }, 9)).toBe(1);
  });
  it('is the same for the same t whatever happened before (no tweening state)', () => {
    expect(invocationProgress(inv, 10.7)).toBe(invocationProgress(inv, 10.7));
  });
  it('counts the visibility timeout down to zero', () => {
    expect(visibilityRemaining(40, 10, 30)).toBe(1);
    expect(visibilityRemaining(40, 25, 30)).toBe(0.5);
    expect(visibilityRemaining(40, 50, 30)).toBe(0);
    expect(visibilityRemaining(null, 5, 30)).toBe(0);
  });
  it('replaces continuous progress with tenths under reduced motion', () => {
    expect(stepped(0.37, true)).toBe(0.3);
    expect(stepped(0.37, false)).toBe(0.37);
    expect(stepped(1, true)).toBe(1);
  });
  it('slides a new record in over 0.4 s, and not at all with reduced motion', () => {
    expect(arrivalOffset(5, 5, 60, false)).toBe(60);
    expect(arrivalOffset(5, 5.2, 60, false)).toBeGreaterThan(0);
    expect(arrivalOffset(5, 5.4, 60, false)).toBe(0);
    expect(arrivalOffset(5, 5, 60, true)).toBe(0);
  });
});

describe('lane layout and aggregation', () => {
  it('labels chips while they are wide enough', () => {
    expect(laneLayout(10, 600).mode).toBe('labelled');
    expect(laneLayout(10, 600).chip).toBeGreaterThanOrEqual(LABEL_CHIP_MIN);
  });
  it('switches to shapes, then to density bars, as records crowd the lane', () => {
    expect(laneLayout(30, 600).mode).toBe('shapes');
    expect(laneLayout(30, 600).chip).toBeGreaterThanOrEqual(SHAPE_CHIP_MIN);
    expect(laneLayout(200, 600).mode).toBe('density');
  });
  it('never returns a chip below the readable minimum in a chip mode', () => {
    for (let n = 1; n < 300; n += 7) {
      const l = laneLayout(n, 500);
      if (l.mode === 'labelled') expect(l.chip).toBeGreaterThanOrEqual(LABEL_CHIP_MIN);
      if (l.mode === 'shapes') expect(l.chip).toBeGreaterThanOrEqual(SHAPE_CHIP_MIN);
      if (l.mode !== 'density') expect(n * l.pitch).toBeLessThanOrEqual(500 + 1e-9);
    }
  });
  it('folds leading finished records into a block before giving up on chips', () => {
    const states = [
      ...Array.from({ length: 30 }, () => 'processed' as const),
      ...Array.from({ length: 20 }, () => 'waiting' as const),
    ];
    const plan = planLane(states, 400);
    expect(plan.lead).toBe(30);
    expect(plan.layout.mode).not.toBe('density');
    expect(planLane(states.slice(30), 400).lead).toBe(0);
    const crowded = Array.from({ length: 300 }, () => 'waiting' as const);
    expect(planLane(crowded, 400)).toEqual({
      lead: 0,
      layout: { mode: 'density', pitch: 0, chip: 0 },
    });
    expect(planLane(['processed', 'waiting'], 400).lead).toBe(0);
  });
  it('counts records by state exactly for the density bars', () => {
    const m = countByState([{ state: 'processed' }, { state: 'processed' }, { state: 'waiting' }]);
    expect(m.get('processed')).toBe(2);
    expect(m.get('waiting')).toBe(1);
  });
});

describe('badges', () => {
  const blocked: StageBlocked = {
    since: 10,
    recordIds: [],
    reason: 'functionError',
    retries: 2,
    maxRetries: 10,
    retryAt: 14,
    oldestRecordAgeSeconds: 12,
    maxRecordAgeSeconds: 60,
  };
  it('says which retry is next against MaximumRetryAttempts', () => {
    expect(blockedBadge(blocked)).toBe('Blocked — retry 2 of 10');
    expect(blockedBadge({ ...blocked, retries: 3, retryAt: null })).toBe('Blocked — retry 3 of 10');
    expect(blockedBadge({ ...blocked, maxRetries: -1 })).toBe('Blocked — retry 2 of ∞');
    expect(blockedBadge({ ...blocked, reason: 'throttled' })).toContain('throttled');
  });
  it('counts the backoff down and shows the record age against its limit', () => {
    expect(blockedDetail(blocked, 13)).toBe(
      'next try in 1.0 s · oldest record 12 s old (limit 60 s)',
    );
    expect(blockedDetail({ ...blocked, retryAt: null }, 13)).toContain('retrying now');
  });
  it('shows the batch window countdown', () => {
    const lane: StageLane = {
      slot: 0,
      keysInFlight: [],
      invocation: null,
      blocked: null,
      window: { openedAt: 0, closesAt: 2, gathered: 3, batchSize: 100 },
    };
    expect(windowText(lane, 1.5)).toBe('Gathering 3 of 100 · window closes in 0.5 s');
    expect(windowText({ ...lane, window: null }, 1)).toBeNull();
  });
  it('formats durations for a projector', () => {
    expect(formatSeconds(0.42)).toBe('0.4 s');
    expect(formatSeconds(75)).toBe('75 s');
    expect(formatSeconds(600)).toBe('10 min 0 s');
    expect(formatSeconds(604800)).toBe('7.0 d');
  });
});

describe('logarithmic speed', () => {
  it('maps 0.1x..100x onto the slider ends and 1x to one third', () => {
    expect(speedToPosition(0.1)).toBe(0);
    expect(speedToPosition(100)).toBe(1);
    expect(speedToPosition(1)).toBeCloseTo(1 / 3);
    expect(positionToSpeed(0)).toBeCloseTo(0.1);
    expect(positionToSpeed(1)).toBe(100);
    expect(positionToSpeed(1 / 3)).toBe(1);
  });
  it('clamps nonsense', () => {
    expect(speedToPosition(1e9)).toBe(1);
    expect(speedToPosition(Number.NaN)).toBeCloseTo(1 / 3);
    expect(positionToSpeed(-3)).toBeCloseTo(0.1);
  });
  it('nudges by ×2 within bounds and prints it', () => {
    expect(nudgeSpeed(10, 1)).toBe(20);
    expect(nudgeSpeed(80, 1)).toBe(100);
    expect(nudgeSpeed(0.1, -1)).toBe(0.1);
    expect(speedText(0.25)).toBe('0.25x');
  });
});

describe('message chip labels', () => {
  it('keeps short ids and the distinguishing tail of long ones', () => {
    expect(shortId('m3', 3)).toBe('m3');
    expect(shortId('p0-51', 3)).toBe('51');
    expect(shortId('p0-51', 6)).toBe('p0-51');
    expect(shortId('poison', 3)).toBe('po…');
  });
});
