/**
 * Choosing what the two runs differ in: one row per setting (its value in
 * run A and in run B), a list of the settings this source offers, quick
 * picks for the classic comparisons, and AWS's message when a value would be
 * refused. "Run both" starts the runs only when both sides are valid.
 */
import { useId, useState, type ReactElement } from 'react';
import type { SourceType } from '../../engine/types';
import {
  labelOf,
  type EditableConfig,
  type FieldSpec,
  type FieldValue,
} from '../../scenarios/fields';
import { parseNumberInput } from '../controls/editable';
import {
  comparableFields,
  describeSide,
  fieldOf,
  sideProblems,
  suggestions,
  valueText,
  type Change,
  type Side,
} from './changes';
import styles from './compare.module.css';

/** What the user is typing for one value (numbers stay text until they parse). */
type Draft = { readonly fieldId: string; readonly a: string; readonly b: string };

const toText = (v: FieldValue): string => (v === null ? '' : String(v));

function parseValue(
  field: FieldSpec,
  type: SourceType,
  text: string,
): { ok: true; value: FieldValue } | { ok: false; message: string } {
  if (field.kind === 'boolean') return { ok: true, value: text === 'true' };
  if (field.kind === 'number') {
    // Empty means "unset" only where the setting can be unset (Maximum receives, …).
    const parsed = parseNumberInput(text, field.defaults[type] === null);
    return parsed.ok ? { ok: true, value: parsed.value } : parsed;
  }
  return { ok: true, value: text };
}

/** The setup form. */
export function Setup({
  type,
  cfg,
  initial,
  onRun,
}: {
  readonly type: SourceType;
  readonly cfg: EditableConfig;
  readonly initial: readonly Change[];
  readonly onRun: (changes: readonly Change[]) => void;
}): ReactElement {
  const [drafts, setDrafts] = useState<readonly Draft[]>(() =>
    initial.map((c) => ({ fieldId: c.fieldId, a: toText(c.a), b: toText(c.b) })),
  );
  const id = useId();
  const fields = comparableFields(type);
  const unused = fields.filter((f) => !drafts.some((d) => d.fieldId === f.id));

  // Parse every draft; a value that is not even a number is reported on its own.
  const parsed: Change[] = [];
  const inputProblems: string[] = [];
  for (const d of drafts) {
    const f = fieldOf(d.fieldId);
    if (f === undefined) continue;
    const a = parseValue(f, type, d.a);
    const b = parseValue(f, type, d.b);
    if (!a.ok) inputProblems.push(`${labelOf(f, type)} (A): ${a.message}`);
    if (!b.ok) inputProblems.push(`${labelOf(f, type)} (B): ${b.message}`);
    if (a.ok && b.ok) parsed.push({ fieldId: d.fieldId, a: a.value, b: b.value });
  }
  const problems: Record<Side, string[]> = {
    a: inputProblems.length > 0 ? [] : sideProblems(type, cfg, parsed, 'a'),
    b: inputProblems.length > 0 ? [] : sideProblems(type, cfg, parsed, 'b'),
  };
  const same = parsed.length > 0 && parsed.every((c) => c.a === c.b);
  const ready =
    inputProblems.length === 0 && problems.a.length === 0 && problems.b.length === 0 && !same;

  const update = (i: number, patch: Partial<Draft>): void =>
    setDrafts(drafts.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const add = (fieldId: string): void => {
    const f = fieldOf(fieldId);
    if (f === undefined) return;
    const now = toText(f.read(cfg));
    setDrafts([...drafts, { fieldId, a: now, b: now }]);
  };

  return (
    <form
      className={styles.setup}
      aria-label="What the two runs differ in"
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) onRun(parsed);
      }}
    >
      <div className={styles.quick}>
        <span>Quick picks:</span>
        {suggestions(type, cfg).map((c) => {
          const f = fieldOf(c.fieldId);
          if (f === undefined) return null;
          return (
            <button
              key={c.fieldId}
              type="button"
              className={styles.chip}
              onClick={() => setDrafts([{ fieldId: c.fieldId, a: toText(c.a), b: toText(c.b) }])}
            >
              {labelOf(f, type)}: {valueText(f, c.a)} vs {valueText(f, c.b)}
            </button>
          );
        })}
      </div>
      <table className={styles.changes}>
        <thead>
          <tr>
            <th scope="col">Setting</th>
            <th scope="col">Run A</th>
            <th scope="col">Run B</th>
            <th scope="col">
              <span className={styles.srOnly}>Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {drafts.map((d, i) => {
            const f = fieldOf(d.fieldId);
            if (f === undefined) return null;
            const label = labelOf(f, type);
            return (
              <tr key={d.fieldId}>
                <th scope="row">{label}</th>
                {(['a', 'b'] as const).map((side) => (
                  <td key={side}>
                    <ValueInput
                      field={f}
                      label={`${label}, run ${side.toUpperCase()}`}
                      value={d[side]}
                      onChange={(v) => update(i, { [side]: v })}
                    />
                  </td>
                ))}
                <td>
                  <button
                    type="button"
                    className={styles.button}
                    aria-label={`Remove ${label}`}
                    onClick={() => setDrafts(drafts.filter((_, j) => j !== i))}
                  >
                    ✕
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className={styles.setupRow}>
        <label htmlFor={`${id}-add`}>Add a setting</label>
        <select
          id={`${id}-add`}
          value=""
          onChange={(e) => {
            if (e.currentTarget.value !== '') add(e.currentTarget.value);
          }}
        >
          <option value="">Choose…</option>
          {unused.map((f) => (
            <option key={f.id} value={f.id}>
              {labelOf(f, type)}
            </option>
          ))}
        </select>
        <button type="submit" className={`${styles.button} ${styles.primary}`}>
          Run both
        </button>
      </div>
      {inputProblems.length + problems.a.length + problems.b.length > 0 ||
      same ||
      drafts.length === 0 ? (
        <ul className={styles.problems} role="alert">
          {drafts.length === 0 ? <li>Pick a setting for the two runs to differ in.</li> : null}
          {same ? <li>Run A and run B have the same values: change one of them.</li> : null}
          {inputProblems.map((p) => (
            <li key={p}>{p}</li>
          ))}
          {problems.a.map((p) => (
            <li key={`a-${p}`}>Run A: {p}</li>
          ))}
          {problems.b.map((p) => (
            <li key={`b-${p}`}>Run B: {p}</li>
          ))}
        </ul>
      ) : (
        <p className={styles.ready}>
          A: {describeSide(type, parsed, 'a')} · B: {describeSide(type, parsed, 'b')}
        </p>
      )}
    </form>
  );
}

function ValueInput({
  field,
  label,
  value,
  onChange,
}: {
  readonly field: FieldSpec;
  readonly label: string;
  readonly value: string;
  readonly onChange: (v: string) => void;
}): ReactElement {
  if (field.kind === 'boolean')
    return (
      <select
        aria-label={label}
        value={value === 'true' ? 'true' : 'false'}
        onChange={(e) => onChange(e.currentTarget.value)}
      >
        <option value="false">off</option>
        <option value="true">on</option>
      </select>
    );
  if (field.kind === 'select')
    return (
      <select aria-label={label} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {(field.options ?? []).map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  return (
    <span className={styles.valueBox}>
      <input
        type="text"
        inputMode={field.kind === 'number' ? 'decimal' : 'text'}
        aria-label={label}
        value={value}
        size={8}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
      {field.unit !== null ? <span className={styles.unit}>{field.unit}</span> : null}
    </span>
  );
}
