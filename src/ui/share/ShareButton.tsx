/**
 * The header's "Share" button (first paint: a few hundred bytes).
 * It opens the Share dialog and the infrastructure export (both lazy), starts
 * keeping the address bar current after first paint, and accepts a scenario
 * file dropped anywhere on the lab.
 */
import { lazy, Suspense, useEffect } from 'react';
import { useUiStore } from '../../store/uiStore';
import { useShareStore } from './shareStore';
import styles from './share.module.css';

const ShareDialog = lazy(() => import('./ShareDialog'));
const ExportDialog = lazy(() => import('../export/ExportDialog'));

const hasFiles = (e: DragEvent): boolean => e.dataTransfer?.types.includes('Files') ?? false;

/** Installs the page-wide drop target; returns a function that removes it. */
function acceptDroppedFiles(): () => void {
  const share = useShareStore.getState;
  const over = (e: DragEvent): void => {
    if (!hasFiles(e)) return;
    // Without this the browser would open the file itself and leave the lab.
    e.preventDefault();
    const lab = useUiStore.getState().view === 'lab';
    if (e.dataTransfer !== null) e.dataTransfer.dropEffect = lab ? 'copy' : 'none';
    if (lab && !share().dragging) share().setDragging(true);
  };
  const leave = (e: DragEvent): void => {
    if (e.relatedTarget === null) share().setDragging(false);
  };
  const drop = (e: DragEvent): void => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    share().setDragging(false);
    const file = e.dataTransfer?.files[0];
    if (file === undefined || useUiStore.getState().view !== 'lab') return;
    void import('./importFile').then((m) => m.importFile(file));
  };
  window.addEventListener('dragenter', over);
  window.addEventListener('dragover', over);
  window.addEventListener('dragleave', leave);
  window.addEventListener('drop', drop);
  return () => {
    window.removeEventListener('dragenter', over);
    window.removeEventListener('dragover', over);
    window.removeEventListener('dragleave', leave);
    window.removeEventListener('drop', drop);
  };
}

/** The header tool. */
export function ShareButton() {
  const shareOpen = useShareStore((s) => s.shareOpen);
  const exportOpen = useShareStore((s) => s.exportOpen);
  const dragging = useShareStore((s) => s.dragging);

  useEffect(() => {
    const stopDrop = acceptDroppedFiles();
    let stopSync: (() => void) | null = null;
    let live = true;
    // After first paint: the codec and the address-bar writer are a lazy chunk.
    const timer = setTimeout(() => {
      void import('./urlSync').then((m) => {
        if (live) stopSync = m.startUrlSync();
      });
    }, 0);
    return () => {
      live = false;
      clearTimeout(timer);
      stopDrop();
      stopSync?.();
    };
  }, []);

  return (
    <>
      <button
        type="button"
        className={styles.headerButton}
        aria-haspopup="dialog"
        onClick={() => useShareStore.getState().setShareOpen(true)}
      >
        Share
      </button>
      {shareOpen && (
        <Suspense fallback={null}>
          <ShareDialog />
        </Suspense>
      )}
      {exportOpen && (
        <Suspense fallback={null}>
          <ExportDialog />
        </Suspense>
      )}
      {dragging && (
        <div className={styles.dropZone} role="presentation">
          <p>
            Drop the scenario file to open it
            <small>A scenario JSON file, as “Download scenario” saves it</small>
          </p>
        </div>
      )}
    </>
  );
}
