/**
 * Share links and scenario files in a real Chromium: a copied link opens the
 * same run at the same moment in a new page; the address bar follows the run
 * without adding history entries; a file imported and exported again gives
 * the same bytes; bad links and bad files get messages naming what is wrong
 * (and a bad file leaves the current run alone). Axe on the Share dialog and
 * the import messages, light and dark.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { encodePayload } from '../src/ui/share/codec';
import {
  dropFile,
  importThroughPicker,
  openShare,
  screens,
  shareDialog,
  showsRun,
  stateLink,
} from './share-support';
import { speedUp } from './stage-support';
import { openApp, playUntil, scrubberRoot, scrubTo, simT } from './timeline-helpers';

// Several page loads, worker runs and downloads per test: on a loaded 2-core machine one
// can take a minute. The specs wait for states, never for time.
test.describe.configure({ timeout: 120_000 });

/** A scenario file in the canonical form "Download scenario" writes. */
const ORDERS = `{
  "format": 1,
  "title": "Orders: a poison message and a smaller batch",
  "seed": 42,
  "durationSeconds": 300,
  "source": {
    "type": "sqs",
    "VisibilityTimeout": 20,
    "RedrivePolicy": {
      "maxReceiveCount": 3
    }
  },
  "mapping": {
    "BatchSize": 5,
    "FunctionResponseTypes": [
      "ReportBatchItemFailures"
    ]
  },
  "function": {
    "Timeout": 4,
    "durationSeconds": {
      "base": 0.2,
      "perRecord": 0.02
    },
    "failureMode": "reportBatchItemFailures"
  },
  "records": [
    {
      "id": "order-poison",
      "at": 3,
      "failDeliveries": -1
    }
  ],
  "producers": [
    {
      "ratePerSecond": 4,
      "until": 120
    }
  ],
  "actions": [
    {
      "at": 40.5,
      "mapping": {
        "BatchSize": 2
      }
    },
    {
      "at": 61.25,
      "records": [
        {
          "id": "put-613-1",
          "key": "k2"
        }
      ]
    }
  ]
}
`;

const title = (page: Page) => page.locator('header').getByTitle(/.+/).first();

/**
 * Plays at 8x until simulated time passes `t`, then pauses. Slow enough that a pause landing
 * late on a busy machine still stops well before the run's end (120 s).
 */
async function playPast(page: Page, t: number): Promise<void> {
  await speedUp(page, 3);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect.poll(() => simT(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(t);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
}

/** What a page shows of a run: the moment, the stage, the followed record, the settings. */
async function onScreen(page: Page) {
  const record = page.getByRole('region', { name: 'Record details' });
  await expect(record.getByRole('article')).toBeVisible();
  await expect(record.getByRole('region', { name: 'Event JSON' }).locator('pre')).toBeVisible();
  // The stage's flow loads lazily: a fresh page may still say so for a moment.
  const stageRegion = page.getByRole('region', { name: 'Pipeline stage', exact: true });
  await expect(stageRegion).not.toContainText('Drawing the stage', { timeout: 30_000 });
  return {
    t: await simT(page),
    title: await title(page).textContent(),
    // The stage as text, less the narration (it tells what the last frames did, not the state).
    stage: await page
      .getByRole('region', { name: 'Pipeline stage', exact: true })
      .evaluate((el) => {
        const copy = el.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('[aria-live]').forEach((n) => n.remove());
        document.body.append(copy);
        const text = copy.innerText;
        copy.remove();
        return text;
      }),
    record: await record.innerText(),
    batchSize: await page
      .getByRole('slider', { name: 'Batch size' })
      .getAttribute('aria-valuetext'),
  };
}

test('a copied link opens the same run at the same moment in a new page', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  // Live edits early in the run: a smaller batch and a poison record.
  for (let i = 0; i < 3; i++) {
    const t = await simT(page);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(() => simT(page)).toBeGreaterThan(t);
  }
  const batchSize = page.getByRole('textbox', { name: 'Batch size' });
  await batchSize.fill('4');
  await batchSize.press('Enter');
  await expect(page.getByRole('slider', { name: 'Batch size' })).toHaveAttribute(
    'aria-valuetext',
    /^4 records$/,
  );
  await page.getByRole('button', { name: 'Put poison record' }).click();
  await playPast(page, 25);
  // Back in time (no fork), and follow a record that has been delivered.
  await scrubTo(page, 21);
  await page.getByRole('tab', { name: 'Record' }).click();
  await page.getByRole('textbox', { name: 'Record id' }).fill('before-2');
  await page.getByRole('button', { name: 'Follow', exact: true }).click();
  const before = await onScreen(page);
  expect(before.t).toBe(21);

  // The address bar follows the run, replacing its entry rather than adding ones.
  const address = await stateLink(page);
  const entries = await page.evaluate(() => history.length);
  const dialog = await openShare(page);
  await dialog.getByRole('button', { name: 'Copy link' }).click();
  await expect(dialog.getByText('Link copied to the clipboard.')).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/#s\/1\./);
  expect(page.url()).toBe(copied);
  expect(new URL(address).pathname).toBe(new URL(copied).pathname);
  await expect(dialog.getByRole('textbox', { name: 'Link to this run' })).toHaveValue(copied);
  await expect(dialog.getByText(/following record before-2/)).toBeVisible();
  await expect(dialog.getByText(/your 2 live edits/)).toBeVisible();
  await screens(page, 'dialog');
  const axe = await new AxeBuilder({ page }).include('dialog').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual(
    [],
  );
  await dialog.getByRole('button', { name: 'Close' }).click();
  expect(await page.evaluate(() => history.length)).toBe(entries);

  const other = await context.newPage();
  await other.goto(copied);
  await showsRun(other);
  await expect(scrubberRoot(other)).toHaveAttribute('data-sim-t', '21');
  await other.getByRole('tab', { name: 'Record' }).click();
  expect(await onScreen(other)).toEqual(before);
  await expect(other.getByRole('alert')).toHaveCount(0);
  // Opening the link did not rewrite it: the restored run makes the same link.
  await expect.poll(() => other.url()).toBe(copied);
});

test('a file imported and exported again gives the same bytes (picker and drop)', async ({
  page,
}) => {
  await openApp(page);
  const dialog = await importThroughPicker(page, 'orders.json', ORDERS);
  await expect(dialog).toBeHidden();
  await expect(title(page)).toHaveText('Orders: a poison message and a smaller batch');
  const download = async (): Promise<string> => {
    const d = await openShare(page);
    const saving = page.waitForEvent('download');
    await d.getByRole('button', { name: 'Download scenario' }).click();
    const file = await saving;
    expect(file.suggestedFilename()).toBe('orders-a-poison-message-and-a-smaller-batch.json');
    const path = await file.path();
    const { readFileSync } = await import('node:fs');
    await d.getByRole('button', { name: 'Close' }).click();
    return readFileSync(path, 'utf8');
  };
  expect(await download()).toBe(ORDERS);

  // A dropped file opens too, and exports byte for byte.
  await openApp(page);
  await dropFile(page, 'orders.json', ORDERS);
  await expect(title(page)).toHaveText('Orders: a poison message and a smaller batch');
  expect(await download()).toBe(ORDERS);
});

test('a bad file is refused with its JSON path and AWS’s wording; the run is kept', async ({
  page,
}) => {
  await openApp(page);
  await playUntil(page, 4);
  const t = await simT(page);
  const before = await title(page).textContent();

  const invalid = JSON.parse(ORDERS) as { mapping: Record<string, unknown> };
  invalid.mapping.BatchSize = 50;
  const dialog = await importThroughPicker(page, 'too-big.json', JSON.stringify(invalid));
  const report = dialog.getByRole('alert');
  await expect(report).toContainText('too-big.json was not opened. Your current run is unchanged.');
  await expect(report).toContainText('mapping.BatchSize');
  await expect(report).toContainText(
    'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
  );
  expect(await simT(page)).toBe(t);
  await expect(title(page)).toHaveText(before ?? '');
  await screens(page, 'import-problems');
  const axe = await new AxeBuilder({ page }).include('dialog').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual(
    [],
  );
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Not JSON: where the syntax breaks.
  await dropFile(page, 'broken.json', '{\n  "format": 1,\n  "seed": ,\n}');
  await expect(shareDialog(page).getByRole('alert')).toContainText(
    'The file is not valid JSON at line 3, column 11',
  );
  // An unknown field, named by its path.
  await shareDialog(page).getByRole('button', { name: 'Close' }).click();
  await dropFile(page, 'typo.json', ORDERS.replace('"BatchSize": 5', '"BatchSise": 5'));
  await expect(shareDialog(page).getByRole('alert')).toContainText('mapping');
  await expect(shareDialog(page).getByRole('alert')).toContainText('BatchSise');
  expect(await simT(page)).toBe(t);
  await expect(title(page)).toHaveText(before ?? '');
});

test('bad, cut and tampered links open the default scenario and say what was wrong', async ({
  page,
}) => {
  const banner = page.getByRole('alert');
  /** A fresh page load of a link (not a hash change in the running app). */
  const open = async (hash: string): Promise<void> => {
    await page.goto('about:blank');
    await page.goto(`./${hash}`);
    await showsRun(page);
  };
  // Not a link this lab wrote.
  await page.goto('./#s/hello');
  await showsRun(page);
  await expect(banner).toContainText('This shared link could not be opened');
  await expect(banner).toContainText('format version');
  await expect(banner).toContainText('The default scenario is open instead.');
  await expect(
    page.getByRole('combobox', { name: 'Example scenario' }).locator('option:checked'),
  ).toHaveText('Kinesis: a poison record blocks its shard');

  // A real link cut in half (a chat app truncated it).
  const good = await stateLink(page);
  const payload = new URL(good).hash.slice('#s/'.length);
  await open(`#s/${payload.slice(0, Math.floor(payload.length / 2))}`);
  await expect(banner).toContainText(/cut off or damaged|cannot be base64url/);
  await expect(banner).toContainText('The default scenario is open instead.');

  // Characters a link never has.
  await open('#s/1.abc*def');
  await expect(banner).toContainText('contains "*" at character 4');

  // Decodes, but its scenario breaks AWS's rules: the path and AWS's words.
  const tampered = await encodePayload({
    s: { format: 1, durationSeconds: 60, source: { type: 'sqs' }, mapping: { BatchSize: 50 } },
    t: 3,
  });
  await open(`#s/${tampered}`);
  await expect(banner).toContainText('its scenario is not valid: mapping.BatchSize');
  await expect(banner).toContainText(
    'Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10',
  );
  await screens(page, 'bad-link');

  // Pasted while a run shows: the run is kept and the message says so.
  await playUntil(page, 3);
  const t = await simT(page);
  await page.evaluate(() => {
    location.hash = '#s/1.AAAA';
  });
  await expect(banner).toContainText('Your current run is unchanged.');
  expect(await simT(page)).toBe(t);
  // The address bar is a working link to the run again.
  await expect.poll(() => new URL(page.url()).hash, { timeout: 10_000 }).not.toBe('#s/1.AAAA');
  expect(new URL(page.url()).hash).toMatch(/^#s\/1\./);
});
