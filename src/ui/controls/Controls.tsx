/**
 * The settings column: source chooser, example scenarios, fault injection and
 * every mapping/source/function/traffic setting from the registry, grouped as
 * the console groups them, with the settings that do not apply and why.
 */
import { useEffect, useId, useState, type ReactElement } from 'react';
import type { SourceType, StageSnapshot } from '../../engine/types';
import { fieldsFor, labelOf, type FieldSpec } from '../../scenarios/fields';
import { useSimStore } from '../../store/simStore';
import type { Preset } from './editable';
import { Faults } from './Faults';
import { Field } from './Field';
import { loadDefaultFor, loadPreset, loadPresetIndex } from './presets';
import styles from './Controls.module.css';

const SOURCE_OPTIONS: readonly { type: SourceType; label: string }[] = [
  { type: 'kinesis', label: 'Kinesis Data Streams' },
  { type: 'dynamodb', label: 'DynamoDB Streams' },
  { type: 'sqs', label: 'SQS standard' },
  { type: 'sqs-fifo', label: 'SQS FIFO' },
];

const SECTION_TITLE: Record<FieldSpec['section'], string> = {
  source: 'Source',
  mapping: 'Event source mapping',
  function: 'Function',
  traffic: 'Traffic',
};

// While a new run loads (snapshot null) the loaded scenario's type keeps the settings mounted.
const selectType = (s: {
  snapshot: StageSnapshot | null;
  scenario: { source: { type: SourceType } } | null;
}): SourceType | null => s.snapshot?.sourceType ?? s.scenario?.source.type ?? null;

/** The controls region's content. */
export function Controls(): ReactElement {
  const type = useSimStore(selectType);
  return (
    <div className={styles.controls}>
      {/* The outline goes h1 (the lab) → h2 (this region) → h3 (its sections), as screen readers expect. */}
      <h2 className="visually-hidden">Settings</h2>
      <SourceChooser type={type} />
      <PresetPicker type={type} />
      {type !== null ? (
        <>
          <Faults type={type} />
          <Settings key={type} type={type} />
        </>
      ) : null}
    </div>
  );
}

function SourceChooser({ type }: { readonly type: SourceType | null }): ReactElement {
  // The choice shows at once; once the new run has loaded (runId changes) the run's type rules.
  // A rejected load changes `error` instead: then the running source shows again.
  const runId = useSimStore((s) => s.runId);
  const error = useSimStore((s) => s.error);
  const [pending, setPending] = useState<{
    type: SourceType;
    runId: number;
    error: string | null;
  } | null>(null);
  const shown =
    pending !== null && pending.runId === runId && pending.error === error ? pending.type : type;
  return (
    <fieldset className={styles.sourceSet}>
      <legend className={styles.sectionTitle}>Event source</legend>
      <div className={styles.radios} role="radiogroup" aria-label="Event source">
        {SOURCE_OPTIONS.map((o) => (
          <label
            key={o.type}
            className={styles.radio}
            data-checked={shown === o.type ? '' : undefined}
          >
            <input
              type="radio"
              name="esm-source"
              value={o.type}
              checked={shown === o.type}
              onChange={() => {
                setPending({ type: o.type, runId, error });
                void loadDefaultFor(o.type);
              }}
            />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The loaded scenario's title (the picker shows the example it came from). */
const selectTitle = (s: { scenario: { title: string | null } | null }): string | null =>
  s.scenario?.title ?? null;

function PresetPicker({ type }: { readonly type: SourceType | null }): ReactElement {
  const [presets, setPresets] = useState<Preset[]>([]);
  // An example being loaded: the picker shows it until a run replaces the one it was chosen
  // over, or the store reports an error (the example was refused).
  const [loading, setLoading] = useState<{
    file: string;
    runId: number;
    error: string | null;
  } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const loadedTitle = useSimStore(selectTitle);
  const runId = useSimStore((s) => s.runId);
  const loadError = useSimStore((s) => s.error);
  const pending =
    loading !== null && loading.runId === runId && loading.error === loadError
      ? loading.file
      : null;
  const id = useId();
  useEffect(() => {
    let live = true;
    void loadPresetIndex().then((p) => {
      if (live) setPresets(p);
    });
    return () => {
      live = false;
    };
  }, []);
  // The example the run came from: at start-up, after a source switch loads its default, or
  // after a choice here; none for an imported or shared scenario.
  const chosen = pending ?? presets.find((p) => p.title === loadedTitle)?.file ?? '';
  const current = presets.find((p) => p.file === chosen);
  const sorted = [...presets].sort((a, b) => Number(b.source === type) - Number(a.source === type));
  return (
    <div className={styles.presets}>
      <label htmlFor={id} className={styles.sectionTitle}>
        Example scenario
      </label>
      <select
        id={id}
        className={styles.select}
        value={chosen}
        onChange={(e) => {
          const file = e.currentTarget.value;
          setFailed(null);
          if (file === '') return;
          setLoading({ file, runId, error: loadError });
          void loadPreset(file).then((ok) => {
            if (ok) return;
            setLoading(null);
            setFailed('That example could not be loaded; the current run continues.');
          });
        }}
      >
        <option value="">
          {presets.length === 0 ? 'No examples found' : 'Choose an example…'}
        </option>
        {sorted.map((p) => (
          <option key={p.file} value={p.file}>
            {p.title}
          </option>
        ))}
      </select>
      {current !== undefined && current.description !== '' ? (
        <p className={styles.help}>{current.description}</p>
      ) : null}
      {failed !== null ? (
        <p role="alert" className={styles.error}>
          {failed}
        </p>
      ) : null}
    </div>
  );
}

function Settings({ type }: { readonly type: SourceType }): ReactElement {
  const { offered, notOffered } = fieldsFor(type);
  const sections = (['source', 'mapping', 'function', 'traffic'] as const).map((section) => {
    const groups = new Map<string, FieldSpec[]>();
    for (const f of offered.filter((x) => x.section === section)) {
      const list = groups.get(f.group) ?? [];
      list.push(f);
      groups.set(f.group, list);
    }
    return { section, groups: [...groups.entries()] };
  });
  return (
    <div className={styles.settings}>
      {sections.map(({ section, groups }) =>
        groups.length === 0 ? null : (
          <section key={section} className={styles.section} aria-label={SECTION_TITLE[section]}>
            <h3 className={styles.sectionTitle}>{SECTION_TITLE[section]}</h3>
            {groups.map(([group, fields]) => (
              <fieldset key={group} className={styles.group}>
                <legend className={styles.groupTitle}>{group}</legend>
                {fields.map((f) => (
                  <Field key={f.id} field={f} type={type} />
                ))}
              </fieldset>
            ))}
          </section>
        ),
      )}
      {notOffered.length > 0 ? (
        <details className={styles.notOffered}>
          <summary>
            Not offered for {SOURCE_OPTIONS.find((o) => o.type === type)?.label} (
            {notOffered.length})
          </summary>
          <ul>
            {notOffered.map(({ field, why }) => (
              <li key={field.id}>
                <strong>{labelOf(field, type)}</strong>: {why}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
