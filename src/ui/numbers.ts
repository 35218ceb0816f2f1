/**
 * Numbers as `Number.prototype.toLocaleString('en-US')` writes them ("1,234",
 * "0.25"), without the browser's number data: the first `toLocaleString` or
 * `Intl.NumberFormat` of a page loads it, 25–50 ms of one task on a laptop
 * and four times that on a phone, and the stage's first frame was where that
 * happened. The lab's text is English, so grouping by threes with a comma
 * and a point before the fraction is all it needs.
 */

/**
 * `n` with its integer part grouped by thousands and at most
 * `maxFractionDigits` digits after the point, trailing zeros dropped, as
 * `toLocaleString('en-US', { maximumFractionDigits })` writes it: rounded half
 * away from zero on the number's shortest decimal form (so 1.005 → "1.01").
 */
export function grouped(n: number, maxFractionDigits = 3): string {
  const digits = Math.min(20, Math.max(0, Math.trunc(maxFractionDigits)));
  const plain = String(Math.abs(n));
  // NaN, ∞ and exponent forms (under 1e-6, from 1e21) are rare: leave them to the browser.
  if (!Number.isFinite(n) || plain.includes('e')) {
    return n.toLocaleString('en-US', { maximumFractionDigits: digits });
  }
  const point = plain.indexOf('.');
  let whole = point < 0 ? plain : plain.slice(0, point);
  let fraction = point < 0 ? '' : plain.slice(point + 1);
  if (fraction.length > digits) {
    const up = fraction.charCodeAt(digits) >= 53; // '5'
    fraction = fraction.slice(0, digits);
    if (up) [whole, fraction] = carry(whole, fraction);
  }
  let end = fraction.length;
  while (end > 0 && fraction.charCodeAt(end - 1) === 48) end--; // '0'
  fraction = fraction.slice(0, end);
  let out = '';
  for (let i = 0; i < whole.length; i++) {
    if (i > 0 && (whole.length - i) % 3 === 0) out += ',';
    out += whole[i];
  }
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  return `${sign}${out}${fraction === '' ? '' : `.${fraction}`}`;
}

/** Adds one unit in the last place of `whole.fraction` (decimal digit strings). */
function carry(whole: string, fraction: string): [string, string] {
  const all = (whole + fraction).split('');
  let i = all.length - 1;
  while (i >= 0 && all[i] === '9') all[i--] = '0';
  if (i >= 0) all[i] = String(Number(all[i]) + 1);
  else all.unshift('1');
  const cut = all.length - fraction.length;
  return [all.slice(0, cut).join(''), all.slice(cut).join('')];
}
