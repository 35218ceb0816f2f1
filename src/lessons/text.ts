/**
 * Narration text: `{name}` placeholders filled with values computed from the
 * run, plurals that follow the number, and the sentence count the lessons'
 * test holds to (2–4 plain sentences a step).
 */
import { isSeconds, quantity, type Facts } from './facts';
import type { Quantity } from './types';

const PLACEHOLDER = /\{(\w+)(?::([^}|]+)(?:\|([^}]+))?)?\}/g;

/** A number as the narration says it: whole numbers grouped (1,250), others to one decimal. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  return (Math.round(n * 10) / 10).toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** The placeholders a text uses (names only). */
export function placeholders(text: string): readonly string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

/**
 * Fills `{name}` with values[name] ("12" / "3.5 s"), `{name:word}` with the
 * number and the word, plural unless the number is 1 ("3 records"), and
 * `{name:one|many}` with an irregular plural ("2 batches").
 */
export function fill(
  text: string,
  values: Readonly<Record<string, { readonly value: number; readonly seconds: boolean }>>,
): string {
  return text.replace(PLACEHOLDER, (whole, name: string, one?: string, many?: string) => {
    const v = values[name];
    if (v === undefined)
      throw new Error(`the text uses {${name}} but no value of that name is defined`);
    const num = `${formatNumber(v.value)}${v.seconds ? ' s' : ''}`;
    if (one === undefined) return num;
    const word = v.value === 1 ? one : (many ?? `${one}s`);
    return whole === '' ? num : `${num} ${word}`;
  });
}

/** Evaluates `values` on the facts and fills the text with them. */
export function narrate(
  text: string,
  values: Readonly<Record<string, Quantity>> | undefined,
  facts: Facts,
): string {
  const computed: Record<string, { value: number; seconds: boolean }> = {};
  for (const [name, q] of Object.entries(values ?? {})) {
    computed[name] = { value: quantity(facts, q), seconds: isSeconds(q) };
  }
  return fill(text, computed);
}

/** The sentences of a text (split after . ! or ? followed by a space; "0.5 s" is not a break). */
export function sentences(text: string): readonly string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
