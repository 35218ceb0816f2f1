/**
 * Importing a scenario file (file picker or drop): read it, parse the JSON
 * (a syntax error names its line and column), and open it through the
 * worker, which validates it with the scenarios layer. Refused files are
 * reported with each problem's JSON path and AWS's wording; the current run
 * is kept. Loaded lazily.
 */
import { findJsonError } from '../../scenarios/jsonError';
import { useSimStore } from '../../store/simStore';
import { useUiStore } from '../../store/uiStore';
import { openScenario } from './open';
import { useShareStore, type ImportReport } from './shareStore';

/** Larger files are refused before reading (the lab caps explicit records at 100,000). */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/** Reads scenario text; a JSON syntax error becomes one problem naming where it is. */
export function parseScenarioFileText(
  text: string,
):
  { readonly ok: true; readonly json: unknown } | { readonly ok: false; readonly message: string } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, json: JSON.parse(body) as unknown };
  } catch (err) {
    const place = findJsonError(body);
    const why = place === null ? (err instanceof Error ? err.message : String(err)) : place.reason;
    const where = place === null ? '' : ` at line ${place.line}, column ${place.column}`;
    return { ok: false, message: `The file is not valid JSON${where}: ${why}.` };
  }
}

/** Opens a scenario file; the outcome is shown in the Share dialog when it fails. */
export async function importFile(file: File): Promise<ImportReport> {
  const report = await readAndOpen(file);
  const share = useShareStore.getState();
  share.setImportReport(report);
  if (report.ok) {
    useUiStore.getState().setLesson(null);
    share.setShareOpen(false);
  } else {
    // The dialog lists every problem; the banner's one-line summary would repeat it.
    useSimStore.getState().clearError();
    share.setExportOpen(false);
    share.setShareOpen(true);
    share.setImportReport(report);
  }
  return report;
}

async function readAndOpen(file: File): Promise<ImportReport> {
  const fileName = file.name === '' ? 'The file' : file.name;
  const fail = (message: string): ImportReport => ({
    fileName,
    ok: false,
    problems: [{ path: '', message }],
  });
  if (file.size > MAX_IMPORT_BYTES) {
    return fail(
      `The file is ${(file.size / 1024 / 1024).toFixed(1)} MB; a scenario file is at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`,
    );
  }
  let text: string;
  try {
    text = await file.text();
  } catch (err) {
    return fail(`The file could not be read: ${err instanceof Error ? err.message : String(err)}.`);
  }
  const parsed = parseScenarioFileText(text);
  if (!parsed.ok) return fail(parsed.message);
  const outcome = await openScenario(parsed.json);
  return outcome.ok ? { fileName, ok: true } : { fileName, ok: false, problems: outcome.problems };
}
