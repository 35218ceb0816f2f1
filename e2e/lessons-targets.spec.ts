/**
 * Every step of every lesson, opened from its link on the live app: the
 * stage shows the step at its time and rings every element the step points
 * at. A target that the stage stops drawing (a redesign, a renamed id) fails
 * here, naming the step.
 */
import { expect, test } from '@playwright/test';
import { LESSONS } from '../src/lessons/catalog';
import { lessonPanel, simSeconds, stepShown } from './lessons-support';

for (const lesson of LESSONS) {
  test(`lesson ${lesson.number} (${lesson.id}): every step's targets are ringed on the stage`, async ({
    page,
  }) => {
    test.setTimeout(60_000 + lesson.steps.length * 20_000);
    await page.goto(`./#lesson/${lesson.id}/1`);
    for (const [i, step] of lesson.steps.entries()) {
      const n = i + 1;
      if (n > 1) {
        await page.evaluate((hash) => {
          location.hash = hash;
        }, `lesson/${lesson.id}/${n}`);
      }
      await expect(lessonPanel(page)).toHaveAccessibleName(
        `Step ${n} of ${lesson.steps.length}: ${step.title}`,
      );
      await stepShown(page);
      await expect
        .poll(() => simSeconds(page), { message: `${lesson.id}/${n} time` })
        .toBeCloseTo(step.at, 5);
      for (const target of step.look) {
        await expect(
          page.locator(`[data-stage-target="${target}"][data-highlighted="true"]`).first(),
          `${lesson.id}/${n} points at ${target}`,
        ).toBeAttached();
      }
    }
  });
}
