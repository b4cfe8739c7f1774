import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { join } from 'node:path';
import { screenshotDir } from './global-setup';

interface Fixtures {
  /** Console errors and uncaught exceptions of every page the test opened. */
  consoleErrors: string[];
  /** Fails the test when any page logged a console error (automatic). */
  noConsoleErrors: void;
  /** A second browser tab of its own (own context, own socket), watched for console errors too. */
  secondTab: Page;
  /** Saves a full-window screenshot of the page as target/e2e-screenshots/<name>.png. */
  shoot: (name: string, page?: Page) => Promise<void>;
  /** The dashboard's main actions. */
  dashboard: Dashboard;
}

function watch(page: Page, errors: string[]) {
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${page.url()}: console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`${page.url()}: uncaught: ${error.message}`));
}

export class Dashboard {
  constructor(private readonly page: Page) {}

  /** A session's card in a list (running sessions, scrapers). */
  card(name: string): Locator {
    return this.page.getByRole('listitem', { name, exact: true });
  }

  /** A session's row in the History table. */
  historyRow(name: string): Locator {
    return this.page.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }

  async openSection(label: 'Running Sessions' | 'Scrapers' | 'History') {
    await this.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: label }).click();
    await expect(this.page.getByRole('heading', { level: 1 })).toHaveText(label === 'Running Sessions' ? /Running Sessions/ : label);
  }

  /** Opens + New Session and waits until the form is ready. */
  async openCreateForm(): Promise<Locator> {
    await this.page.getByRole('button', { name: '+ New Session' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Create New Session' });
    await expect(dialog.getByLabel('Market', { exact: true })).toBeVisible();
    return dialog;
  }
}

export const test = base.extend<Fixtures>({
  consoleErrors: async ({}, use) => {
    await use([]);
  },
  noConsoleErrors: [
    async ({ consoleErrors }, use) => {
      await use();
      expect(consoleErrors, 'the browser logged errors').toEqual([]);
    },
    { auto: true },
  ],
  page: async ({ page, consoleErrors }, use) => {
    watch(page, consoleErrors);
    await use(page);
  },
  secondTab: async ({ browser, consoleErrors }, use) => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    watch(tab, consoleErrors);
    await use(tab);
    await context.close();
  },
  shoot: async ({ page }, use) => {
    await use(async (name, target = page) => {
      // let charts and fonts settle
      await target.waitForTimeout(400);
      await target.screenshot({ path: join(screenshotDir, `${name}.png`) });
    });
  },
  dashboard: async ({ page }, use) => {
    await use(new Dashboard(page));
  },
});

export { expect };
