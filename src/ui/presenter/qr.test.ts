import { describe, expect, it } from 'vitest';
import { encode } from 'uqr';
import { qrDrawing } from './qr';

describe('QR code of the share link', () => {
  it('draws the modules uqr encodes, with a quiet zone', () => {
    const url = 'https://example.org/lab/#s/abc123';
    const d = qrDrawing(url);
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    const ref = encode(url, { ecc: 'L', border: 2 });
    expect(d.size).toBe(ref.size);
    const dark = ref.data.flat().filter(Boolean).length;
    expect(d.path.match(/M/g)?.length).toBe(dark);
    // The quiet zone (2 modules) is light: no module starts in the first two rows.
    expect(d.path).not.toMatch(/M\d+ [01]h/);
  });
  it('says so when the link cannot fit any QR code', () => {
    const d = qrDrawing(`https://example.org/#s/${'x'.repeat(5000)}`);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.message).toMatch(/too long for a QR code \(5,023 characters\)/);
  });
});
