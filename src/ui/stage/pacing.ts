/**
 * Paced writes: while a run plays, an element's text (or state, or transform:
 * one pacer per kind of write) is written at most once every `paceMs`, and a
 * newer value waits for its turn (the latest wins). Elements start a sixth of
 * the pace apart, so no single frame writes them all. Pure: the caller gives
 * the clock and how to read and write a value, so the rule is testable
 * without a DOM (frame.ts applies it to elements).
 */
export class WritePacer<K extends object> {
  private readonly lastWritten = new WeakMap<K, number>();
  private readonly pending = new Map<K, string>();
  private staggerNext = 0;

  constructor(
    private readonly paceMs: number,
    private readonly read: (k: K) => string,
    private readonly write: (k: K, text: string) => void,
  ) {}

  /** How many texts wait for their turn. */
  get waiting(): number {
    return this.pending.size;
  }

  /** Writes `text` at once, out of pacing (a paused run, a user's action); drops what waited. */
  writeNow(k: K, text: string): void {
    this.pending.delete(k);
    if (this.read(k) !== text) this.write(k, text);
  }

  /** Writes `text` now if `k` had its last write `paceMs` or more ago; else it waits its turn. */
  set(k: K, text: string, now: number): void {
    const last = this.lastWritten.get(k);
    if (last !== undefined && now - last < this.paceMs) {
      if (this.read(k) === text) this.pending.delete(k);
      else this.pending.set(k, text);
      return;
    }
    this.pending.delete(k);
    if (this.read(k) === text) return;
    this.write(k, text);
    // A first write sets the element's phase: elements start a sixth of the pace apart.
    this.lastWritten.set(
      k,
      last === undefined ? now - (this.staggerNext++ % 6) * (this.paceMs / 6) : now,
    );
  }

  /** Writes every waiting text whose turn has come at `now`; all of them with `all`. */
  flush(now: number, all: boolean): void {
    for (const [k, text] of this.pending) {
      const last = this.lastWritten.get(k) ?? Number.NEGATIVE_INFINITY;
      if (all || now - last >= this.paceMs) {
        this.pending.delete(k);
        if (this.read(k) !== text) this.write(k, text);
        this.lastWritten.set(k, now);
      }
    }
  }
}

/**
 * Paced redraws of canvases that show states, not motion: while `fast`, a canvas is due at most
 * once every `paceMs`, canvases starting a sixth of the pace apart (like WritePacer's elements);
 * otherwise it is always due, and its pace starts again at the next fast frame.
 */
export class DrawPacer<K extends object> {
  private readonly drawnAt = new WeakMap<K, number>();
  private staggerNext = 0;

  constructor(private readonly paceMs: number) {}

  /** Whether `k` may be drawn at `now`; a `true` while `fast` counts as its draw. */
  due(k: K, now: number, fast: boolean): boolean {
    if (!fast) {
      this.drawnAt.delete(k);
      return true;
    }
    const last = this.drawnAt.get(k);
    if (last !== undefined && now - last < this.paceMs) return false;
    this.drawnAt.set(
      k,
      last === undefined ? now - (this.staggerNext++ % 6) * (this.paceMs / 6) : now,
    );
    return true;
  }
}
