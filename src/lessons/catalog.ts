/**
 * The lessons, in the lecture's order: the one registry the lessons list,
 * the links (`#lesson/<id>/<step>`) and the tests read.
 */
import { whatIsAnEsm } from './content/01-what-is-an-esm';
import { streams } from './content/02-streams';
import { batchWindow } from './content/03-batch-window';
import { parallelization } from './content/04-parallelization';
import { streamErrors } from './content/05-stream-errors';
import { sqs } from './content/06-sqs';
import { sqsErrors } from './content/07-sqs-errors';
import { duplicates } from './content/08-duplicates';
import { fifoQueues } from './content/09-fifo';
import { scaling } from './content/10-scaling';
import { handsOn } from './content/11-hands-on';
import type { Lesson } from './types';

/** Every lesson, in order (lesson.number = index + 1). */
export const LESSONS: readonly Lesson[] = [
  whatIsAnEsm,
  streams,
  batchWindow,
  parallelization,
  streamErrors,
  sqs,
  sqsErrors,
  duplicates,
  fifoQueues,
  scaling,
  handsOn,
];

/** The lesson with this id, or undefined. */
export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
