/** The `lesson/` hash route: `#lesson/<lessonId>/<step>` opens that step (loaded on demand). */
import type { RouteHandler } from '../shell/routes';
import { openLink } from './controller';

/** Opens a lesson link; resolves to a message naming what is wrong with a bad one. */
export const route: RouteHandler = {
  open: (rest) => Promise.resolve(openLink(rest)),
};
