/**
 * The QR code of a link, drawn locally (uqr: no request leaves the page) as
 * one SVG path. A link too long for any QR code version says so instead.
 */
import { encode } from 'uqr';
import { grouped } from '../numbers';

/** An SVG path of the dark modules and the side in modules (quiet zone included), or a problem. */
export type QrDrawing =
  | { readonly ok: true; readonly path: string; readonly size: number; readonly version: number }
  | { readonly ok: false; readonly message: string };

/** Encodes `text` (error correction L: the most room for a long link). */
export function qrDrawing(text: string): QrDrawing {
  try {
    const qr = encode(text, { ecc: 'L', border: 2 });
    let path = '';
    qr.data.forEach((row, y) => {
      row.forEach((dark, x) => {
        if (dark) path += `M${x} ${y}h1v1h-1z`;
      });
    });
    return { ok: true, path, size: qr.size, version: qr.version };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      message: `This link is too long for a QR code (${grouped(text.length)} characters): ${why}. Share it another way.`,
    };
  }
}
