import { describe, expect, it } from 'vitest';
import { chartToSvg, metricChart, timeAtX, type MetricChartOptions } from './metricChart';

const base: MetricChartOptions = { width: 240, height: 90, xDomain: [0, 10], unit: 'count' };

describe('metricChart', () => {
  it('draws a small series as rounded SVG', () => {
    const model = metricChart(
      [{ id: 'Errors', label: 'Errors', values: [0, 2, 5, 1, 0, 0, 3, 0, 0, 0], start: 0 }],
      { ...base, cursor: 2.4, now: 6 },
    );
    expect(chartToSvg(model)).toMatchInlineSnapshot(`
      "<svg xmlns="http://www.w3.org/2000/svg" width="240" height="90">
      <line class="gridLine" x1="44" x2="232" y1="72" y2="72"/>
      <text class="y" x="40" y="72">0</text>
      <line class="gridLine" x1="44" x2="232" y1="50" y2="50"/>
      <text class="y" x="40" y="50">2</text>
      <line class="gridLine" x1="44" x2="232" y1="28" y2="28"/>
      <text class="y" x="40" y="28">4</text>
      <line class="gridLine" x1="44" x2="232" y1="6" y2="6"/>
      <text class="y" x="40" y="6">6</text>
      <text class="x" x="44" y="86">0 s</text>
      <text class="x" x="81.6" y="86">2 s</text>
      <text class="x" x="119.2" y="86">4 s</text>
      <text class="x" x="156.8" y="86">6 s</text>
      <text class="x" x="194.4" y="86">8 s</text>
      <text class="x" x="232" y="86">10 s</text>
      <path data-line="Errors" d="M44,72L62.8,72L62.8,50L81.6,50L81.6,17L100.4,17L100.4,61L119.2,61L119.2,72L138,72L138,72L156.8,72L156.8,39L175.6,39L175.6,72L194.4,72L194.4,72L213.2,72L213.2,72L232,72L232,72"/>
      <line class="now" x1="156.8" x2="156.8" y1="6" y2="72"/>
      <line class="cursor" x1="91" x2="91" y1="6" y2="72"/>
      <circle data-line="Errors" cx="91" cy="17" r="3"/>
      </svg>"
    `);
  });

  it('draws per-shard lines in milliseconds on the same axes', () => {
    const model = metricChart(
      [
        { id: 'IteratorAge', label: 'Maximum', values: [0, 1500, 3000, 4500], start: 0 },
        { id: 's0', label: 'shard 0', values: [0, 200, 3000, 4500], start: 0 },
      ],
      { ...base, xDomain: [0, 4], unit: 'ms' },
    );
    expect(model.yTicks.map((t) => t.label)).toEqual(['0 ms', '2 s', '4 s', '6 s']);
    expect(model.yMax).toBe(6000);
    expect(model.paths.map((p) => p.d)).toMatchInlineSnapshot(`
      [
        "M44,72L91,72L91,55.5L138,55.5L138,39L185,39L185,22.5L232,22.5L232,22.5",
        "M44,72L91,72L91,69.8L138,69.8L138,39L185,39L185,22.5L232,22.5L232,22.5",
      ]
    `);
    expect(model.points).toEqual([]);
    expect(model.cursorX).toBeNull();
  });

  it('keeps an hour at most two points per pixel and the spike at its place', () => {
    const values = new Array<number>(3600).fill(1);
    values[1800] = 50;
    const model = metricChart([{ id: 'x', label: 'x', values, start: 0 }], {
      ...base,
      xDomain: [0, 3600],
      width: 300,
    });
    const d = model.paths[0]!.d;
    const vertices = d.split(/[ML]/).filter(Boolean).length;
    // At most two samples per pixel, each drawn as a step (two vertices), plus the closing step.
    expect(vertices).toBeLessThanOrEqual(2 * 2 * (300 - 44 - 8) + 2);
    expect(model.yMax).toBe(60);
    const top = d
      .split(/[ML]/)
      .filter(Boolean)
      .map((xy) => xy.split(',').map(Number) as [number, number])
      .reduce((a, b) => (b[1] < a[1] ? b : a));
    expect(top[0]).toBeCloseTo(44 + (1800 / 3600) * 248, 0);
    expect(model.xTicks.map((t) => t.label)).toEqual(['0 s', '15:00', '30:00', '45:00', '1:00:00']);
  });

  it('gives an all-zero series an axis and survives a degenerate domain and size', () => {
    const model = metricChart([{ id: 'x', label: 'x', values: [0, 0], start: 0 }], {
      ...base,
      width: 0,
      height: -5,
      xDomain: [3, 3],
    });
    expect(model.yMax).toBe(1);
    expect(model.width).toBeGreaterThan(0);
    expect(model.paths[0]!.d).not.toContain('NaN');
  });

  it('maps a pixel back to simulated time, clamped to the domain', () => {
    expect(timeAtX(base, 44)).toBe(0);
    expect(timeAtX(base, 232)).toBe(10);
    expect(timeAtX(base, 138)).toBeCloseTo(5);
    expect(timeAtX(base, -100)).toBe(0);
  });
});
