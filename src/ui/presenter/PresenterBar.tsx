/**
 * Presenter mode's slim bar beside the playback controls: point at things
 * for the room, blank the screen, show a QR code of this moment, open the
 * teacher-notes window, go full screen, leave presenter mode. Loaded lazily
 * (only once presenter mode is switched on).
 */
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { notesHref, openNotesWindow } from './notesHost';
import { qrDrawing } from './qr';
import { usePresenter } from './state';
import styles from './presenter.module.css';

/** The bar. */
export default function PresenterBar(): ReactElement {
  const pointing = usePresenter((s) => s.pointing);
  const [notesProblem, setNotesProblem] = useState<string | null>(null);
  const [qrOpen, setQrOpen] = useState(false);
  const [full, setFull] = useState(() => document.fullscreenElement !== null);
  useEffect(() => {
    const on = (): void => setFull(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', on);
    return () => document.removeEventListener('fullscreenchange', on);
  }, []);
  const canFullScreen = typeof document.documentElement.requestFullscreen === 'function';
  const toggleFull = (): void => {
    const done = (): void => setFull(document.fullscreenElement !== null);
    if (document.fullscreenElement !== null) void document.exitFullscreen().then(done, done);
    else void document.documentElement.requestFullscreen().then(done, done);
  };
  return (
    <div className={styles.bar} role="toolbar" aria-label="Presenter tools">
      <span className={styles.badge} aria-hidden="true">
        Presenter
      </span>
      <button
        type="button"
        className={styles.tool}
        aria-pressed={pointing}
        title="Click a part of the stage to ring it for the room"
        onClick={() => usePresenter.getState().setPointing(!pointing)}
      >
        Point
      </button>
      <button
        type="button"
        className={styles.tool}
        aria-keyshortcuts="B"
        title="Blank the screen (B); any key brings it back"
        onClick={() => usePresenter.getState().setBlanked(true)}
      >
        Blank
      </button>
      <button type="button" className={styles.tool} onClick={() => setQrOpen(true)}>
        QR code
      </button>
      <button
        type="button"
        className={styles.tool}
        onClick={() => setNotesProblem(openNotesWindow())}
      >
        Teacher notes
      </button>
      {canFullScreen ? (
        <button type="button" className={styles.tool} aria-pressed={full} onClick={toggleFull}>
          Full screen
        </button>
      ) : null}
      <button
        type="button"
        className={`${styles.tool} ${styles.exit}`}
        aria-keyshortcuts="P"
        onClick={() => usePresenter.getState().setOn(false)}
      >
        Exit presenter mode
      </button>
      {notesProblem !== null ? (
        <p className={styles.problem} role="alert">
          {notesProblem}{' '}
          <a href={notesHref()} target="_blank" rel="noopener">
            Teacher notes
          </a>{' '}
          <button type="button" className={styles.linkButton} onClick={() => setNotesProblem(null)}>
            Dismiss
          </button>
        </p>
      ) : null}
      <QrDialog open={qrOpen} onClose={() => setQrOpen(false)} />
    </div>
  );
}

/** The QR code of the current link (the address bar keeps the full state), large for a room. */
function QrDialog({
  open,
  onClose,
}: {
  readonly open: boolean;
  readonly onClose: () => void;
}): ReactElement {
  const ref = useRef<HTMLDialogElement>(null);
  const [href, setHref] = useState('');
  useEffect(() => {
    const d = ref.current;
    if (d === null) return;
    if (open && !d.open) {
      setHref(location.href);
      d.showModal();
    }
    if (!open && d.open) d.close();
  }, [open]);
  const drawing = href === '' ? null : qrDrawing(href);
  return (
    <dialog ref={ref} className={styles.qrDialog} aria-labelledby="qr-title" onClose={onClose}>
      <h2 id="qr-title" className={styles.qrTitle}>
        Open this moment on your laptop
      </h2>
      {drawing === null ? null : drawing.ok ? (
        <svg
          className={styles.qr}
          viewBox={`0 0 ${drawing.size} ${drawing.size}`}
          role="img"
          aria-label={`QR code of the link to this moment: ${href}`}
          shapeRendering="crispEdges"
        >
          <rect width={drawing.size} height={drawing.size} fill="#ffffff" />
          <path d={drawing.path} fill="#000000" />
        </svg>
      ) : (
        <p role="alert">{drawing.message}</p>
      )}
      <p className={styles.qrLink}>{href}</p>
      <form method="dialog">
        <button type="submit" className={styles.tool}>
          Close
        </button>
      </form>
    </dialog>
  );
}
