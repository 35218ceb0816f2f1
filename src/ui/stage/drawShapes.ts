/**
 * Canvas primitives shared by the lane and queue renderers: key shapes,
 * chips and icons. Plain functions of (ctx, geometry, palette).
 */
import type { KeyShape } from './derive';

/** Traces a key shape centred at (x, y) with radius r (caller fills/strokes). */
export function traceShape(
  ctx: CanvasRenderingContext2D,
  shape: KeyShape,
  x: number,
  y: number,
  r: number,
): void {
  ctx.beginPath();
  switch (shape) {
    case 'circle':
      ctx.arc(x, y, r, 0, Math.PI * 2);
      break;
    case 'square':
      ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
      break;
    case 'diamond':
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r, y);
      ctx.lineTo(x, y + r);
      ctx.lineTo(x - r, y);
      ctx.closePath();
      break;
    case 'triangle':
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r, y + r * 0.8);
      ctx.lineTo(x - r, y + r * 0.8);
      ctx.closePath();
      break;
    case 'hexagon':
      for (let i = 0; i < 6; i++) {
        const a = (Math.PI / 3) * i;
        const px = x + r * Math.cos(a);
        const py = y + r * Math.sin(a);
        if (i === 0) ctx.moveTo(px, py);
        else ctx.lineTo(px, py);
      }
      ctx.closePath();
      break;
  }
}

/** Traces a rounded rectangle. */
export function roundRect(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  w: number,
  h: number,
  r: number,
): void {
  const rr = Math.max(0, Math.min(r, w / 2, h / 2));
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, rr);
}

/** Picks black or white text for a hex background (WCAG relative luminance). */
export function inkOn(hex: string): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (m?.[1] === undefined) return '#ffffff';
  const n = Number.parseInt(m[1], 16);
  const lin = (c: number): number => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  };
  const L = 0.2126 * lin((n >> 16) & 255) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255);
  return L > 0.22 ? '#111418' : '#ffffff';
}

const fonts = new WeakMap<CanvasRenderingContext2D, string>();

/**
 * Sets ctx.font only when it changes: assigning a font makes the browser
 * resolve styles for the canvas, costly when done per chip per frame; and
 * reading ctx.font back serialises it, so the last font set is remembered
 * instead. Resizing a canvas resets its context's font: fitCanvas calls
 * forgetFont then.
 */
export function setFont(ctx: CanvasRenderingContext2D, font: string): void {
  if (fonts.get(ctx) === font) return;
  ctx.font = font;
  fonts.set(ctx, font);
}

/** The context's state was reset (its canvas resized): the next setFont assigns. */
export function forgetFont(ctx: CanvasRenderingContext2D): void {
  fonts.delete(ctx);
}
