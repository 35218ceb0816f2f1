/**
 * The side panel: the event log, the metrics charts and the followed record
 * share one column as tabs (WAI-ARIA tabs: arrows, Home and End move between
 * tabs, activation follows focus), so the stage keeps the screen's height.
 * Following a record opens its tab; Escape or Close returns to the tab that
 * was open before. Hidden tabs keep their state (filters, scroll) inside a
 * React Activity, which pauses their store subscriptions.
 */
import { Activity, useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useSimStore } from '../../store/simStore';
import { SIDE_TABS, useUiStore, type SideTab } from '../../store/uiStore';
import styles from './SidePanel.module.css';

const TAB_LABELS: Record<SideTab, string> = {
  log: 'Event log',
  metrics: 'Metrics',
  recordPanel: 'Record',
};

/** The tabbed side panel; `panels` holds each tab's region. */
export function SidePanel({
  panels,
  className,
}: {
  readonly panels: Readonly<Record<SideTab, ReactNode>>;
  readonly className?: string | undefined;
}): ReactNode {
  const tab = useUiStore((s) => s.sideTab);
  const setTab = useUiStore((s) => s.setSideTab);
  const closeRecord = useUiStore((s) => s.closeRecordPanel);
  const followed = useSimStore((s) => s.selectedRecord);
  const tabRefs = useRef<Partial<Record<SideTab, HTMLButtonElement | null>>>({});

  // Following a record (from the stage, the log or the id box) shows its story.
  useEffect(
    () =>
      useSimStore.subscribe((s, prev) => {
        if (s.selectedRecord !== null && s.selectedRecord !== prev.selectedRecord) {
          useUiStore.getState().setSideTab('recordPanel');
        }
      }),
    [],
  );

  const focusTab = (next: SideTab): void => {
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  const onTabKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const i = SIDE_TABS.indexOf(tab);
    const n = SIDE_TABS.length;
    const target =
      e.key === 'ArrowRight' || e.key === 'ArrowDown'
        ? SIDE_TABS[(i + 1) % n]
        : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
          ? SIDE_TABS[(i - 1 + n) % n]
          : e.key === 'Home'
            ? SIDE_TABS[0]
            : e.key === 'End'
              ? SIDE_TABS[n - 1]
              : undefined;
    if (target === undefined) return;
    e.preventDefault();
    focusTab(target);
  };

  const close = (): void => {
    const back = useUiStore.getState().sideTabBeforeRecord;
    closeRecord();
    tabRefs.current[back]?.focus();
  };

  const onRecordKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    // A field that handles Escape itself (clearing its text) marks it handled.
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    e.preventDefault();
    close();
  };

  return (
    <div className={`${styles.panel} ${className ?? ''}`}>
      <div className={styles.bar}>
        <div
          role="tablist"
          aria-label="Log, metrics and record"
          className={styles.tabs}
          onKeyDown={onTabKey}
        >
          {SIDE_TABS.map((id) => (
            <button
              key={id}
              ref={(el) => {
                tabRefs.current[id] = el;
              }}
              type="button"
              role="tab"
              id={`tab-${id}`}
              aria-controls={`tabpanel-${id}`}
              aria-selected={tab === id}
              tabIndex={tab === id ? 0 : -1}
              className={styles.tab}
              onClick={() => setTab(id)}
            >
              {TAB_LABELS[id]}
              {id === 'recordPanel' && followed !== null ? (
                <span className={styles.badge}>{followed}</span>
              ) : null}
            </button>
          ))}
        </div>
        {tab === 'recordPanel' ? (
          <button type="button" className={styles.close} onClick={close}>
            Close
          </button>
        ) : null}
      </div>
      {SIDE_TABS.map((id) => (
        <div
          key={id}
          role="tabpanel"
          id={`tabpanel-${id}`}
          aria-labelledby={`tab-${id}`}
          hidden={tab !== id}
          className={styles.tabpanel}
          onKeyDown={id === 'recordPanel' ? onRecordKey : undefined}
        >
          {/* Hidden tabs keep their state but skip per-frame work (their effects are paused). */}
          <Activity mode={tab === id ? 'visible' : 'hidden'}>{panels[id]}</Activity>
        </div>
      ))}
    </div>
  );
}
