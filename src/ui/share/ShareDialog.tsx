/**
 * The Share dialog: the link to this run (Copy link), the scenario file
 * (Download scenario, Open a scenario file, or drop one on the page), what a
 * refused file was refused for, and the way to the infrastructure export.
 * Loaded when first opened.
 */
import { useEffect, useId, useMemo, useRef, useState, type ReactElement } from 'react';
import { useSimStore } from '../../store/simStore';
import { useUiStore } from '../../store/uiStore';
import { formatInstant } from '../charts/format';
import { scenarioDocument, scenarioFileName, scenarioFileText } from './canonical';
import { COPY_REFUSED, copyText } from './clipboard';
import { downloadText } from './download';
import { importFile } from './importFile';
import { Modal } from './Modal';
import { useShareStore, type ImportReport } from './shareStore';
import { runActions } from './runActions';
import { mergeActions } from './state';
import { lastLink, refreshLink, type LinkInfo } from './urlSync';
import styles from './dialog.module.css';
import { grouped } from '../numbers';

type Status = { readonly text: string; readonly tone: 'ok' | 'warn' } | null;

/** What the link reopens, in words. */
function useLinkSummary(): string {
  const t = useSimStore((s) => s.snapshot?.t ?? 0);
  const follow = useSimStore((s) => s.selectedRecord);
  const scenario = useSimStore((s) => s.scenario);
  const actions = useSimStore((s) => s.actions);
  const liveEdits = useMemo(
    () => (scenario === null ? 0 : mergeActions(scenario.actions, runActions(actions)).live.length),
    [scenario, actions],
  );
  const lesson = useUiStore((s) => s.lesson);
  const parts = ['the settings, records and producers'];
  if (liveEdits > 0) parts.push(`your ${liveEdits} live edit${liveEdits === 1 ? '' : 's'}`);
  if (follow !== null) parts.push(`following record ${follow}`);
  if (lesson !== null) parts.push(`in lesson step ${lesson.step}`);
  const last = parts.pop() ?? '';
  const all = parts.length > 0 ? `${parts.join(', ')} and ${last}` : last;
  return `It opens this run paused at ${formatInstant(t)}, with ${all}.`;
}

function ImportProblems({ report }: { readonly report: ImportReport }): ReactElement | null {
  if (report.ok) return null;
  return (
    <section className={styles.report} role="alert" aria-labelledby="import-problems-title">
      <h3 id="import-problems-title">
        {report.fileName} was not opened. Your current run is unchanged.
      </h3>
      <p>
        {report.problems.length === 1
          ? 'One problem:'
          : `${grouped(report.problems.length)} problems:`}
      </p>
      <ul>
        {report.problems.slice(0, 50).map((p, i) => (
          <li key={i}>
            {p.path !== '' && <span className={styles.path}>{p.path}</span>}
            {p.path !== '' && ': '}
            {p.message}
          </li>
        ))}
      </ul>
      {report.problems.length > 50 && <p>… and {grouped(report.problems.length - 50)} more.</p>}
    </section>
  );
}

/** The dialog (default export: loaded lazily). */
export default function ShareDialog(): ReactElement {
  const titleId = useId();
  const close = (): void => useShareStore.getState().setShareOpen(false);
  const report = useShareStore((s) => s.importReport);
  const summary = useLinkSummary();
  const [link, setLink] = useState<LinkInfo>(lastLink);
  const [linkStatus, setLinkStatus] = useState<Status>(null);
  const [fileStatus, setFileStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  const picker = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let live = true;
    void refreshLink().then((info) => {
      if (live) setLink(info);
    });
    return () => {
      live = false;
    };
  }, []);

  const copyLink = async (): Promise<void> => {
    const info = await refreshLink();
    setLink(info);
    if (info.url === null) {
      setLinkStatus({
        text: info.tooLong
          ? 'This run is too large for a link. Download the scenario and send the file instead.'
          : 'There is no run to share yet.',
        tone: 'warn',
      });
      return;
    }
    if (await copyText(info.url)) {
      setLinkStatus({ text: 'Link copied to the clipboard.', tone: 'ok' });
    } else {
      field.current?.focus();
      field.current?.select();
      setLinkStatus({ text: COPY_REFUSED, tone: 'warn' });
    }
  };

  const download = (): void => {
    const s = useSimStore.getState();
    if (s.scenario === null) {
      setFileStatus({ text: 'There is no run to save yet.', tone: 'warn' });
      return;
    }
    const { actions } = mergeActions(s.scenario.actions, runActions());
    const name = scenarioFileName(s.scenario.title);
    downloadText(name, scenarioFileText(scenarioDocument(s.scenario, actions)), 'application/json');
    setFileStatus({ text: `Saved ${name}.`, tone: 'ok' });
  };

  const openFile = async (file: File): Promise<void> => {
    setBusy(true);
    setFileStatus({ text: `Opening ${file.name}…`, tone: 'ok' });
    await importFile(file);
    setBusy(false);
    // Opened: the dialog closes. Refused: the report at the top of the dialog says why.
    setFileStatus(null);
  };

  return (
    <Modal titleId={titleId} title="Share and export" onClose={close}>
      {report !== null && <ImportProblems report={report} />}
      <section className={styles.section} aria-labelledby="share-link-title">
        <h3 id="share-link-title">Link to this run</h3>
        <p className={styles.muted}>
          {link.lessonLink
            ? 'The link opens this lesson step. Change something and the link follows your run.'
            : summary}
        </p>
        <div className={styles.row}>
          <input
            ref={field}
            className={styles.linkField}
            readOnly
            aria-label="Link to this run"
            value={link.url ?? ''}
            placeholder={link.tooLong ? 'Too large for a link' : 'Preparing the link…'}
            onFocus={(e) => e.currentTarget.select()}
          />
          <button
            type="button"
            className={`${styles.button} ${styles.primary}`}
            onClick={() => void copyLink()}
          >
            Copy link
          </button>
        </div>
        <p className={styles.status} role="status" data-tone={linkStatus?.tone}>
          {linkStatus?.text ??
            (link.url !== null && !link.lessonLink
              ? `${grouped(link.length)} characters after #. The address bar always holds this link.`
              : '')}
        </p>
      </section>

      <section className={styles.section} aria-labelledby="share-file-title">
        <h3 id="share-file-title">Scenario file</h3>
        <p className={styles.muted}>
          JSON with the settings, records, producers and your live edits (AWS defaults left out):
          the file <code>npm run simulate</code> runs and this lab opens. Open one here or drop it
          anywhere on the page.
        </p>
        <div className={styles.row}>
          <button type="button" className={styles.button} onClick={download}>
            Download scenario
          </button>
          <button
            type="button"
            className={styles.button}
            aria-busy={busy}
            onClick={() => picker.current?.click()}
          >
            Open a scenario file…
          </button>
          <input
            ref={picker}
            className={styles.hidden}
            type="file"
            accept=".json,application/json"
            aria-label="Scenario file to open"
            tabIndex={-1}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file !== undefined) void openFile(file);
            }}
          />
        </div>
        <p className={styles.status} role="status" data-tone={fileStatus?.tone}>
          {fileStatus?.text ?? ''}
        </p>
      </section>

      <section className={styles.section} aria-labelledby="share-iac-title">
        <h3 id="share-iac-title">Infrastructure as code</h3>
        <p className={styles.muted}>
          The mapping and its queue or stream as AWS CLI commands, CloudFormation, SAM, Terraform or
          AWS CDK, with only the settings that differ from AWS’s defaults.
        </p>
        <div className={styles.row}>
          <button
            type="button"
            className={styles.button}
            onClick={() => {
              useShareStore.getState().setShareOpen(false);
              useShareStore.getState().setExportOpen(true);
            }}
          >
            Export as infrastructure…
          </button>
        </div>
      </section>
    </Modal>
  );
}
