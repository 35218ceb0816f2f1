/**
 * Where JSON text first goes wrong. `JSON.parse` error messages do not always
 * carry a position (it depends on the JavaScript engine and the error), so the
 * CLI and the loader find it with this small scanner after a parse failed.
 */

/** A syntax error's place: 0-based offset, 1-based line and column. */
export interface JsonErrorPlace {
  readonly position: number;
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

/** Deeper nesting is reported as an error instead of risking the call stack. */
const MAX_DEPTH = 1000;

class Scanner {
  i = 0;
  constructor(readonly s: string) {}

  ws(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i] as string)) this.i++;
  }

  fail(reason: string): never {
    throw new JsonSyntax(this.i, reason);
  }

  value(depth: number): void {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    this.ws();
    const c = this.s[this.i];
    if (c === undefined) this.fail('unexpected end of input');
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const word of ['true', 'false', 'null']) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return;
      }
    }
    this.fail(`unexpected character ${JSON.stringify(c)}`);
  }

  object(depth: number): void {
    this.i++;
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('expected a property name in double quotes');
      this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail('expected ":" after a property name');
      this.i++;
      this.value(depth + 1);
      this.ws();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === '}') {
        this.i++;
        return;
      }
      this.fail(c === undefined ? 'unexpected end of input' : 'expected "," or "}"');
    }
  }

  array(depth: number): void {
    this.i++;
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return;
    }
    for (;;) {
      this.value(depth + 1);
      this.ws();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === ']') {
        this.i++;
        return;
      }
      this.fail(c === undefined ? 'unexpected end of input' : 'expected "," or "]"');
    }
  }

  string(): void {
    this.i++;
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) this.fail('unterminated string');
      if (c === '"') {
        this.i++;
        return;
      }
      if (c < ' ') this.fail('control character in a string');
      if (c === '\\') {
        const e = this.s[this.i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 2, this.i + 6))) {
            this.fail('bad \\u escape');
          }
          this.i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) this.fail('bad escape in a string');
        this.i += 2;
        continue;
      }
      this.i++;
    }
  }

  number(): void {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (m === null) this.fail('bad number');
    this.i += m[0].length;
  }
}

class JsonSyntax {
  constructor(
    readonly position: number,
    readonly reason: string,
  ) {}
}

/** The first syntax error in `text`, or null if it is valid JSON. */
export function findJsonError(text: string): JsonErrorPlace | null {
  const sc = new Scanner(text);
  try {
    sc.value(0);
    sc.ws();
    if (sc.i < text.length) sc.fail('unexpected text after the JSON value');
    return null;
  } catch (e) {
    if (!(e instanceof JsonSyntax)) throw e;
    const before = text.slice(0, e.position);
    const line = before.split('\n').length;
    const column = e.position - before.lastIndexOf('\n');
    return { position: e.position, line, column, reason: e.reason };
  }
}
