/**
 * The execution-role setting (function.executionRolePolicies): a role that
 * cannot read the source is refused with AWS's message and the run keeps its
 * role; a valid role restarts the scenario (AWS checks it when the mapping is
 * created); a file with a bad role is refused at load with the same words.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openPreset, screens } from './stage-support';

const SQS_REFUSAL =
  'The provided execution role does not have permissions to call ReceiveMessage on SQS';

test('a role without the queue’s read permission is refused; adding one restarts the run', async ({
  page,
}) => {
  await openPreset(page, 'SQS: the happy path');
  const summary = page.getByText(/Execution role policies: AWSLambdaBasicExecutionRole/);
  await expect(summary).toHaveText(
    'Execution role policies: AWSLambdaBasicExecutionRole, AWSLambdaSQSQueueExecutionRole',
  );
  await summary.click();
  const role = page.getByRole('group', { name: 'Execution role policies' });
  const sqsPolicy = role.getByRole('checkbox', { name: 'AWSLambdaSQSQueueExecutionRole' });
  await expect(sqsPolicy).toBeChecked();
  await expect(sqsPolicy).toHaveAccessibleDescription(/ReceiveMessage/);

  // Taking the SQS policy away: AWS's message, and the role in force is unchanged.
  await sqsPolicy.uncheck();
  const alert = page.getByRole('alert').filter({ hasText: SQS_REFUSAL });
  await expect(alert).toBeVisible();
  await expect(summary).toHaveText(
    'Execution role policies: AWSLambdaBasicExecutionRole, AWSLambdaSQSQueueExecutionRole',
  );
  await alert.scrollIntoViewIfNeeded();
  await screens(page, 'role-refused');

  // Read-only SQS access cannot ReceiveMessage either; full access can: the run restarts with it.
  await role.getByRole('checkbox', { name: 'AmazonSQSReadOnlyAccess' }).check();
  await expect(alert).toBeVisible();
  await role.getByRole('checkbox', { name: 'AmazonSQSFullAccess' }).check();
  await expect(alert).toBeHidden();
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: /Execution role policies cannot change on a running mapping/ }),
  ).toContainText('AWSLambdaBasicExecutionRole, AmazonSQSReadOnlyAccess, AmazonSQSFullAccess');
  await expect(summary).toHaveText(
    'Execution role policies: AWSLambdaBasicExecutionRole, AmazonSQSReadOnlyAccess, AmazonSQSFullAccess',
  );

  // A draft that is not valid can be dropped, keeping the role in force.
  await role.getByRole('checkbox', { name: 'AmazonSQSFullAccess' }).uncheck();
  await expect(alert).toBeVisible();
  await page.getByRole('button', { name: 'Keep the role in force' }).click();
  await expect(alert).toBeHidden();
  await expect(role.getByRole('checkbox', { name: 'AmazonSQSFullAccess' })).toBeChecked();
});

test('a box just ticked stays ticked while the restarted run is on its way', async ({ page }) => {
  // Holds the worker's answers back, as a busy machine does: the control must show the set
  // just sent, not flick back to the role in force until the run answers.
  await page.addInitScript(() => {
    const Native = window.Worker;
    const w = window as unknown as { workerDelayMs: number };
    w.workerDelayMs = 0;
    window.Worker = class extends Native {
      override set onmessage(fn: ((this: Worker, e: MessageEvent) => unknown) | null) {
        super.onmessage =
          fn === null
            ? null
            : (e: MessageEvent) => {
                if (w.workerDelayMs > 0) setTimeout(() => fn.call(this, e), w.workerDelayMs);
                else fn.call(this, e);
              };
      }
      override get onmessage(): ((this: Worker, e: MessageEvent) => unknown) | null {
        return super.onmessage;
      }
    };
  });
  await openPreset(page, 'SQS: the happy path');
  const summary = page.getByText(/Execution role policies: AWSLambdaBasicExecutionRole/);
  await summary.click();
  const role = page.getByRole('group', { name: 'Execution role policies' });
  await page.evaluate(() => {
    (window as unknown as { workerDelayMs: number }).workerDelayMs = 1500;
  });
  // check() fails at once if the box is not ticked right after the click.
  await role.getByRole('checkbox', { name: 'AmazonSQSFullAccess' }).check();
  await role.getByRole('checkbox', { name: 'AWSLambdaSQSQueueExecutionRole' }).uncheck();
  await expect(summary).toHaveText(
    'Execution role policies: AWSLambdaBasicExecutionRole, AmazonSQSFullAccess',
  );
  await expect(role.getByRole('checkbox', { name: 'AmazonSQSFullAccess' })).toBeChecked();
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the open role control and its refusal pass axe (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openPreset(page, 'Kinesis: the happy path');
    const summary = page.getByText(/Execution role policies: AWSLambdaBasicExecutionRole/);
    await summary.click();
    const role = page.getByRole('group', { name: 'Execution role policies' });
    await role.getByRole('checkbox', { name: 'AWSLambdaKinesisExecutionRole' }).uncheck();
    await expect(page.getByRole('alert').filter({ hasText: 'Cannot access stream' })).toContainText(
      'Please ensure the role can perform the GetRecords, GetShardIterator, DescribeStream, and ListStreams Actions on your stream in IAM.',
    );
    const results = await new AxeBuilder({ page })
      .include('section[aria-label="Source and mapping settings"]')
      .analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
  });
}
