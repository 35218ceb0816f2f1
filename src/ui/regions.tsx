/**
 * The components that fill the app's layout regions, one entry per region.
 * This is the one shared edit point between the shell and the feature
 * folders: each feature replaces its own entry (and import) and nothing else.
 * The shell (App.tsx) decides where each region sits and gives it its
 * landmark and accessible name; the component renders the region's content.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { TimelinePanel } from './timeline/TimelinePanel';
import { Playback } from './playback/Playback';
import { ShareButton } from './share/ShareButton';
import { Stage } from './stage/Stage';
import { PresenterButton } from './presenter/PresenterButton';
import { CompareButton } from './compare/CompareButton';
import { LessonSlot } from './lessons/LessonSlot';
import { LessonsButton } from './lessons/LessonsButton';
import { PracticeButton } from './practice/PracticeButton';
import { ShowMeBar } from './practice/ShowMeBar';

/** The layout's regions. */
export type RegionId =
  'controls' | 'stage' | 'playback' | 'timeline' | 'metrics' | 'log' | 'recordPanel';

/*
 * Lazy regions: the settings and the side panel's tabs are separate chunks
 * the shell mounts once the stage has painted its first run (App.tsx,
 * `useLateRegions`), so first paint costs neither their code (d3, the
 * settings registry) nor their render. Their sections hold their space
 * meanwhile: the grid sizes them, not their content.
 */

/** Source & mapping controls (left column). Lazy. */
export const ControlsRegion: ComponentType = lazy(() =>
  import('./controls/Controls').then((m) => ({ default: m.Controls })),
);
/** The pipeline stage (centre, the largest region). */
export const StageRegion: ComponentType = Stage;
/** Play, pause, step, speed (above the stage). */
export const PlaybackRegion: ComponentType = Playback;
/** The timeline scrubber (below the stage). */
export const TimelineRegion: ComponentType = TimelinePanel;
/** Metrics charts. Lazy. */
export const MetricsRegion: ComponentType = lazy(() =>
  import('./charts/ChartsPanel').then((m) => ({ default: m.ChartsPanel })),
);
/** The event log. Lazy. */
export const LogRegion: ComponentType = lazy(() =>
  import('./log/EventLog').then((m) => ({ default: m.EventLog })),
);
/** The selected record's story (side panel). Lazy. */
export const RecordPanelRegion: ComponentType = lazy(() =>
  import('./record/RecordPanel').then((m) => ({ default: m.RecordPanel })),
);

/** The regions `App` mounts only after the stage's first paint (see above). */
export const LATE_REGIONS: ReadonlySet<RegionId> = new Set([
  'controls',
  'metrics',
  'log',
  'recordPanel',
]);

/**
 * Buttons in the header's action bar, before "About this model" (each a small
 * component: the lessons menu, practice, share, presenter mode, …). Each
 * feature appends its own entry.
 */
export const HEADER_TOOLS: readonly ComponentType[] = [
  LessonsButton,
  PracticeButton,
  ShareButton,
  PresenterButton,
  CompareButton,
];

/**
 * Panels between the playback bar and the stage in the centre column (for
 * example the lesson step being taught). Each renders nothing when it has
 * nothing to show, so the stage keeps the height.
 */
export const CENTRE_TOP: readonly ComponentType[] = [LessonSlot, ShowMeBar];

/**
 * Whole-page views that replace the lab's layout while open
 * (`useUiStore.view`; 'lab' is the lab itself and is not listed). Lazy, so a
 * view costs first paint nothing.
 */
export const VIEWS: Readonly<Record<string, LazyExoticComponent<ComponentType>>> = {
  'presenter-notes': lazy(() => import('./presenter/NotesView')),
  compare: lazy(() => import('./compare/CompareView')),
  practice: lazy(() =>
    import('./practice/PracticeView').then((m) => ({ default: m.PracticeView })),
  ),
};
