import { expect, test } from './fixtures';

// A sweep end to end against the real application: created from the dashboard, one row in Running
// Sessions (never one per cell), its page with the heatmap and the best cell, and that cell cloned
// into a live test.
test.describe.configure({ mode: 'serial' });

const SWEEP = 'E2E TB grid';
/** The sweep's page, once the first test created it. */
let sweepUrl = '';

test('a 3×3 sweep is created, runs as one row, and its best cell becomes a live test', async ({ page, dashboard, shoot }) => {
  await page.goto('/sweeping');
  await expect(page.getByRole('heading', { name: 'Sweeps', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: '+ Create Sweep' }).click();
  const form = page.getByRole('dialog', { name: 'Create Sweep' });
  await form.getByLabel('Strategy', { exact: true }).selectOption('TestBot');
  await form.getByLabel('Market', { exact: true }).selectOption('XBTUSD');
  // a year of 1-minute candles per cell (about 29,000 trades each): the sweep runs for tens of
  // seconds, so Running Sessions certainly shows it running
  test.setTimeout(300_000);
  const end = new Date();
  const start = new Date(end.getTime() - 365 * 86_400_000);
  await form.getByLabel('Start Date').fill(start.toISOString().slice(0, 10));
  await form.getByLabel('End Date').fill(end.toISOString().slice(0, 10));
  await form.getByLabel('Parameter', { exact: true }).selectOption('threshold');
  await form.getByLabel('Values of Threshold').fill('0.3, 0.5, 0.7');
  await form.getByRole('button', { name: '+ Add parameter' }).click();
  const second = form.getByRole('group', { name: 'Swept parameter 2' });
  await second.getByLabel('Parameter', { exact: true }).selectOption('position_size');
  await second.getByRole('radio', { name: 'From / to / step' }).check();
  await second.getByLabel('From (Position size)').fill('50');
  await second.getByLabel('To (Position size)').fill('150');
  await second.getByLabel('Step (Position size)').fill('50');
  await expect(form.getByRole('status', { name: 'Cells' })).toHaveText(/3 × 3 = 9 cells/);
  await form.getByLabel('Sweep Name (optional)').fill(SWEEP);
  await shoot('20-create-sweep');
  await form.getByRole('button', { name: 'Create & Start Sweep' }).click();
  await expect(form).toBeHidden();
  await expect(page).toHaveURL(/\/sweeping\/[0-9a-f-]+$/);
  sweepUrl = page.url();
  await expect(page.getByRole('heading', { name: SWEEP, level: 1 })).toBeVisible();

  // Running Sessions: the sweep is one row while it runs, and its cells are never rows of their own
  await dashboard.openSection('Running Sessions');
  const row = dashboard.card(SWEEP);
  await expect(row).toBeVisible();
  await expect(row).toContainText(/[\d,]+ \/ 9 cells/);
  await expect(row.getByRole('button', { name: `Stop ${SWEEP}` })).toBeVisible();
  await shoot('21-running-sweep-row');
  await expect(page.getByRole('listitem', { name: new RegExp(`^${SWEEP} #\\d+`) })).toHaveCount(0);

  await page.goto(sweepUrl);
  await expect(page.getByRole('region', { name: 'Progress' })).toContainText('9 / 9', { timeout: 240_000 });
  await expect(page.getByText('completed', { exact: true }).first()).toBeVisible();
  const heatmap = page.getByRole('table', { name: /Total PnL by threshold \(across\) and position_size \(down\)/ });
  await expect(heatmap.getByRole('cell', { name: /^threshold .*, position_size .*: Total PnL/ })).toHaveCount(9);
  const cells = page.getByRole('table', { name: 'Cells' });
  await cells.getByRole('button', { name: 'Sharpe' }).click();
  await expect(cells.getByRole('columnheader', { name: /Sharpe/ })).toHaveAttribute('aria-sort', 'descending');
  await shoot('22-sweep-page');

  const best = page.getByRole('region', { name: 'Best cell' });
  await expect(best).toContainText(/neighbour/);
  await best.getByRole('button', { name: /to a live test$/ }).click();
  const live = page.getByRole('dialog', { name: 'Clone to Live Test' });
  await expect(live.getByRole('radio', { name: /Live Test/ })).toBeChecked();
  await live.getByRole('button', { name: 'Create & Start' }).click();
  await expect(live).toBeHidden();
  await expect(page).toHaveURL(/\/running\?session=/);
  const detail = page.getByRole('dialog', { name: /E2E TB grid #\d+ live/ });
  await expect(detail).toBeVisible();
  await detail.getByRole('button', { name: 'Close' }).click();
  const liveCard = page.getByRole('listitem', { name: /E2E TB grid #\d+ live/ });
  await expect(liveCard).toBeVisible();
  await liveCard.getByRole('button', { name: /^Stop / }).click();
  await expect(liveCard).toBeHidden();
});

test("a sweep cell's fingerprint is shown, and re-running it reproduces its trades", async ({ page, shoot }) => {
  test.skip(!sweepUrl, 'needs the sweep of the previous test');
  await page.goto(sweepUrl);
  const cells = page.getByRole('table', { name: 'Cells' });
  await cells.getByRole('button', { name: /^Open cell #1 / }).click();
  const detail = page.getByRole('dialog', { name: `${SWEEP} #1` });
  await expect(detail).toBeVisible();
  await detail.getByRole('tab', { name: 'Reproducibility' }).click();
  await expect(detail.getByRole('button', { name: 'Copy trades hash' })).toBeVisible();
  await expect(detail.getByRole('note')).toContainText('only trades, warnings and errors');
  await shoot('23-fingerprint');

  await detail.getByRole('button', { name: 'Re-run and verify' }).click();
  // the re-run opens in its place and says whether the trades hash matched once it completes
  await expect(page.getByRole('dialog').getByText(/Reproduced: this re-run of/)).toBeVisible({ timeout: 120_000 });
  // and its metrics are those of the trades it made, read again when it ended
  await expect(page.getByRole('dialog').getByText('No closed trades yet', { exact: false })).toHaveCount(0);
  await shoot('24-verified');
});
