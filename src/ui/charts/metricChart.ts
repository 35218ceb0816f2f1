/**
 * A metric chart as a pure function of columnar per-second series: scales,
 * SVG path strings, axis ticks and the crosshair points, with coordinates
 * rounded to 0.1 px so the output is stable enough to snapshot (the
 * observablehq/plot habit). React only renders what this returns.
 */
import { scaleLinear } from 'd3-scale';
import { curveStepAfter, line } from 'd3-shape';
import { decimateMinMax, valueAt } from './decimate';
import { formatClock, formatMetric, type MetricUnit } from './format';

/** One line of a chart: a per-second series starting at simulated second `start`. */
export interface ChartLine {
  readonly id: string;
  readonly label: string;
  readonly values: readonly number[];
  readonly start: number;
}

export interface ChartMargin {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

export interface MetricChartOptions {
  readonly width: number;
  readonly height: number;
  /** Simulated seconds shown, shared by every chart so they line up. */
  readonly xDomain: readonly [number, number];
  readonly unit: MetricUnit;
  readonly margin?: ChartMargin;
  /** Smallest top of the y axis, so an all-zero series still has an axis. */
  readonly minYMax?: number;
  /** The crosshair's simulated time, or null. */
  readonly cursor?: number | null;
  /** The "now" marker (shown when the run was scrubbed back), or null. */
  readonly now?: number | null;
  readonly xTickCount?: number;
  readonly yTickCount?: number;
}

export interface ChartTick {
  readonly pos: number;
  readonly label: string;
}

export interface ChartPath {
  readonly id: string;
  readonly label: string;
  readonly d: string;
}

export interface ChartPoint {
  readonly id: string;
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly value: number;
  readonly text: string;
}

export interface MetricChartModel {
  readonly width: number;
  readonly height: number;
  /** The plotting area, inside the margins. */
  readonly plot: {
    readonly left: number;
    readonly top: number;
    readonly right: number;
    readonly bottom: number;
  };
  readonly paths: readonly ChartPath[];
  readonly xTicks: readonly ChartTick[];
  readonly yTicks: readonly ChartTick[];
  /** One point per line at the cursor's second (empty without a cursor). */
  readonly points: readonly ChartPoint[];
  readonly cursorX: number | null;
  readonly nowX: number | null;
  readonly yMax: number;
}

/** The default margins: room for y tick labels on the left and time labels below. */
export const DEFAULT_MARGIN: ChartMargin = { top: 6, right: 8, bottom: 18, left: 44 };

const r1 = (v: number): number => Math.round(v * 10) / 10;

/** Tick steps a clock reader expects: seconds, then whole minutes, then hours. */
const TIME_STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400,
];

/** About `count` ticks over [t0, t1] on clock-friendly steps (10 s, 5 min, 1 h, …). */
export function timeTicks(t0: number, t1: number, count: number): number[] {
  const span = Math.max(1e-9, t1 - t0);
  const step =
    TIME_STEPS.find((s) => span / s <= Math.max(1, count)) ??
    86400 * Math.ceil(span / 86400 / count);
  const out: number[] = [];
  for (let t = Math.ceil(t0 / step) * step; t <= t1 + 1e-9; t += step) out.push(t);
  return out;
}

/** Builds the chart model: decimated to the plot's pixel width before any path is made. */
export function metricChart(
  lines: readonly ChartLine[],
  options: MetricChartOptions,
): MetricChartModel {
  const m = options.margin ?? DEFAULT_MARGIN;
  const width = Math.max(m.left + m.right + 10, options.width);
  const height = Math.max(m.top + m.bottom + 10, options.height);
  const plot = { left: m.left, top: m.top, right: width - m.right, bottom: height - m.bottom };
  const [t0, rawT1] = options.xDomain;
  const t1 = rawT1 > t0 ? rawT1 : t0 + 1;
  const x = scaleLinear().domain([t0, t1]).range([plot.left, plot.right]).clamp(true);
  const buckets = Math.max(1, Math.round(plot.right - plot.left));
  const decimated = lines.map((l) => decimateMinMax(l.values, l.start, t0, t1, buckets));
  let top = options.minYMax ?? 1;
  for (const pts of decimated) for (const p of pts) if (p.v > top) top = p.v;
  const y = scaleLinear()
    .domain([0, top])
    .nice(options.yTickCount ?? 3)
    .range([plot.bottom, plot.top]);
  const yMax = y.domain()[1] ?? top;
  const gen = line<{ t: number; v: number }>()
    .x((p) => x(p.t))
    .y((p) => y(p.v))
    .curve(curveStepAfter)
    .digits(1);
  // A per-second value holds for its whole second: draw steps, closing the last second too.
  const paths = lines.map((l, i) => {
    const pts = decimated[i] ?? [];
    const last = pts[pts.length - 1];
    const closed = last ? [...pts, { t: Math.min(t1, last.t + 1), v: last.v }] : pts;
    return { id: l.id, label: l.label, d: gen(closed) ?? '' };
  });
  const xTicks = timeTicks(t0, t1, options.xTickCount ?? 5).map((t) => ({
    pos: r1(x(t)),
    label: formatClock(t),
  }));
  const yTicks = y
    .ticks(options.yTickCount ?? 3)
    // Counts are whole numbers: no 0.5 tick on a 0–1 axis.
    .filter((v) => options.unit !== 'count' || Number.isInteger(v))
    .map((v) => ({ pos: r1(y(v)), label: formatMetric(v, options.unit) }));
  const cursor = options.cursor ?? null;
  const inDomain = (t: number | null): t is number => t !== null && t >= t0 && t <= t1;
  const points: ChartPoint[] = [];
  let cursorX: number | null = null;
  if (inDomain(cursor)) {
    const second = Math.floor(cursor);
    cursorX = r1(x(second + 0.5));
    for (const l of lines) {
      const value = valueAt(l.values, l.start, second);
      points.push({
        id: l.id,
        label: l.label,
        x: cursorX,
        y: r1(y(value)),
        value,
        text: formatMetric(value, options.unit),
      });
    }
  }
  const now = options.now ?? null;
  return {
    width,
    height,
    plot,
    paths,
    xTicks,
    yTicks,
    points,
    cursorX,
    nowX: inDomain(now) ? r1(x(now)) : null,
    yMax,
  };
}

/** The simulated time under a horizontal pixel position of a chart built with these options. */
export function timeAtX(options: MetricChartOptions, px: number): number {
  const m = options.margin ?? DEFAULT_MARGIN;
  const width = Math.max(m.left + m.right + 10, options.width);
  const [t0, rawT1] = options.xDomain;
  const t1 = rawT1 > t0 ? rawT1 : t0 + 1;
  return scaleLinear()
    .domain([m.left, width - m.right])
    .range([t0, t1])
    .clamp(true)(px);
}

/** Renders a chart model as a standalone SVG string (snapshot tests, exports). */
export function chartToSvg(model: MetricChartModel): string {
  const { plot } = model;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${model.width}" height="${model.height}">`,
  ];
  for (const t of model.yTicks) {
    parts.push(
      `<line class="gridLine" x1="${plot.left}" x2="${plot.right}" y1="${t.pos}" y2="${t.pos}"/>`,
    );
    parts.push(`<text class="y" x="${plot.left - 4}" y="${t.pos}">${t.label}</text>`);
  }
  for (const t of model.xTicks) {
    parts.push(`<text class="x" x="${t.pos}" y="${model.height - 4}">${t.label}</text>`);
  }
  for (const p of model.paths) parts.push(`<path data-line="${p.id}" d="${p.d}"/>`);
  if (model.nowX !== null) {
    parts.push(
      `<line class="now" x1="${model.nowX}" x2="${model.nowX}" y1="${plot.top}" y2="${plot.bottom}"/>`,
    );
  }
  if (model.cursorX !== null) {
    parts.push(
      `<line class="cursor" x1="${model.cursorX}" x2="${model.cursorX}" y1="${plot.top}" y2="${plot.bottom}"/>`,
    );
    for (const p of model.points)
      parts.push(`<circle data-line="${p.id}" cx="${p.x}" cy="${p.y}" r="3"/>`);
  }
  parts.push('</svg>');
  return parts.join('\n');
}
