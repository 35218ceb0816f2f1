/**
 * A native modal <dialog> (focus trap, Escape and the top layer come from the
 * platform), shown while mounted: the Share dialog and the infrastructure
 * export use it. A click on the backdrop closes it.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import styles from './dialog.module.css';

export interface ModalProps {
  readonly titleId: string;
  readonly title: string;
  readonly onClose: () => void;
  readonly wide?: boolean;
  readonly children: ReactNode;
}

/** The dialog box: a title bar with Close, then the content. */
export function Modal({ titleId, title, onClose, wide = false, children }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open === true) dialog.close();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`${styles.dialog} ${wide ? styles.wide : ''}`}
      aria-labelledby={titleId}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <header className={styles.head}>
        <h2 id={titleId} className={styles.title}>
          {title}
        </h2>
        <button type="button" className={styles.button} onClick={onClose}>
          Close
        </button>
      </header>
      <div className={styles.body}>{children}</div>
    </dialog>
  );
}
