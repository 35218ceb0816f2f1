/**
 * Guided lessons (issue #12): a step opens from its link exactly (scenario,
 * time, rings), the keyboard and a clicker's PageUp/PageDown go through a
 * lesson, a prediction is played on the lab and decided by the engine, the
 * student can leave the path and come back, progress survives a reload and
 * can be reset, bad links say what is wrong, the panel leaves the stage the
 * room, and axe finds nothing serious in light and dark.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { LESSONS } from '../src/lessons/catalog';
import {
  focusPage,
  lessonPanel,
  lessonScreens,
  openStepLink,
  simSeconds,
  stepShown,
} from './lessons-support';

const stage = (page: Page) => page.getByRole('region', { name: 'Pipeline stage', exact: true });
const ringed = (page: Page, target: string) =>
  stage(page).locator(`[data-stage-target="${target}"][data-highlighted="true"]`);

test('a step opens from its link: the scenario at the step’s time, its targets ringed', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openStepLink(page, 'stream-errors', 3);
  const panel = lessonPanel(page);
  await expect(panel).toHaveAccessibleName('Step 3 of 8: Limit the retry attempts');
  await expect(panel).toContainText('MaximumRetryAttempts 2');
  await expect(
    panel
      .getByRole('navigation', { name: 'Steps of this lesson' })
      .getByRole('link', { name: /^Step 3:/ }),
  ).toHaveAttribute('aria-current', 'step');
  await expect.poll(() => simSeconds(page)).toBeCloseTo(0.5, 5);
  await expect(stage(page).getByRole('heading', { level: 2 })).toContainText(
    'Lesson 5: retry attempts and a destination',
  );
  await expect(ringed(page, 'destination')).toBeVisible();
  expect(new URL(page.url()).hash).toBe('#lesson/stream-errors/3');
  await expect(page.getByText(/^Paused$/)).toBeVisible();
  expect(errors).toEqual([]);
});

test('the keyboard and a clicker go through a lesson; Back in the browser goes back a step', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openStepLink(page, 'what-is-an-esm', 1);
  await focusPage(page);
  await page.keyboard.press('ArrowRight');
  await stepShown(page);
  await expect(lessonPanel(page)).toHaveAccessibleName(/^Step 2 of 5: A poll becomes a batch/);
  expect(new URL(page.url()).hash).toBe('#lesson/what-is-an-esm/2');
  await expect.poll(() => simSeconds(page)).toBeCloseTo(1.4, 5);
  await page.keyboard.press('PageDown');
  await stepShown(page);
  await expect(lessonPanel(page)).toHaveAccessibleName(/^Step 3 of 5:/);
  // Space is the lesson's "next", not Play, while a lesson is open.
  await page.keyboard.press(' ');
  await stepShown(page);
  await expect(lessonPanel(page)).toHaveAccessibleName(/^Step 4 of 5:/);
  await expect(page.getByText(/^Paused$/)).toBeVisible();
  await page.keyboard.press('PageUp');
  await stepShown(page);
  await expect(lessonPanel(page)).toHaveAccessibleName(/^Step 3 of 5:/);
  await page.keyboard.press('ArrowLeft');
  await stepShown(page);
  await expect(lessonPanel(page)).toHaveAccessibleName(/^Step 2 of 5:/);
  // Each step is a history entry.
  await page.goBack();
  await stepShown(page);
  await expect(lessonPanel(page)).toHaveAccessibleName(/^Step 3 of 5:/);
  // The panel's own buttons work with the keyboard too.
  const next = lessonPanel(page).getByRole('button', { name: /^Next/ });
  await next.focus();
  await page.keyboard.press('Enter');
  await stepShown(page);
  await expect(lessonPanel(page)).toHaveAccessibleName(/^Step 4 of 5:/);
  // The last step of a lesson leads to the next lesson.
  await page.keyboard.press('Escape');
  await focusPage(page);
  await page.keyboard.press('ArrowRight');
  await stepShown(page);
  await page.keyboard.press('ArrowRight');
  await stepShown(page);
  await expect(lessonPanel(page)).toHaveAccessibleName(/^Step 1 of 6: One iterator per shard/);
  expect(new URL(page.url()).hash).toBe('#lesson/streams/1');
});

test('a prediction is played on the lab and the engine says what happened', async ({ page }) => {
  await openStepLink(page, 'what-is-an-esm', 3);
  const panel = lessonPanel(page);
  const question = panel.getByRole('group', {
    name: /How will the next five records be delivered/,
  });
  await expect(question).toBeVisible();
  // Nothing chosen yet: the panel asks for an answer instead of running.
  await panel.getByRole('button', { name: /^Run 3 s/ }).click();
  await expect(panel.getByRole('alert')).toHaveText('Pick an answer first.');
  await question.getByRole('radio', { name: 'Five invocations, one each' }).check();
  await panel.getByRole('button', { name: /^Run 3 s/ }).click();
  const result = panel.getByRole('status').filter({ hasText: 'What happened' });
  await expect(result).toContainText('Not what happened.', { timeout: 20_000 });
  await expect(result).toContainText('What happened: One invocation with all five');
  await expect(result).toContainText('The next poll found 5 records waiting');
  await expect.poll(() => simSeconds(page)).toBeCloseTo(5.5, 5);
  await expect(page.getByText(/^Paused$/)).toBeVisible();
  // The lab played there: still on the path, no "Return" offered.
  await expect(panel.getByRole('button', { name: /Return to step/ })).toHaveCount(0);
  // The result takes the step text's place (the stage keeps its room); the text is one click away.
  const stepText = panel.getByText(/^The function returned success, so the mapping moved/);
  await expect(stepText).toBeHidden();
  const reread = panel.getByRole('button', { name: 'Read the step again' });
  await expect(reread).toHaveAttribute('aria-expanded', 'false');
  const panelBox = await panel.boundingBox();
  const stageBox = await stage(page).boundingBox();
  expect(stageBox?.height ?? 0).toBeGreaterThan(panelBox?.height ?? Infinity);
  await reread.click();
  await expect(stepText).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Fold the step text' })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  // Watching again puts the step back, question and all.
  await panel.getByRole('button', { name: 'Watch it again' }).click();
  await stepShown(page);
  await expect.poll(() => simSeconds(page)).toBeCloseTo(2.5, 5);
  await expect(panel).toContainText('Your first answer was not what happened.');
});

test('with reduced motion the prediction jumps to the moment instead of playing', async ({
  page,
}) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openStepLink(page, 'stream-errors', 3);
  const panel = lessonPanel(page);
  await panel.getByRole('radio', { name: '3 times' }).check();
  await panel.getByRole('button', { name: /^Run 15 s/ }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'What happened' })).toContainText(
    'You predicted it.',
    { timeout: 20_000 },
  );
  await expect.poll(() => simSeconds(page)).toBeCloseTo(15.5, 5);
  await expect(panel).toContainText('The batch was delivered 3 times');
});

test('leaving the path and coming back: Play, a live edit or a seek, then Return to step', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openStepLink(page, 'sqs-errors', 2);
  const panel = lessonPanel(page);
  await expect(ringed(page, 'queue')).toBeVisible();
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const back = panel.getByRole('button', { name: 'Return to step 2' });
  await expect(back).toBeVisible();
  await expect(panel).toContainText('Exploring on your own');
  // Off the path the question waits for the step to be back.
  await expect(panel).toContainText('Return to step 2 to answer.');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await back.click();
  await stepShown(page);
  await expect.poll(() => simSeconds(page)).toBeCloseTo(13, 5);
  await expect(back).toHaveCount(0);
  await expect(ringed(page, 'queue')).toBeVisible();
  // A live edit leaves the path too.
  await page.getByRole('button', { name: 'Put record', exact: true }).click();
  await expect(back).toBeVisible();
  await back.click();
  await stepShown(page);
  // So does moving through time.
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(back).toBeVisible();
  await back.click();
  await stepShown(page);
  await expect.poll(() => simSeconds(page)).toBeCloseTo(13, 5);
  // Loading another scenario leaves the path and takes the rings away.
  await page
    .getByRole('combobox', { name: 'Example scenario' })
    .selectOption({ label: 'Kinesis: the happy path' });
  await expect(back).toBeVisible();
  await expect(stage(page).locator('[data-highlighted="true"]')).toHaveCount(0);
  await back.click();
  await stepShown(page);
  await expect(ringed(page, 'queue')).toBeVisible();
});

test('progress survives a reload, shows in the lessons list, and can be reset', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openStepLink(page, 'streams', 1);
  await focusPage(page);
  await page.keyboard.press('ArrowRight');
  await stepShown(page);
  await page.keyboard.press('ArrowRight');
  await stepShown(page);
  await page.keyboard.press('ArrowRight');
  await stepShown(page);
  const panel = lessonPanel(page);
  await expect(panel).toHaveAccessibleName(/^Step 4 of 6: Starting position: LATEST/);
  await panel.getByRole('radio', { name: 'Only the three new records' }).check();
  await panel.getByRole('button', { name: /^Run 8 s/ }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'What happened' })).toContainText(
    'You predicted it.',
    { timeout: 20_000 },
  );
  await page.reload();
  await stepShown(page);
  // The link reopens the step as it was, and the list remembers.
  await expect(lessonPanel(page)).toHaveAccessibleName(/^Step 4 of 6:/);
  await expect.poll(() => simSeconds(page)).toBeCloseTo(0, 5);
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  const list = page.getByRole('dialog', { name: 'Lessons' });
  await expect(list).toBeVisible();
  const streams = list.getByRole('listitem').filter({ hasText: 'Streams: shards, order' });
  await expect(streams).toContainText('4 of 6 steps seen · 1 of 1 prediction right');
  await expect(streams.getByRole('link', { name: /^Continue at step 5: lesson 2/ })).toBeVisible();
  const steps = LESSONS.reduce((n, l) => n + l.steps.length, 0);
  const questions = LESSONS.reduce((n, l) => n + l.steps.filter((s) => s.predict).length, 0);
  await expect(list).toContainText(`4 of ${steps} steps seen, 1 of ${questions} predictions right`);
  await list.getByRole('button', { name: 'Reset progress' }).click();
  await list.getByRole('button', { name: 'Yes, reset progress' }).click();
  await expect(streams).toContainText('0 of 6 steps seen · 0 of 1 prediction right');
  await page.reload();
  await stepShown(page);
  // Reopening the step counts it as seen again, nothing else.
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  await expect(
    page
      .getByRole('dialog', { name: 'Lessons' })
      .getByRole('listitem')
      .filter({ hasText: 'Streams: shards, order' }),
  ).toContainText('1 of 6 steps seen · 0 of 1 prediction right');
  // A lesson starts from the list; Escape closes it.
  await page
    .getByRole('dialog', { name: 'Lessons' })
    .getByRole('link', { name: 'Start: lesson 9, SQS FIFO: message groups and order' })
    .click();
  await stepShown(page);
  await expect(lessonPanel(page)).toHaveAccessibleName(
    /^Step 1 of 4: Order within a message group/,
  );
  await expect(page.getByRole('dialog', { name: 'Lessons' })).toBeHidden();
});

test('bad lesson links say what is wrong and open the default scenario', async ({ page }) => {
  await page.goto('./#lesson/no-such-lesson/2');
  await expect(page.getByRole('alert')).toContainText('There is no lesson “no-such-lesson”');
  await expect(page.getByRole('alert')).toContainText('stream-errors');
  await expect(stage(page).getByRole('heading', { level: 2 })).toContainText(
    'a poison record blocks its shard',
  );
  await expect(lessonPanel(page)).toHaveCount(0);
  await page.goto('./#lesson/streams/99');
  await expect(page.getByRole('alert')).toContainText('has steps 1 to 6');
  await page.goto('./#lesson/streams/two');
  await expect(page.getByRole('alert')).toContainText('has steps 1 to 6');
  // A pasted link while a lesson runs: the bad link is named, the run stays.
  await openStepLink(page, 'duplicates', 3);
  await page.evaluate(() => {
    location.hash = 'lesson/duplicates/0';
  });
  await expect(page.getByRole('alert')).toContainText('has steps 1 to 4');
  await expect(lessonPanel(page)).toHaveAccessibleName(/^Step 3 of 4:/);
});

test('hands-on: the refusal in AWS’s words, the policy that fixes it, disabling the trigger', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openStepLink(page, 'hands-on', 1);
  const panel = lessonPanel(page);
  await expect(panel).toContainText(
    'Lambda’s answer: The provided execution role does not have permissions to call ReceiveMessage on SQS',
  );
  await expect(panel).toContainText('(at function.executionRolePolicies)');
  // The run on the stage is the step's (the refused configuration never replaced it).
  await expect(stage(page).getByRole('heading', { level: 2 })).toContainText(
    'no working trigger yet',
  );
  await focusPage(page);
  await page.keyboard.press('ArrowRight');
  await stepShown(page);
  await expect(page.getByText(/Execution role policies: AWSLambdaBasicExecutionRole/)).toHaveText(
    'Execution role policies: AWSLambdaBasicExecutionRole, AWSLambdaSQSQueueExecutionRole',
  );
  await expect(panel).not.toContainText('Lambda’s answer');
  await page.keyboard.press('ArrowRight');
  await stepShown(page);
  await panel.getByRole('radio', { name: 'They wait in the queue' }).check();
  await panel.getByRole('button', { name: /^Run 15 s/ }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'What happened' })).toContainText(
    'You predicted it.',
    { timeout: 30_000 },
  );
  await expect(panel).toContainText('The 2 messages stay in the queue');
  await page.keyboard.press('Escape');
  await focusPage(page);
  await page.keyboard.press('ArrowRight');
  await stepShown(page);
  await expect(panel).toContainText('Please ensure the role can perform the GetRecords');
  await expect(panel.getByRole('button', { name: /^Finish/ })).toBeVisible();
});

test('closing the lesson keeps the run and gives the keys back to playback', async ({ page }) => {
  await openStepLink(page, 'scaling', 4);
  await lessonPanel(page).getByRole('button', { name: 'Close the lesson' }).click();
  await expect(lessonPanel(page)).toHaveCount(0);
  await expect(stage(page).locator('[data-highlighted="true"]')).toHaveCount(0);
  // The link leaves the lesson: it is now the share link of the run that stays on the stage.
  await expect.poll(() => new URL(page.url()).hash).toMatch(/^(#s\/.+)?$/);
  await expect(stage(page).getByRole('heading', { level: 2 })).toContainText('streams scale');
  await focusPage(page);
  await page.keyboard.press(' ');
  await expect(page.getByText(/^Playing$/)).toBeVisible();
});

test('the panel stays compact: the stage keeps more room than the lesson at 1280×720', async ({
  page,
}) => {
  // The tallest steps: the longest text, and predictions (question and answers too).
  for (const [id, step, ratio] of [
    ['stream-errors', 4, 1.5],
    ['streams', 2, 1.5],
    ['batch-window', 2, 1],
    ['sqs-errors', 2, 1],
    ['sqs', 4, 1],
  ] as const) {
    await openStepLink(page, id, step);
    const panel = await lessonPanel(page).boundingBox();
    const box = await stage(page).boundingBox();
    expect(panel).not.toBeNull();
    expect(box).not.toBeNull();
    if (panel === null || box === null) return;
    // Panel and stage share the centre column, both wholly on screen at 1280×720.
    expect(panel.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(720);
    expect(box.height, `${id}/${step}`).toBeGreaterThan(panel.height * ratio);
    // The panel never scrolls inside either: the whole step is in view.
    expect(await lessonPanel(page).evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(
      true,
    );
  }
  // Folding the text leaves one row for the lesson and gives the stage the rest.
  await lessonPanel(page).getByRole('button', { name: 'Step text' }).click();
  const folded = await lessonPanel(page).boundingBox();
  expect(folded?.height ?? 999).toBeLessThan(60);
  await page.reload();
  await stepShown(page);
  await expect(lessonPanel(page).getByRole('button', { name: 'Step text' })).toHaveAttribute(
    'aria-expanded',
    'false',
  );
});

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds no serious or critical violations with a lesson open (${scheme})`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openStepLink(page, 'sqs', 4);
    await lessonPanel(page).getByRole('radio', { name: 'A second invocation gets them' }).check();
    test.setTimeout(180_000);
    // The event log's own colours are the log's business (and scanned by its specs).
    const serious = async (): Promise<string[]> =>
      (await new AxeBuilder({ page }).exclude('#region-log').analyze()).violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(await serious()).toEqual([]);
    await lessonPanel(page)
      .getByRole('button', { name: /^Run 4 s/ })
      .click();
    await expect(
      lessonPanel(page).getByRole('status').filter({ hasText: 'What happened' }),
    ).toBeVisible({
      timeout: 20_000,
    });
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await expect(lessonPanel(page).getByRole('button', { name: 'Return to step 4' })).toBeVisible();
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    expect(await serious()).toEqual([]);
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    await expect(page.getByRole('dialog', { name: 'Lessons' })).toBeVisible();
    expect(await serious()).toEqual([]);
  });
}

test('screenshots of several steps, light and dark, for review', async ({ page }) => {
  test.setTimeout(240_000);
  const shots: [string, number, string][] = [
    ['what-is-an-esm', 2, 'esm-batch'],
    ['stream-errors', 1, 'stream-blocked'],
    ['stream-errors', 4, 'destination'],
    ['sqs', 3, 'visibility'],
    ['sqs-fifo', 3, 'fifo-held'],
    ['scaling', 1, 'scaling-predict'],
  ];
  for (const [id, step, name] of shots) {
    await openStepLink(page, id, step);
    await page.waitForTimeout(400);
    await lessonScreens(page, name);
  }
  await openStepLink(page, 'sqs-errors', 1);
  await lessonPanel(page).getByRole('radio', { name: 'In the queue’s DLQ' }).check();
  await lessonPanel(page)
    .getByRole('button', { name: /^Run 40 s/ })
    .click();
  await expect(
    lessonPanel(page).getByRole('status').filter({ hasText: 'What happened' }),
  ).toBeVisible({
    timeout: 30_000,
  });
  await lessonScreens(page, 'prediction-result');
  await page.getByRole('button', { name: 'Lessons', exact: true }).click();
  await lessonScreens(page, 'list');
});
