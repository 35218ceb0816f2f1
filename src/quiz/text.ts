/**
 * Words for questions and explanations: lists, plurals, invocation numbers.
 * `Explainer` writes the explanation and records every invocation it names,
 * so a question's `cites` are exactly the `#n` in its text.
 */

/** "a", "a and b", "a, b and c". */
export function list(items: readonly string[], last = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1] ?? ''}`;
}

/** "1 invocation", "3 invocations". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Seconds for text: "12 s", "1.5 s". */
export function secs(t: number): string {
  return `${Number(t.toFixed(t < 10 ? 2 : 1))} s`;
}

/** Bytes as "700 KB", "1.2 MB" (decimal units, as AWS writes its 6 MB limit). */
export function bytes(n: number): string {
  return n >= 1_000_000 ? `${Number((n / 1_000_000).toFixed(2))} MB` : `${Math.round(n / 1000)} KB`;
}

/** Builds an explanation; every invocation named through it is cited. */
export class Explainer {
  private readonly named = new Set<number>();
  readonly paragraphs: string[] = [];

  /** "#4", or "#2, #3 and #5"; consecutive runs of three or more as "#2–#9". */
  inv(ns: readonly number[] | number): string {
    const sorted = [...new Set(typeof ns === 'number' ? [ns] : ns)].sort((a, b) => a - b);
    const parts: string[] = [];
    for (let i = 0; i < sorted.length;) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
      const a = sorted[i] ?? 0;
      const b = sorted[j] ?? 0;
      this.named.add(a);
      this.named.add(b);
      if (j - i >= 2) parts.push(`#${a}–#${b}`);
      else {
        parts.push(`#${a}`);
        if (j > i) parts.push(`#${b}`);
      }
      i = j + 1;
    }
    return list(parts);
  }

  /** Adds a paragraph. */
  say(text: string): this {
    this.paragraphs.push(text);
    return this;
  }

  /** The invocation numbers named so far, ascending. */
  get cites(): number[] {
    return [...this.named].sort((a, b) => a - b);
  }
}

/** "once", "twice", "3 times". */
export function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}

/** "the first time", "the first 3 times". */
export function firstTimes(n: number): string {
  return n === 1 ? 'the first time' : `the first ${n} times`;
}
