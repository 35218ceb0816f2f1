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
import { Suspense, type ComponentType, type ReactNode } from 'react';
import { LazyMotion, MotionConfig } from 'motion/react';
import { useUiStore } from '../store/uiStore';
import { PresenterBarSlot, PresenterLayer } from './presenter/PresenterButton';
import { usePresenter } from './presenter/state';
import { NOTES_VIEW } from './presenter/views';
import {
  CENTRE_TOP,
  ControlsRegion,
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

/** motion's animation features load after first paint (see shell/motionFeatures.ts). */
const loadMotionFeatures = () => import('./shell/motionFeatures').then((mod) => mod.default);

function Region({
  id,
  className,
  component: Content,
  hidden,
}: {
  readonly id: keyof typeof REGION_LABELS;
  readonly className: string | undefined;
  readonly component: ComponentType;
  readonly hidden?: boolean;
}): ReactNode {
  return (
    <section
      id={`region-${id}`}
      aria-label={REGION_LABELS[id]}
      className={`${styles.region} ${className ?? ''}`}
      data-collapsed={hidden === true ? 'true' : undefined}
    >
      <Content />
    </section>
  );
}

/** The whole application. */
export function App() {
  const controlsOpen = useUiStore((s) => s.controlsOpen);
  const view = useUiStore((s) => s.view);
  const presenter = usePresenter((s) => s.on);
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
    <MotionConfig reducedMotion="user">
      <LazyMotion features={loadMotionFeatures} strict>
        <div className={styles.app} data-presenter={presenter ? '' : undefined}>
          <a className={styles.skip} href="#region-stage">
            Skip to the stage
          </a>
          <div className={styles.headerWrap}>
            <Header />
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
                className={styles.controls}
                component={ControlsRegion}
                hidden={!controlsOpen}
              />
              <div className={styles.centre}>
                <div className={styles.transport}>
                  <Region id="playback" className={styles.playback} component={PlaybackRegion} />
                  <Region id="timeline" className={styles.timeline} component={TimelineRegion} />
                  <PresenterBarSlot />
                </div>
                {CENTRE_TOP.map((Panel, i) => (
                  <Panel key={i} />
                ))}
                <Region id="stage" className={styles.stage} component={StageRegion} />
              </div>
              <SidePanel
                className={styles.side}
                panels={{
                  log: <Region id="log" className={styles.log} component={LogRegion} />,
                  metrics: (
                    <Region id="metrics" className={styles.metrics} component={MetricsRegion} />
                  ),
                  recordPanel: (
                    <Region
                      id="recordPanel"
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
      </LazyMotion>
    </MotionConfig>
  );
}
