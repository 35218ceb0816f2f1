/**
 * One setting from the registry: label in the AWS console's wording (the
 * accessible name), slider + number input for numbers, a switch for booleans,
 * a list for choices. Invalid values show AWS's message next to the control
 * (role=alert, aria-describedby) and are never sent: the run keeps its last
 * valid settings. Settings that need a restart restart the scenario, saying so.
 */
import { Fragment, useEffect, useId, useRef, useState, type ReactElement } from 'react';
import type { ScenarioAction, SourceType } from '../../engine/types';
import {
  labelOf,
  multiselectValues,
  validateEdit,
  type FieldSpec,
  type FieldValue,
} from '../../scenarios/fields';
import { applyPatch, checkCombinations, checkFields, touchedFields } from '../../scenarios/rules';
import { useSimStore } from '../../store/simStore';
import type { SimStoreState } from '../../store/types';
import { editableConfig, fromSlider, parseNumberInput, sliderBounds, toSlider } from './editable';
import { restartWith } from './restart';
import styles from './Controls.module.css';

type Edit = Omit<ScenarioAction, 'at'>;

function configOf(s: SimStoreState) {
  return editableConfig(s.snapshot, s.scenario, s.actions);
}

/** Problems with an edit; restart-only fields are checked as a new scenario would be. */
function problemsFor(field: FieldSpec, value: FieldValue): string[] {
  const s = useSimStore.getState();
  const cfg = configOf(s);
  if (cfg === null) return ['The simulation is still loading.'];
  const action = field.toAction(value, cfg);
  if (field.live) return validateEdit(cfg, action).map((p) => p.message);
  const patch = {
    ...(action.source !== undefined ? { source: action.source } : {}),
    ...(action.mapping !== undefined ? { mapping: action.mapping } : {}),
    ...(action.function !== undefined ? { function: action.function } : {}),
  };
  const problems = checkFields(cfg.source.type, patch);
  if (problems.length === 0)
    problems.push(...checkCombinations(applyPatch(cfg, patch), touchedFields(patch)));
  return problems.map((p) => p.message);
}

/** Sends a valid value: a live action, or a restart for fields that cannot change live. */
function commit(field: FieldSpec, value: FieldValue, type: SourceType): string | null {
  const s = useSimStore.getState();
  const cfg = configOf(s);
  if (cfg === null) return null;
  const action: Edit = field.toAction(value, cfg);
  if (field.live) {
    s.applyAction(action);
    return null;
  }
  restartWith(action);
  const shown =
    field.kind === 'multiselect' ? multiselectValues(value).join(', ') || 'none' : String(value);
  return `${labelOf(field, type)} cannot change on a running mapping: the scenario restarted with ${shown}.`;
}

/** A registry field bound to the store. */
export function Field({
  field,
  type,
}: {
  readonly field: FieldSpec;
  readonly type: SourceType;
}): ReactElement {
  const inForce = useSimStore((s) => {
    const cfg = configOf(s);
    return cfg === null ? null : field.read(cfg);
  });
  const storeError = useSimStore((s) => s.error);
  // The value just sent, shown until the run reports it in force (the worker answers a moment
  // later): without it the control would flick back to the old value meanwhile.
  // It lapses once the value in force or the store's error changes (in force, or refused).
  const [sent, setSent] = useState<{
    readonly value: FieldValue;
    readonly inForce: FieldValue | null;
    readonly storeError: string | null;
  } | null>(null);
  const pending = sent !== null && sent.inForce === inForce && sent.storeError === storeError;
  if (sent !== null && !pending) setSent(null);
  const current = pending ? sent.value : inForce;
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const id = useId();
  const label = labelOf(field, type);
  const range = field.range[type];
  const nullable = field.defaults[type] === null || current === null;
  const timer = useRef<number | null>(null);
  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );

  const tryValue = (value: FieldValue, send: boolean): boolean => {
    const problems = problemsFor(field, value);
    if (problems.length > 0) {
      setError(problems.join(' '));
      return false;
    }
    setError(null);
    if (send && value !== current) {
      setNote(commit(field, value, type));
      setSent({ value, inForce, storeError });
    }
    return true;
  };

  const onNumberText = (text: string, send: boolean): void => {
    setDraft(text);
    const parsed = parseNumberInput(text, nullable);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    if (tryValue(parsed.value, send) && send) setDraft(null);
  };

  const helpId = `${id}-help`;
  const errId = `${id}-err`;
  const describedBy = error !== null ? `${helpId} ${errId}` : helpId;
  const unit = field.unit !== null ? ` ${field.unit}` : '';

  let control: ReactElement;
  if (field.kind === 'number') {
    const shown = draft ?? (current === null ? '' : String(current));
    const sliderValue = typeof current === 'number' || current === null ? current : null;
    control = (
      <div className={styles.numberRow}>
        {range !== undefined ? (
          <input
            type="range"
            className={styles.slider}
            {...sliderBounds(range)}
            value={toSlider(
              draft !== null && parseNumberInput(draft, nullable).ok
                ? numOr(draft, sliderValue)
                : sliderValue,
              range,
            )}
            aria-label={label}
            aria-valuetext={`${shown === '' ? 'none' : shown}${unit}`}
            aria-describedby={describedBy}
            onChange={(e) => {
              const v = fromSlider(Number(e.currentTarget.value), range);
              setDraft(String(v));
              if (timer.current !== null) window.clearTimeout(timer.current);
              // One action per settled slider position, not one per pixel dragged.
              timer.current = window.setTimeout(() => {
                if (tryValue(v, true)) setDraft(null);
              }, 250);
            }}
          />
        ) : null}
        <input
          id={id}
          type="text"
          inputMode="decimal"
          className={styles.number}
          value={shown}
          placeholder={nullable ? 'none' : ''}
          aria-label={label}
          aria-invalid={error !== null}
          aria-describedby={describedBy}
          onChange={(e) => onNumberText(e.currentTarget.value, false)}
          onBlur={(e) => {
            if (draft !== null) onNumberText(e.currentTarget.value, true);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') onNumberText(e.currentTarget.value, true);
            if (e.key === 'Escape') {
              setDraft(null);
              setError(null);
            }
          }}
        />
        {field.unit !== null ? <span className={styles.unit}>{field.unit}</span> : null}
      </div>
    );
  } else if (field.kind === 'boolean') {
    control = (
      <input
        id={id}
        type="checkbox"
        role="switch"
        className={styles.switch}
        checked={current === true}
        aria-describedby={describedBy}
        onChange={(e) => tryValue(e.currentTarget.checked, true)}
      />
    );
  } else if (field.kind === 'multiselect') {
    // A set of checkboxes in a disclosure (the summary names the set in force). Each change
    // is checked at once; a valid set is sent, an invalid one stays as a draft with AWS's
    // message, so several boxes can be changed on the way to a valid set.
    const options = field.options ?? [];
    const chosen = new Set(multiselectValues(draft ?? current));
    const named = multiselectValues(inForce);
    const toggle = (value: string, on: boolean): void => {
      const next = options
        .filter((o) => (o.value === value ? on : chosen.has(o.value)))
        .map((o) => o.value)
        .join(',');
      setDraft(next);
      if (tryValue(next, true)) setDraft(null);
    };
    control = (
      <details className={styles.multi}>
        <summary className={styles.multiSummary} aria-describedby={describedBy}>
          <span className="visually-hidden">{label}: </span>
          <span className={styles.multiChosen}>
            {named.length === 0
              ? 'None'
              : named.map((name, i) => (
                  <span key={name}>
                    {i > 0 ? <span className="visually-hidden">, </span> : null}
                    {breakable(name)}
                  </span>
                ))}
          </span>
        </summary>
        <fieldset className={styles.multiList}>
          <legend className="visually-hidden">{label}</legend>
          {options.map((o) => (
            <div key={o.value} className={styles.multiOption}>
              <input
                id={`${id}-${o.value}`}
                type="checkbox"
                checked={chosen.has(o.value)}
                aria-describedby={o.detail !== undefined ? `${id}-${o.value}-detail` : undefined}
                onChange={(e) => toggle(o.value, e.currentTarget.checked)}
              />
              <label htmlFor={`${id}-${o.value}`} className={styles.multiName}>
                {breakable(o.label)}
              </label>
              {o.detail !== undefined ? (
                <span id={`${id}-${o.value}-detail`} className={styles.multiDetail}>
                  {o.detail}
                </span>
              ) : null}
            </div>
          ))}
        </fieldset>
        {draft !== null ? (
          <button
            type="button"
            className={styles.multiReset}
            onClick={() => {
              setDraft(null);
              setError(null);
            }}
          >
            Keep the role in force
          </button>
        ) : null}
      </details>
    );
  } else if (field.kind === 'select') {
    control = (
      <select
        id={id}
        className={styles.select}
        value={typeof current === 'string' ? current : ''}
        aria-describedby={describedBy}
        onChange={(e) => tryValue(e.currentTarget.value, true)}
      >
        {(field.options ?? []).map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else {
    const shown = draft ?? (typeof current === 'string' ? current : '');
    control = (
      <input
        id={id}
        type="text"
        className={styles.text}
        value={shown}
        spellCheck={false}
        aria-describedby={describedBy}
        aria-invalid={error !== null}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onBlur={(e) => {
          if (draft !== null && tryValue(e.currentTarget.value, true)) setDraft(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && tryValue(e.currentTarget.value, true)) setDraft(null);
        }}
      />
    );
  }

  return (
    <div
      className={styles.field}
      data-kind={field.kind}
      data-invalid={error !== null ? '' : undefined}
    >
      <div className={styles.fieldHead}>
        {field.kind === 'number' || field.kind === 'multiselect' ? (
          <span className={styles.label}>{label}</span>
        ) : (
          <label htmlFor={id} className={styles.label}>
            {label}
          </label>
        )}
        {!field.live ? <span className={styles.restartTag}>restarts</span> : null}
        {field.kind === 'boolean' ? control : null}
      </div>
      {field.kind !== 'boolean' ? control : null}
      <p id={helpId} className={styles.help}>
        {field.help}
        {field.awsName !== null ? <span className={styles.awsName}> {field.awsName}</span> : null}
      </p>
      {error !== null ? (
        <p id={errId} role="alert" className={styles.error}>
          {error}
        </p>
      ) : null}
      {note !== null && error === null ? (
        <p role="status" className={styles.noteText}>
          {note}
        </p>
      ) : null}
    </div>
  );
}

/** A CamelCase name with line-break opportunities between its words (narrow column). */
function breakable(name: string): ReactElement {
  const words = name.split(/(?<=[a-z])(?=[A-Z])/);
  return (
    <>
      {words.map((w, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {w}
        </Fragment>
      ))}
    </>
  );
}

function numOr(text: string, fallback: number | null): number | null {
  const p = parseNumberInput(text, true);
  return p.ok ? p.value : fallback;
}
