/** The `#notes/` link: the teacher-notes window (a bare view, no run of its own). */
import type { RouteHandler } from '../shell/routes';
import { useUiStore } from '../../store/uiStore';
import { NOTES_VIEW } from './views';

export const route: RouteHandler = {
  open: (rest) => {
    if (rest !== '')
      return Promise.resolve(`The notes link has extra text after it (“${rest.slice(0, 20)}”).`);
    useUiStore.getState().setView(NOTES_VIEW);
    return Promise.resolve(null);
  },
};
