/**
 * End-to-end setup: a fresh platform emulator per test (with the bot agent Online unless a test
 * says `test.use({ withBot: false })`), and the brand page that loads the built script-tag bundle
 * from its own origin, so the window calls the platform cross-origin as on a real site.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { createRequire } from 'node:module';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { startBot, type Bot } from '../emulator/bot/bot.js';
import { startStaticServer } from './static-server.js';

export { expect };

export const ACCOUNT = '123456';

export interface Platform {
  emulator: Emulator;
  /** The brand page with the window wired to this emulator. */
  pageUrl: string;
}

export const test = base.extend<{ withBot: boolean; platform: Platform }, { site: { url: string } }>({
  withBot: [true, { option: true }],
  site: [
    async ({}, use) => {
      const server = await startStaticServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  platform: async ({ withBot, site }, use) => {
    const emulator = await startEmulator({ port: 0 });
    let bot: Bot | undefined;
    if (withBot) {
      bot = await startBot({ csds: emulator.url, account: ACCOUNT, pollInterval: 250, typingDelay: 250, log: () => {} });
    }
    const query = new URLSearchParams({ csds: emulator.url, account: ACCOUNT });
    await use({ emulator, pageUrl: `${site.url}/?${query}` });
    await bot?.stop();
    await emulator.close();
  },
  page: async ({ page }, use) => {
    // A page error or a console error is a failed test, whatever else it asserts.
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
    });
    page.on('dialog', (dialog) => {
      problems.push(`a ${dialog.type()} dialog opened: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await use(page);
    expect(problems).toEqual([]);
  },
});

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Runs axe-core on the whole page (shadow roots included) and returns the violations. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
}
