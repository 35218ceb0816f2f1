/**
 * A chart's downloads (loaded on the first click): its series as CSV, and a
 * PNG drawn from the chart's own SVG in the current theme, at twice the
 * screen's size, with the chart's title, its lines' legend and the time span
 * written on it so the picture stands on its own in slides or notes.
 */
import type { MetricsSeries } from '../../engine/types';
import type { ChartDef } from './catalog';
import { formatClock } from './format';

const UNIT_LABEL = { ms: 'ms', seconds: 's', count: 'count' } as const;

/** A CSV field (RFC 4180: quoted when it holds a comma, a quote or a line break). */
export function csvField(v: string | number): string {
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The chart's series as CSV: one row per simulated second the lab holds
 * (`second` is the start of the second), one column per line, headed with
 * the AWS metric name (or the line's label) and its unit.
 */
export function chartCsv(def: ChartDef, metrics: MetricsSeries): string {
  const lines = def.lines(metrics);
  const unit = UNIT_LABEL[def.unit];
  const head = [
    'second',
    ...lines.map((l) =>
      lines.length === 1 || l.label === l.id
        ? `${l.id} (${unit})`
        : `${def.title} ${l.label} (${unit})`,
    ),
  ];
  const start = Math.min(...lines.map((l) => l.start));
  const end = Math.max(...lines.map((l) => l.start + l.values.length));
  const rows = [head.map(csvField).join(',')];
  for (let s = start; s < end; s++) {
    rows.push(
      [s, ...lines.map((l) => l.values[s - l.start] ?? 0)].map((v) => csvField(v)).join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}

/** A file name for a chart's download. */
export function chartFileName(def: ChartDef, ext: 'csv' | 'png'): string {
  return `esm-lab-${def.id.replace(/[^A-Za-z0-9]+/g, '-')}.${ext}`;
}

const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-variant-numeric',
  'text-anchor',
  'dominant-baseline',
];

/** Room around the plot for labels the page lets overflow the SVG box (y ticks, "now"). */
const BLEED = { left: 56, right: 32, top: 8, bottom: 8 };

/** The SVG with every element's computed style written inline (CSS variables resolved). */
function standaloneSvg(svg: SVGSVGElement, width: number, height: number): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const w = width + BLEED.left + BLEED.right;
  const h = height + BLEED.top + BLEED.bottom;
  copy.setAttribute('viewBox', `${-BLEED.left} ${-BLEED.top} ${w} ${h}`);
  copy.setAttribute('width', String(w));
  copy.setAttribute('height', String(h));
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((el, i) => {
    const target = to[i];
    if (!(target instanceof Element)) return;
    const cs = getComputedStyle(el);
    const style = STYLE_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
    target.setAttribute('style', style);
    target.removeAttribute('class');
  });
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return new XMLSerializer().serializeToString(copy);
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('the chart could not be drawn'));
    img.src = src;
  });
}

/** The PNG of a chart figure (its <svg>, title and legend), in the current theme. */
export async function chartPng(
  figure: HTMLElement,
  def: ChartDef,
  span: readonly [number, number],
): Promise<Blob> {
  const svg = figure.querySelector('svg');
  if (svg === null) throw new Error('the chart has not been drawn yet');
  const scale = 2;
  const pad = 16;
  const plotWidth = svg.width.baseVal.value;
  const plotHeight = svg.height.baseVal.value;
  const width = plotWidth + BLEED.left + BLEED.right;
  const height = plotHeight + BLEED.top + BLEED.bottom;
  const figureStyle = getComputedStyle(figure);
  const text = getComputedStyle(figure.querySelector('h3') ?? figure).color;
  const muted = getComputedStyle(figure.querySelector('p') ?? figure).color;
  const font = figureStyle.fontFamily;
  const legend = [...figure.querySelectorAll('ul li')].map((li) => ({
    label: li.textContent ?? '',
    line: li.querySelector('line'),
  }));
  const titleH = 44;
  const legendH = legend.length > 0 ? 26 : 0;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round((width + pad * 2) * scale);
  canvas.height = Math.round((height + pad * 2 + titleH + legendH) * scale);
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('this browser cannot draw a PNG');
  ctx.scale(scale, scale);
  ctx.fillStyle = figureStyle.backgroundColor;
  ctx.fillRect(0, 0, canvas.width, canvas.height);

  ctx.fillStyle = text;
  ctx.font = `650 15px ${font}`;
  ctx.textBaseline = 'top';
  ctx.fillText(def.title, pad, pad, width);
  ctx.fillStyle = muted;
  ctx.font = `12px ${font}`;
  ctx.fillText(
    `Lambda ESM Lab · simulated time ${formatClock(span[0])}–${formatClock(span[1])}`,
    pad,
    pad + 21,
    width,
  );

  const img = await loadImage(
    `data:image/svg+xml;charset=utf-8,${encodeURIComponent(standaloneSvg(svg, plotWidth, plotHeight))}`,
  );
  ctx.drawImage(img, pad, pad + titleH, width, height);

  let x = pad;
  const y = pad + titleH + height + 10;
  ctx.font = `12px ${font}`;
  ctx.textBaseline = 'middle';
  for (const item of legend) {
    if (item.line !== null) {
      const cs = getComputedStyle(item.line);
      ctx.strokeStyle = cs.stroke;
      ctx.lineWidth = Number.parseFloat(cs.strokeWidth) || 1.5;
      const dash =
        cs.strokeDasharray === 'none'
          ? []
          : cs.strokeDasharray.split(/[ ,]+/).map(Number.parseFloat);
      ctx.setLineDash(dash.filter((n) => Number.isFinite(n)));
      ctx.beginPath();
      ctx.moveTo(x, y + 6);
      ctx.lineTo(x + 18, y + 6);
      ctx.stroke();
      x += 24;
    }
    ctx.fillStyle = muted;
    ctx.fillText(item.label, x, y + 6);
    x += ctx.measureText(item.label).width + 14;
  }

  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (blob === null) reject(new Error('the PNG could not be made'));
      else resolve(blob);
    }, 'image/png');
  });
}
