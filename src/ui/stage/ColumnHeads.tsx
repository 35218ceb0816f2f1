/**
 * The flow's column headings, numbered in reading order with arrows between
 * them (① Stream → ② Poller → ③ Batch → ④ Function → ⑤ Outcome), so a
 * newcomer reads the stage left to right.
 */
import type { ReactElement } from 'react';
import styles from './Stage.module.css';

/** One column of the flow. */
export interface Column {
  /** Grid column name in Stage.module.css (source, poll, batch, fn, out). */
  readonly id: 'source' | 'poll' | 'batch' | 'fn' | 'out';
  readonly title: string;
  /** A few words under the title (hidden when the column is narrow). */
  readonly note: string;
}

const NUMBERS = ['①', '②', '③', '④', '⑤'];

/** The headings row. */
export function ColumnHeads({ columns }: { readonly columns: readonly Column[] }): ReactElement {
  return (
    <>
      {columns.map((c, i) => (
        <div key={c.id} className={styles.colHead} data-col={c.id}>
          <span className={styles.colTitle}>
            <span aria-hidden="true" className={styles.colNumber}>
              {NUMBERS[i]}
            </span>{' '}
            {c.title}
          </span>
          <span className={styles.colNote}>{c.note}</span>
          {i < columns.length - 1 ? (
            <span className={styles.colArrow} aria-hidden="true">
              →
            </span>
          ) : null}
        </div>
      ))}
    </>
  );
}
