/**
 * A small YAML writer for CloudFormation and SAM templates: block maps and
 * lists, scalars quoted only where YAML would misread them (quoted strings
 * are JSON strings, which YAML reads the same), and CloudFormation's short
 * intrinsic tags (`!Ref X`, `!GetAtt X.Arn`). The tests parse its output with
 * the `yaml` package.
 */

/** A CloudFormation intrinsic function in its short form. */
export interface Tag {
  readonly tag: '!Ref' | '!GetAtt' | '!Sub';
  readonly value: string;
}

/** A YAML value this writer handles. */
export type YamlValue =
  | string
  | number
  | boolean
  | null
  | Tag
  | readonly YamlValue[]
  | { readonly [key: string]: YamlValue | undefined };

export const ref = (value: string): Tag => ({ tag: '!Ref', value });
export const getAtt = (value: string): Tag => ({ tag: '!GetAtt', value });

const isTag = (v: unknown): v is Tag =>
  typeof v === 'object' && v !== null && 'tag' in v && 'value' in v && Object.keys(v).length === 2;

const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./:@-]*(?: [A-Za-z0-9_./:@()-]+)*$/;

/** A scalar as YAML writes it. */
export function scalar(v: string | number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : JSON.stringify(String(v));
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const plain = PLAIN.test(v) && !RESERVED.test(v) && !v.includes(': ') && !v.endsWith(':');
  return plain ? v : JSON.stringify(v);
}

function inline(v: YamlValue): string | null {
  if (v === null || typeof v !== 'object') return scalar(v);
  if (isTag(v)) return `${v.tag} ${v.value}`;
  if (Array.isArray(v) && v.length === 0) return '[]';
  if (!Array.isArray(v) && Object.keys(v).length === 0) return '{}';
  return null;
}

function lines(v: YamlValue, indent: string, out: string[]): void {
  if (Array.isArray(v)) {
    for (const item of v as readonly YamlValue[]) {
      const one = inline(item);
      if (one !== null) {
        out.push(`${indent}- ${one}`);
        continue;
      }
      const nested: string[] = [];
      lines(item, `${indent}  `, nested);
      const first = nested[0] ?? '';
      // A map item starts on the dash line: "- Key: value".
      out.push(`${indent}- ${first.slice(indent.length + 2)}`, ...nested.slice(1));
    }
    return;
  }
  for (const [key, value] of Object.entries(v as Record<string, YamlValue | undefined>)) {
    if (value === undefined) continue;
    const one = inline(value);
    if (one !== null) out.push(`${indent}${key}: ${one}`);
    else {
      out.push(`${indent}${key}:`);
      lines(value, `${indent}  `, out);
    }
  }
}

/** A YAML document for a map, after comment lines. */
export function toYaml(
  doc: { readonly [key: string]: YamlValue | undefined },
  comments: readonly string[] = [],
): string {
  const out = comments.map((c) => (c === '' ? '#' : `# ${c}`));
  lines(doc, '', out);
  return `${out.join('\n')}\n`;
}
