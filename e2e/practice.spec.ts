/**
 * Exam practice in a real Chromium: open it from the header, answer by
 * keyboard (a wrong answer shows its misconception, a right one says so),
 * open a question from its link, run a short test to its per-topic score,
 * "Show me" opens the lab at the deciding moment, spaced repetition brings a
 * missed question back and survives corrupt storage, a bad link says what is
 * wrong, and axe finds no serious violations in light and dark.
 *
 * Which answer is right is never written here: the spec generates the same
 * question in Node (same template, same seed) and reads it from the engine.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { catalogEntry } from '../src/quiz/catalog';
import { generateQuestion } from '../src/quiz/generate';
import { HISTORY_STORAGE_KEY } from '../src/quiz/history';
import { buildTest } from '../src/quiz/testSet';
import type { Question } from '../src/quiz/types';

const practice = (page: Page) => page.getByRole('tabpanel');

async function openLink(page: Page, hash: string): Promise<void> {
  await page.goto(`./#${hash}`);
  await expect(page.getByRole('heading', { level: 2, name: 'Exam practice' })).toBeVisible();
}

/** Waits until the question's card is shown. */
async function questionShown(page: Page, q: Question): Promise<void> {
  await expect(page.getByRole('heading', { level: 3, name: q.title })).toBeVisible({
    timeout: 15_000,
  });
  await expect(practice(page).getByText(q.prompt)).toBeVisible();
}

/** 1-based key of the first option that is (or is not) right. */
function keyOf(q: Question, right: boolean): string {
  const i = q.options.findIndex((o) => o.correct === right);
  expect(i).toBeGreaterThanOrEqual(0);
  return String(i + 1);
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('main').include('header').analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('the header opens practice, and a question is answered by keyboard, wrong then right', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./');
  await expect(page.getByText(/^(Paused|Playing|Ended)$/).first()).toBeVisible();
  await page.getByRole('button', { name: 'Practice' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Exam practice' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Training' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(practice(page).getByRole('button', { name: 'Check answer' })).toBeVisible({
    timeout: 15_000,
  });

  // A known question, from its link: a wrong option by its number key, then Enter.
  const q = generateQuestion('blocking-other-shard', 11);
  await openLink(page, 'quiz/blocking-other-shard/11');
  await questionShown(page, q);
  const wrong = q.options.find((o) => !o.correct);
  await page.keyboard.press(keyOf(q, false));
  await expect(
    practice(page).getByRole('radio', { name: new RegExp(`Option ${keyOf(q, false)}:`) }),
  ).toBeChecked();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Not quite.' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Not quite.' })).toBeFocused();
  // The misconception of the option chosen, and the explanation with the run's invocations.
  await expect(practice(page).getByText(wrong?.misconception ?? 'missing')).toBeVisible();
  await expect(practice(page).getByText(q.explanation[0] ?? 'missing')).toBeVisible();

  // Enter goes on to a new question.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Not quite.' })).toBeHidden();
  await expect(practice(page).getByRole('button', { name: 'Check answer' })).toBeVisible({
    timeout: 15_000,
  });

  // The same link again: arrows and Enter, the right option this time.
  await openLink(page, 'quiz/blocking-other-shard/11');
  await questionShown(page, q);
  await page.keyboard.press('ArrowDown');
  const rightIndex = Number(keyOf(q, true)) - 1;
  for (let i = 0; i < rightIndex; i++) await page.keyboard.press('ArrowDown');
  await expect(
    practice(page).getByRole('radio', { name: new RegExp(`Option ${rightIndex + 1}:`) }),
  ).toBeChecked();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Right.' })).toBeVisible();
  await expect(practice(page).getByText('✓ Right, your choice')).toBeVisible();
  expect(errors).toEqual([]);
});

test('a number question: a wrong number names its misconception, the right one is accepted', async ({
  page,
}) => {
  const q = generateQuestion('retries-poison-invocations', 5);
  const answer = q.number?.value ?? -1;
  const distractor = q.number?.distractors[0];
  await openLink(page, 'quiz/retries-poison-invocations/5');
  await questionShown(page, q);
  const field = practice(page).getByRole('textbox', { name: /Your answer/ });
  await field.fill(String(distractor?.value));
  await field.press('Enter');
  await expect(page.getByRole('heading', { name: 'Not quite.' })).toBeVisible();
  await expect(
    practice(page)
      .getByText(distractor?.misconception ?? 'missing')
      .first(),
  ).toBeVisible();
  await expect(practice(page).getByText(`The right answer: ${answer}`)).toBeVisible();

  await openLink(page, 'quiz/retries-poison-invocations/5');
  await questionShown(page, q);
  // Typing straight away (focus on the question) starts the number.
  for (const digit of String(answer)) await page.keyboard.press(digit);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Right.' })).toBeVisible();
});

test('a short test ends with a score per topic and a list to revise, each with its link', async ({
  page,
}) => {
  const seed = 424242;
  const items = buildTest(10, seed);
  const first = generateQuestion(items[0]?.templateId ?? '', items[0]?.seed ?? 0);
  await openLink(page, `quiz/test/10/${seed}`);
  await expect(page.getByRole('tab', { name: 'Test' })).toHaveAttribute('aria-selected', 'true');
  await questionShown(page, first);
  await expect(practice(page).getByText('Question 1 of 10').first()).toBeVisible();
  // Answer the first right (the engine's answer), skip the rest with Enter. No feedback on the way.
  if (first.number !== null) {
    await practice(page)
      .getByRole('textbox', { name: /Your answer/ })
      .fill(String(first.number.value));
    await practice(page)
      .getByRole('textbox', { name: /Your answer/ })
      .press('Enter');
  } else {
    for (const [i, o] of first.options.entries())
      if (o.correct) await page.keyboard.press(String(i + 1));
    await page.keyboard.press('Enter');
  }
  for (let i = 2; i <= 10; i++) {
    await expect(practice(page).getByText(`Question ${i} of 10`).first()).toBeVisible({
      timeout: 15_000,
    });
    await expect(page.getByRole('heading', { name: /^(Right|Not quite)\.$/ })).toHaveCount(0);
    await page.keyboard.press('Enter');
  }
  await expect(page.getByRole('heading', { name: 'Your score: 1 of 10 (10 %)' })).toBeVisible({
    timeout: 30_000,
  });
  const table = practice(page).getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(
    1 + new Set(items.map((it) => catalogEntry(it.templateId)?.topic)).size,
  );
  await expect(practice(page).getByRole('heading', { name: 'To revise (9)' })).toBeVisible();
  const links = practice(page).getByRole('list').last().getByRole('link');
  await expect(links).toHaveCount(9);
  await expect(links.first()).toHaveAttribute(
    'href',
    `#quiz/${items[1]?.templateId}/${items[1]?.seed}`,
  );
  // A question's link opens it in training.
  await links.first().click();
  await expect(page.getByRole('tab', { name: 'Training' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(practice(page).getByRole('button', { name: 'Check answer' })).toBeVisible({
    timeout: 15_000,
  });
});

test('a timed test ends by itself when time runs out', async ({ page }) => {
  await page.clock.install();
  await openLink(page, 'quiz/test/10/31337/10');
  await expect(practice(page).getByRole('timer')).toHaveText('10:00');
  await expect(practice(page).getByRole('button', { name: 'Next question' })).toBeVisible({
    timeout: 15_000,
  });
  await page.clock.fastForward('09:01');
  await expect(practice(page).getByRole('timer')).toHaveText(/^0:5\d$/);
  await expect(practice(page).getByText('One minute left.')).toBeAttached();
  await page.clock.fastForward('01:00');
  await expect(page.getByRole('heading', { name: 'Your score: 0 of 10 (0 %)' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(
    practice(page).getByText('Time ran out; unanswered questions count as wrong.'),
  ).toBeVisible();
});

test('Show me opens the lab at the deciding moment, and Back returns to the question', async ({
  page,
}) => {
  const q = generateQuestion('bisect-poison-invocations', 7);
  await openLink(page, 'quiz/bisect-poison-invocations/7');
  await questionShown(page, q);
  await practice(page)
    .getByRole('textbox', { name: /Your answer/ })
    .fill('1');
  await page.keyboard.press('Enter');
  await practice(page).getByRole('button', { name: 'Show me in the lab' }).click();
  const stage = page.getByRole('region', { name: 'Pipeline stage', exact: true });
  await expect(stage).toBeVisible();
  await expect(page.getByRole('region', { name: 'Show me' })).toContainText(q.showMe.caption);
  // The run is paused at the moment, following the record the question is about.
  await expect
    .poll(
      async () => Number(await page.getByRole('slider', { name: 'Simulated time' }).inputValue()),
      { timeout: 15_000 },
    )
    .toBeCloseTo(q.showMe.at, 0);
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await expect(page.getByRole('banner')).toContainText(`Practice: ${q.title}`);
  // Stage elements that can be pointed at carry data-stage-target; the ones Show me names are ringed.
  for (const t of q.showMe.highlight) {
    const el = page.locator(`[data-stage-target="${t}"]`);
    if ((await el.count()) > 0)
      await expect(el.first()).toHaveAttribute('data-highlighted', 'true');
  }
  await page.getByRole('button', { name: 'Back to the question' }).click();
  await questionShown(page, q);
  await expect(page.getByRole('heading', { name: 'Not quite.' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Show me' })).toHaveCount(0);
});

test('spaced repetition brings a missed question back, survives corrupt storage, and resets', async ({
  page,
}) => {
  const q = generateQuestion('dlq-receive-count', 9);
  await page.goto('./');
  await page.evaluate(
    ([key, value]) => localStorage.setItem(key ?? '', value ?? ''),
    [
      HISTORY_STORAGE_KEY,
      JSON.stringify({
        version: 1,
        items: [
          {
            templateId: 'dlq-receive-count',
            seed: 9,
            box: 0,
            due: 1,
            right: 0,
            wrong: 1,
            lastAnswered: Date.now() - 120_000,
          },
          {
            templateId: 'no-such-template',
            seed: 1,
            box: 0,
            due: 1,
            right: 0,
            wrong: 1,
            lastAnswered: 1,
          },
          'garbage',
        ],
      }),
    ],
  );
  await openLink(page, 'quiz/review');
  await expect(page.getByRole('tab', { name: 'Spaced repetition' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(
    page.getByText('2 damaged entries in your practice history were left out.'),
  ).toBeVisible();
  await expect(page.getByText(/Back again: you missed this one 2 minutes ago/)).toBeVisible();
  await questionShown(page, q);
  await expect(page.getByLabel('Your history')).toContainText('1 due now');

  // Reset: confirm, and the history is empty.
  await practice(page).getByRole('button', { name: 'Reset history…' }).click();
  await practice(page)
    .getByRole('group', { name: 'Reset your practice history?' })
    .getByRole('button', { name: 'Reset history' })
    .click();
  await expect(page.getByLabel('Your history')).toContainText('0 in your history');
  expect(await page.evaluate((key) => localStorage.getItem(key), HISTORY_STORAGE_KEY)).toBeNull();

  // Storage that is not JSON at all: a notice, and practice carries on.
  await page.evaluate((key) => localStorage.setItem(key, '{not json'), HISTORY_STORAGE_KEY);
  await page.reload();
  await expect(page.getByText(/could not be read \(it is not valid JSON\)/)).toBeVisible();
  await expect(practice(page).getByRole('button', { name: 'Check answer' })).toBeVisible({
    timeout: 15_000,
  });
});

test('a bad practice link says what is wrong and the lab opens', async ({ page }) => {
  await page.goto('./#quiz/no-such-template/3');
  await expect(page.getByRole('alert')).toContainText(
    'This practice link cannot be opened: there is no question template "no-such-template".',
  );
  await expect(page.getByRole('region', { name: 'Pipeline stage', exact: true })).toBeVisible();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`no serious axe violations in practice (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    const q = generateQuestion('dlq-which-messages', 4);
    await openLink(page, 'quiz/dlq-which-messages/4');
    await questionShown(page, q);
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press(keyOf(q, false));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: /^(Right|Not quite)\.$/ })).toBeVisible();
    await practice(page).getByText('What the run showed for each option').click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('tab', { name: 'Test' }).click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('tab', { name: 'Spaced repetition' }).click();
    await expect(practice(page).getByRole('button', { name: 'Check answer' })).toBeVisible({
      timeout: 15_000,
    });
    expect(await seriousViolations(page)).toEqual([]);
  });
}
