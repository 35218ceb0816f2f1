/**
 * The infrastructure export dialog: the settings in force at this moment as
 * AWS CLI, CloudFormation, SAM, Terraform or AWS CDK (src/iac), one tab per
 * format (WAI-ARIA tabs: arrows, Home, End), each with Copy and Download.
 * Loaded when first opened.
 */
import { useId, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { buildPlan, exportAll, type IacFormat } from '../../iac';
import { useSimStore } from '../../store/simStore';
import { COPY_REFUSED, copyText } from '../share/clipboard';
import { downloadText } from '../share/download';
import { Modal } from '../share/Modal';
import { useShareStore } from '../share/shareStore';
import styles from '../share/dialog.module.css';

/** How each written mapping setting reads in the summary line. */
function writtenSettings(plan: ReturnType<typeof buildPlan>): readonly string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(plan.mapping)) {
    if (k === 'StartingPositionOffsetSeconds') continue;
    if (k === 'OnFailure')
      out.push(`DestinationConfig → ${plan.destination?.kind.toUpperCase() ?? ''}`);
    else if (k === 'MaximumConcurrency') out.push(`ScalingConfig.MaximumConcurrency ${String(v)}`);
    else if (k === 'FilterPatterns')
      out.push(`FilterCriteria (${(v as readonly string[]).length})`);
    else out.push(`${k} ${Array.isArray(v) ? v.join(', ') : String(v)}`);
  }
  return out;
}

/** The dialog (default export: loaded lazily). */
export default function ExportDialog(): ReactElement {
  const titleId = useId();
  const tabsId = useId();
  const close = (): void => useShareStore.getState().setExportOpen(false);
  const snapshot = useSimStore((s) => s.snapshot);
  const title = useSimStore((s) => s.scenario?.title ?? null);
  const source = snapshot?.source;
  const mapping = snapshot?.mapping;
  const fn = snapshot?.function;
  const t = snapshot?.t ?? 0;
  const outputs = useMemo(
    () =>
      source === undefined || mapping === undefined || fn === undefined
        ? []
        : exportAll({ source, mapping, function: fn }, title),
    [source, mapping, fn, title],
  );
  const plan = useMemo(
    () =>
      source === undefined || mapping === undefined || fn === undefined
        ? null
        : buildPlan({ source, mapping, function: fn }),
    [source, mapping, fn],
  );
  const [format, setFormat] = useState<IacFormat>('cli');
  const [status, setStatus] = useState<{ text: string; tone: 'ok' | 'warn' } | null>(null);
  const tabRefs = useRef<Partial<Record<IacFormat, HTMLButtonElement | null>>>({});
  const code = useRef<HTMLPreElement>(null);
  const current = outputs.find((o) => o.format === format) ?? outputs[0];

  const choose = (next: IacFormat, focus: boolean): void => {
    setFormat(next);
    setStatus(null);
    if (focus) tabRefs.current[next]?.focus();
  };
  const onTabKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const i = outputs.findIndex((o) => o.format === format);
    const n = outputs.length;
    const j =
      e.key === 'ArrowRight'
        ? (i + 1) % n
        : e.key === 'ArrowLeft'
          ? (i - 1 + n) % n
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? n - 1
              : -1;
    const next = outputs[j];
    if (next === undefined) return;
    e.preventDefault();
    choose(next.format, true);
  };

  const copy = async (): Promise<void> => {
    if (current === undefined) return;
    if (await copyText(current.text)) {
      setStatus({ text: `${current.label} copied to the clipboard.`, tone: 'ok' });
      return;
    }
    const el = code.current;
    if (el !== null) {
      el.focus();
      const range = document.createRange();
      range.selectNodeContents(el);
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
    }
    setStatus({ text: COPY_REFUSED, tone: 'warn' });
  };

  return (
    <Modal titleId={titleId} title="Export as infrastructure" wide onClose={close}>
      {current === undefined || plan === null ? (
        <p>There is no run to export yet.</p>
      ) : (
        <>
          <section className={styles.section} aria-label="What is written">
            <p>
              The settings in force at {t.toFixed(1)} s, live edits included. Only what differs from
              AWS’s defaults is written:
            </p>
            <ul className={styles.chips} aria-label="Settings written">
              {writtenSettings(plan).map((s) => (
                <li key={s}>{s}</li>
              ))}
              {plan.queue?.VisibilityTimeout !== undefined && (
                <li>VisibilityTimeout {plan.queue.VisibilityTimeout}</li>
              )}
              {plan.queue?.deadLetter !== undefined && (
                <li>RedrivePolicy maxReceiveCount {plan.queue.deadLetter.maxReceiveCount}</li>
              )}
              {plan.stream !== null && <li>ShardCount {plan.stream.ShardCount}</li>}
              {plan.fn.Timeout !== undefined && <li>Timeout {plan.fn.Timeout}</li>}
              {plan.fn.ReservedConcurrentExecutions !== undefined && (
                <li>ReservedConcurrentExecutions {plan.fn.ReservedConcurrentExecutions}</li>
              )}
            </ul>
          </section>
          <section className={styles.section} aria-label="Formats">
            <div
              className={styles.tabs}
              role="tablist"
              aria-label="Format"
              id={tabsId}
              onKeyDown={onTabKey}
            >
              {outputs.map((o) => (
                <button
                  key={o.format}
                  ref={(el) => {
                    tabRefs.current[o.format] = el;
                  }}
                  type="button"
                  role="tab"
                  id={`${tabsId}-${o.format}`}
                  aria-selected={o.format === current.format}
                  aria-controls={`${tabsId}-panel`}
                  tabIndex={o.format === current.format ? 0 : -1}
                  className={styles.tab}
                  onClick={() => choose(o.format, false)}
                >
                  {o.label}
                </button>
              ))}
            </div>
            <div
              role="tabpanel"
              id={`${tabsId}-panel`}
              aria-labelledby={`${tabsId}-${current.format}`}
              className={styles.section}
            >
              <div className={styles.row}>
                <button
                  type="button"
                  className={`${styles.button} ${styles.primary}`}
                  onClick={() => void copy()}
                >
                  Copy {current.label}
                </button>
                <button
                  type="button"
                  className={styles.button}
                  onClick={() => {
                    downloadText(current.fileName, current.text, current.mime);
                    setStatus({ text: `Saved ${current.fileName}.`, tone: 'ok' });
                  }}
                >
                  Download {current.fileName}
                </button>
                <p className={styles.status} role="status" data-tone={status?.tone}>
                  {status?.text ?? ''}
                </p>
              </div>
              <pre
                ref={code}
                className={styles.code}
                tabIndex={0}
                aria-label={`${current.label} for this mapping`}
              >
                {current.text}
              </pre>
            </div>
          </section>
        </>
      )}
    </Modal>
  );
}
