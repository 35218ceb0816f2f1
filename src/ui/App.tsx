/**
 * The app shell: header, error banner, and the layout regions. In presenter
 * mode (ui/presenter) the header, settings, timeline and side panel fold
 * away and the stage fills the screen under a slim bar (playback and the
 * presenter's tools); everything stays mounted, so nothing is lost. Which
 * component fills each region comes from ./regions; this file decides where
 * regions sit and gives each its landmark and accessible name. The stage
 * gets the height: playback and timeline share one compact bar above it, and
 * the log, metrics and record details are tabs of one side panel.
 */
import {
  startTransition,
  Suspense,
  useEffect,
  useState,
  type ComponentType,
  type ReactNode,
} from 'react';
import { useSimStore } from '../store/simStore';
import { useUiStore } from '../store/uiStore';
import { PresenterBarSlot, PresenterLayer } from './presenter/PresenterButton';
import { usePresenter } from './presenter/state';
import { NOTES_VIEW } from './presenter/views';
import {
  CENTRE_TOP,
  ControlsRegion,
  LATE_REGIONS,
  LogRegion,
  MetricsRegion,
  PlaybackRegion,
  RecordPanelRegion,
  StageRegion,
  TimelineRegion,
  VIEWS,
} from './regions';
import { AboutDialog } from './shell/AboutDialog';
import { ErrorBanner } from './shell/ErrorBanner';
import { Header } from './shell/Header';
import { SidePanel } from './shell/SidePanel';
import styles from './App.module.css';

/** The accessible names of the layout regions (e2e tests and screen readers rely on them). */
export const REGION_LABELS = {
  controls: 'Source and mapping settings',
  playback: 'Playback',
  stage: 'Pipeline stage',
  timeline: 'Timeline',
  metrics: 'Metrics',
  log: 'Event log',
  recordPanel: 'Record details',
} as const;

/**
 * False until the first run (or its failure) has reached the screen, then
 * true, set in a transition one frame later. The late regions (settings,
 * log, metrics, record: `LATE_REGIONS`) wait for it, so the start-up's
 * script and main-thread work go to the header and the stage first, and the
 * rest renders in time slices after the stage has painted.
 */
function useLateRegions(): boolean {
  const firstRun = useSimStore((s) => s.scenario !== null || s.status === 'error');
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!firstRun || ready) return;
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => startTransition(() => setReady(true)), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [firstRun, ready]);
  return ready;
}

function Region({
  id,
  className,
  component: Content,
  hidden,
  late,
}: {
  readonly id: keyof typeof REGION_LABELS;
  readonly className: string | undefined;
  readonly component: ComponentType;
  readonly hidden?: boolean;
  /** The late regions have appeared (see useLateRegions). */
  readonly late: boolean;
}): ReactNode {
  // Until then a late region's section is empty: the layout, not the content, sizes it.
  const show = late || !LATE_REGIONS.has(id);
  return (
    <section
      id={`region-${id}`}
      aria-label={REGION_LABELS[id]}
      className={`${styles.region} ${className ?? ''}`}
      data-collapsed={hidden === true ? 'true' : undefined}
    >
      {show && (
        <Suspense fallback={null}>
          <Content />
        </Suspense>
      )}
    </section>
  );
}

/**
 * The whole application. `titleHint` stands in for `UiState.titleHint` (the
 * build's prerendered frame, shell/prerender.tsx, renders without the store).
 */
export function App({ titleHint }: { readonly titleHint?: string | null } = {}) {
  const controlsOpen = useUiStore((s) => s.controlsOpen);
  const view = useUiStore((s) => s.view);
  const presenter = usePresenter((s) => s.on);
  const late = useLateRegions();
  const View = VIEWS[view];
  if (view === NOTES_VIEW && View !== undefined) {
    // The teacher-notes window: its view alone, nothing of the lab around it.
    return (
      <Suspense fallback={<p className={styles.viewLoading}>Loading…</p>}>
        <View />
      </Suspense>
    );
  }
  return (
    <div className={styles.app} data-presenter={presenter ? '' : undefined}>
      <a className={styles.skip} href="#region-stage">
        Skip to the stage
      </a>
      <div className={styles.headerWrap}>
        <Header titleHint={titleHint} />
      </div>
      <ErrorBanner />
      {View !== undefined ? (
        <main className={styles.view}>
          <Suspense fallback={<p className={styles.viewLoading}>Loading…</p>}>
            <View />
          </Suspense>
        </main>
      ) : (
        <main className={styles.layout}>
          <Region
            id="controls"
            late={late}
            className={styles.controls}
            component={ControlsRegion}
            hidden={!controlsOpen}
          />
          <div className={styles.centre}>
            <div className={styles.transport}>
              <Region
                id="playback"
                late={late}
                className={styles.playback}
                component={PlaybackRegion}
              />
              <Region
                id="timeline"
                late={late}
                className={styles.timeline}
                component={TimelineRegion}
              />
              <PresenterBarSlot />
            </div>
            {CENTRE_TOP.map((Panel, i) => (
              <Panel key={i} />
            ))}
            <Region id="stage" late={late} className={styles.stage} component={StageRegion} />
          </div>
          <SidePanel
            className={styles.side}
            panels={{
              log: <Region id="log" late={late} className={styles.log} component={LogRegion} />,
              metrics: (
                <Region
                  id="metrics"
                  late={late}
                  className={styles.metrics}
                  component={MetricsRegion}
                />
              ),
              recordPanel: (
                <Region
                  id="recordPanel"
                  late={late}
                  className={styles.record}
                  component={RecordPanelRegion}
                />
              ),
            }}
          />
        </main>
      )}
      <AboutDialog />
      <PresenterLayer />
    </div>
  );
}
