/**
 * The components that fill the app's layout regions, one entry per region.
 * This is the one shared edit point between the shell and the feature
 * folders: each feature replaces its own entry (and import) and nothing else.
 * The shell (App.tsx) decides where each region sits and gives it its
 * landmark and accessible name; the component renders the region's content.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { ChartsPanel } from './charts/ChartsPanel';
import { EventLog } from './log/EventLog';
import { TimelinePanel } from './timeline/TimelinePanel';
import { Controls } from './controls/Controls';
import { Playback } from './playback/Playback';
import { RecordPanel } from './record/RecordPanel';
import { ShareButton } from './share/ShareButton';
import { Stage } from './stage/Stage';
import { PresenterButton } from './presenter/PresenterButton';
import { CompareButton } from './compare/CompareButton';
import { PracticeButton } from './practice/PracticeButton';
import { ShowMeBar } from './practice/ShowMeBar';

/** The layout's regions. */
export type RegionId =
  'controls' | 'stage' | 'playback' | 'timeline' | 'metrics' | 'log' | 'recordPanel';

/** Source & mapping controls (left column). */
export const ControlsRegion: ComponentType = Controls;
/** The pipeline stage (centre, the largest region). */
export const StageRegion: ComponentType = Stage;
/** Play, pause, step, speed (above the stage). */
export const PlaybackRegion: ComponentType = Playback;
/** The timeline scrubber (below the stage). */
export const TimelineRegion: ComponentType = TimelinePanel;
/** Metrics charts. */
export const MetricsRegion: ComponentType = ChartsPanel;
/** The event log. */
export const LogRegion: ComponentType = EventLog;
/** The selected record's story (side panel). */
export const RecordPanelRegion: ComponentType = RecordPanel;

/**
 * Buttons in the header's action bar, before "About this model" (each a small
 * component: the lessons menu, practice, share, presenter mode, …). Each
 * feature appends its own entry.
 */
export const HEADER_TOOLS: readonly ComponentType[] = [
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
export const CENTRE_TOP: readonly ComponentType[] = [ShowMeBar];

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
