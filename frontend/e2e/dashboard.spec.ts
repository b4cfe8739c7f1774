import { expect, test } from './fixtures';

// The scenarios of the dashboard, in the order a user meets them, against the real application.
// They share its database, so they run one after another and each names its sessions uniquely.
test.describe.configure({ mode: 'serial' });

const LIVE = 'E2E Live Test';
const BACKTEST = 'E2E Backtest';

test('a live test is created and started, a second tab sees it appear, its logs stream, and it stops', async ({ page, secondTab, dashboard, shoot }) => {
  // the second tab is open before the session exists
  await secondTab.goto('/running');
  await expect(secondTab.getByRole('heading', { name: 'Running Sessions', level: 1 })).toBeVisible();
  await expect(secondTab.getByRole('status').filter({ hasText: 'Live:' })).toHaveText(/Connected/);

  await page.goto('/');
  await expect(page).toHaveURL(/\/running$/);
  const form = await dashboard.openCreateForm();
  await expect(form.getByRole('radio', { name: /Live Test/ })).toBeChecked();
  await form.getByLabel('Strategy', { exact: true }).selectOption('TestBot');
  await form.getByLabel('Market', { exact: true }).selectOption('XBTUSD');
  await expect(form.getByLabel('Threshold', { exact: true })).toHaveValue('0.5');
  await form.getByLabel('Session Name (optional)').fill(LIVE);
  await shoot('04-create-modal');
  await form.getByRole('button', { name: 'Create & Start' }).click();
  await expect(form).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: `${LIVE} created and started.` })).toBeVisible();

  const card = dashboard.card(LIVE);
  await expect(card).toBeVisible();
  await expect(card.getByRole('button', { name: `Stop ${LIVE}` })).toBeVisible();
  // the other tab learns of it over its subscription, without reloading
  await expect(secondTab.getByRole('listitem', { name: LIVE, exact: true })).toBeVisible();
  await expect(card).toContainText(/♡ \d+s ago/);
  await shoot('01-running-sessions');

  await card.getByRole('button', { name: `View ${LIVE}` }).click();
  const detail = page.getByRole('dialog', { name: LIVE });
  await expect(detail).toBeVisible();
  await expect(page).toHaveURL(/\?session=/);
  await detail.getByRole('tab', { name: 'Live Logs' }).click();
  const lines = detail.getByRole('list', { name: 'Log lines' }).getByRole('listitem');
  await expect(lines.first()).toBeVisible();
  await expect(detail.getByRole('status').filter({ hasText: 'Connection:' })).toHaveText(/Connected/);
  // new lines keep arriving while we watch
  const count = async () => Number(((await detail.getByText(/^[\d,]+ lines$/).textContent()) ?? '').replace(/\D/g, ''));
  const before = await count();
  await expect.poll(count, { timeout: 20_000 }).toBeGreaterThan(before + 2);
  await shoot('08-detail-live-logs');

  await detail.getByRole('button', { name: 'Close' }).click();
  await expect(detail).toBeHidden();
  await card.getByRole('button', { name: `Stop ${LIVE}` }).click();
  await expect(card).toBeHidden();
  await expect(secondTab.getByRole('listitem', { name: LIVE, exact: true })).toBeHidden();
});

test('a stopped session is found in History, cloned, and deleted after confirmation', async ({ page, dashboard, shoot }) => {
  await page.goto('/history');
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill('E2E Live');
  const row = dashboard.historyRow(LIVE);
  await expect(row).toBeVisible();
  await expect(row.getByRole('cell').nth(2)).toHaveText('stopped');
  await search.fill('');
  await expect(row).toBeVisible();
  await shoot('03-history');

  // clone it: the form comes prefilled, the copy is created and opened
  await row.getByRole('button', { name: `Clone ${LIVE}` }).click();
  const form = page.getByRole('dialog', { name: 'Clone Session' });
  await expect(form.getByLabel('Session Name (optional)')).toHaveValue(`Clone of ${LIVE}`);
  await expect(form.getByLabel('Threshold', { exact: true })).toHaveValue('0.5');
  await form.getByLabel('Threshold', { exact: true }).fill('0.6');
  await shoot('05-clone-modal');
  await form.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(form).toBeHidden();
  const clone = page.getByRole('dialog', { name: `Clone of ${LIVE}` });
  await expect(clone).toBeVisible();
  await clone.getByRole('tab', { name: 'Parameters' }).click();
  await expect(clone.getByText(/Cloned from/)).toContainText(LIVE);
  await expect(clone.getByRole('row', { name: /threshold/ })).toContainText('0.6');
  await clone.getByRole('button', { name: 'Close' }).click();

  // the copy waits, created, on Running Sessions; delete it there after "Are you sure?"
  await dashboard.openSection('Running Sessions');
  const created = dashboard.card(`Clone of ${LIVE}`);
  await expect(created).toContainText('Not started');
  await created.getByRole('button', { name: `Delete Clone of ${LIVE}` }).click();
  await expect(created.getByRole('group', { name: 'Confirm' })).toContainText('Are you sure?');
  await created.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(created).toBeHidden();

  // and the original from History: Cancel keeps it, Yes deletes it
  await dashboard.openSection('History');
  await row.getByRole('button', { name: `Delete ${LIVE}` }).click();
  await row.getByRole('button', { name: 'Cancel' }).click();
  await expect(row.getByRole('button', { name: `Delete ${LIVE}` })).toBeFocused();
  await row.getByRole('button', { name: `Delete ${LIVE}` }).click();
  await row.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(row).toBeHidden();
  const gone = await page.request.post('/graphql', { data: { query: `{ sessions(filter: {search: "${LIVE}"}) { total } }` } });
  expect((await gone.json()).data.sessions.total).toBe(0);
});

test('a backtest runs to completion and shows its metrics, equity curve, trades and parameters', async ({ page, dashboard, shoot }) => {
  await page.goto('/running');
  const form = await dashboard.openCreateForm();
  await form.getByText('Backtest', { exact: true }).click();
  await expect(form.getByRole('radio', { name: /Backtest/ })).toBeChecked();
  await form.getByLabel('Strategy', { exact: true }).selectOption('TestBot');
  await form.getByLabel('Market', { exact: true }).selectOption('XBTUSD');
  // a short range keeps the run quick: one week of 1-minute candles
  const end = new Date();
  const start = new Date(end.getTime() - 7 * 86_400_000);
  await form.getByLabel('Start Date').fill(start.toISOString().slice(0, 10));
  await form.getByLabel('End Date').fill(end.toISOString().slice(0, 10));
  await form.getByLabel('Threshold', { exact: true }).fill('0.3');
  await form.getByLabel('Position size', { exact: true }).fill('10');
  await form.getByLabel('Session Name (optional)').fill(BACKTEST);
  await form.getByRole('button', { name: 'Create & Start' }).click();
  await expect(form).toBeHidden();

  await dashboard.openSection('History');
  const row = dashboard.historyRow(BACKTEST);
  await expect(row).toContainText('completed', { timeout: 60_000 });
  await row.getByRole('button', { name: `View ${BACKTEST}` }).click();
  const detail = page.getByRole('dialog', { name: BACKTEST });
  await expect(detail.getByText(/Completed ●/)).toBeVisible();
  await expect(detail.getByRole('img', { name: 'Equity curve' })).toBeVisible();
  await expect(detail.getByText('Total PnL').locator('..')).toContainText(/[+-]?\$[\d,]+\.\d\d/);
  await expect(detail.getByText(/Progress: [\d,]+ \/ [\d,]+ candles \(100%\)/)).toBeVisible();
  await shoot('06-detail-metrics-equity');

  await detail.getByRole('tab', { name: 'Trades' }).click();
  const trades = detail.getByRole('table');
  await expect(trades.getByRole('row').nth(1)).toContainText(/LONG|SHORT/);
  await expect(detail.getByText(/Showing 1-\d+ of [\d,]+/)).toBeVisible();
  await shoot('07-detail-trades');

  await detail.getByRole('tab', { name: 'Parameters' }).click();
  await expect(detail.getByRole('row', { name: /threshold/ })).toContainText('0.3');
  await expect(detail.getByText(/Range: \d{4}-\d\d-\d\d → \d{4}-\d\d-\d\d/)).toBeVisible();
  await shoot('09-detail-parameters');
  await detail.getByRole('button', { name: 'Close' }).click();
  await expect(detail).toBeHidden();
});

test('a scraper starts from the Scrapers tab, and View Data shows the market\'s archived candles', async ({ page, dashboard, shoot }) => {
  // A day of ETHUSD candles in the archive, imported through the CSV import the product offers
  // (a scraper only archives a candle once its minute has passed).
  const minute = 60;
  const end = Math.floor(Date.now() / 1000 / minute) * minute - 10 * minute;
  const rows = ['time,open,high,low,close,volume,trades'];
  let price = 2400;
  for (let i = 24 * 60; i > 0; i--) {
    const open = price;
    price = Math.max(100, open + Math.sin(i / 37) * 2.5 + Math.cos(i / 11) * 1.5);
    const high = Math.max(open, price) + 0.75;
    const low = Math.min(open, price) - 0.75;
    rows.push([end - i * minute, open.toFixed(2), high.toFixed(2), low.toFixed(2), price.toFixed(2), (50 + (i % 17) * 3).toFixed(1), 40 + (i % 9)].join(','));
  }
  const imported = await page.request.post('/markets/ETHUSD/candles', { data: rows.join('\n') + '\n', headers: { 'Content-Type': 'text/csv' } });
  expect(imported.status()).toBe(200);

  await page.goto('/scrapers');
  await dashboard.openSection('Scrapers');
  const market = page.getByRole('listitem', { name: 'ETHUSD', exact: true });
  await market.getByRole('button', { name: 'Start scraping ETHUSD' }).click();
  const active = page.getByRole('region', { name: /ACTIVE SCRAPERS/ }).getByRole('listitem');
  await expect(active).toHaveCount(1);
  await expect(active).toContainText('ETHUSD');
  await expect(market).toBeHidden();
  // its data points climb as ticks arrive
  const points = async () => Number(((await active.getByText(/^[\d,]+ data points$/).textContent()) ?? '').replace(/\D/g, ''));
  await expect.poll(points, { timeout: 20_000 }).toBeGreaterThan(2);
  await shoot('02-scrapers');

  await active.getByRole('button', { name: /View data of/ }).click();
  const data = page.getByRole('dialog', { name: 'ETHUSD market data' });
  await expect(data).toBeVisible();
  await expect(page).toHaveURL(/\/scrapers\?market=ETHUSD$/);
  await expect(data.getByText(/recording: [\d,]+ data points/)).toBeVisible();
  await expect(data.getByText('Candles archived').locator('..')).toContainText('1,440');
  await expect(data.getByRole('img', { name: 'ETHUSD candles and volume' })).toBeVisible();
  await expect(data.getByRole('table', { name: 'Latest candles' }).getByRole('row')).toHaveCount(16);
  await expect(data.getByText('Last data').locator('..')).toContainText(/1\dm \d+s ago/);
  // the export link gives the same candles back
  const csv = await page.request.get((await data.getByRole('link', { name: 'Download CSV' }).getAttribute('href')) ?? '');
  const exported = (await csv.text()).trim().split('\n');
  expect(exported[0]).toBe(rows[0]);
  expect(exported[1]?.split(',').map(Number)).toEqual(rows[1]?.split(',').map(Number));
  await shoot('10-market-data');

  // stopping the scraper archives its unfinished candle; the open panel shows it at once
  await data.getByRole('button', { name: 'Close' }).click();
  await active.getByRole('button', { name: /^Stop / }).click();
  await expect(active).toHaveCount(0);
  await market.getByRole('button', { name: 'View data of ETHUSD' }).click();
  await expect(data.getByText('No scraper is recording ETHUSD now.')).toBeVisible();
  // one unfinished candle, or two when the run crossed a minute
  await expect(data.getByText('Candles archived').locator('..')).toContainText(/1,44[12]/);
  await expect(data.getByText('Last data').locator('..')).toHaveText(/^Last data(\d+s|1m \d+s) ago$/);
});

test('GraphiQL runs a query against the live schema', async ({ page, shoot }) => {
  await page.goto('/graphiql');
  const editor = page.locator('.graphiql-query-editor');
  await expect(editor).toBeVisible();
  await expect(editor).toContainText('RunningSessions');
  await page.getByRole('button', { name: /Execute query/ }).click();
  await expect(page.locator('.graphiql-response')).toContainText('"sessions"');
  await expect(page.locator('.graphiql-response')).toContainText('"total"');
  await shoot('11-graphiql');
});

test('the dashboard is reachable by keyboard: the create form keeps Tab inside and Escape gives focus back', async ({ page }) => {
  await page.goto('/running');
  const opener = page.getByRole('button', { name: '+ New Session' });
  await opener.focus();
  await page.keyboard.press('Enter');
  const form = page.getByRole('dialog', { name: 'Create New Session' });
  await expect(form.getByLabel('Market', { exact: true })).toBeVisible();
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab');
    expect(await form.evaluate((dialog) => dialog.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Shift+Tab');
  expect(await form.evaluate((dialog) => dialog.contains(document.activeElement))).toBe(true);
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  await expect(opener).toBeFocused();
});
