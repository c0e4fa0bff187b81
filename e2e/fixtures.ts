/**
 * End-to-end setup: a fresh platform emulator per test (with the bot agent Online unless a test
 * says `test.use({ withBot: false })`), and the brand page that loads the built script-tag bundle
 * from its own origin, so the window calls the platform cross-origin as on a real site.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { createRequire } from 'node:module';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/server.js';
import { startBot, type Bot, type BotOptions } from '../emulator/bot/bot.js';
import { createRelay } from '../relay/handler.js';
import { relayMiddleware } from '../relay/node.js';
import { startStaticServer, type StaticSite } from './static-server.js';

export { expect };

export const ACCOUNT = '123456';

export interface Platform {
  emulator: Emulator;
  /** The brand page with the window wired to this emulator. */
  pageUrl: string;
  /** The page's query (account, csds, relay): `${site}/page2.html?${query}` is another page of the site. */
  query: URLSearchParams;
}

export const test = base.extend<
  {
    withBot: boolean;
    botOptions: Partial<BotOptions>;
    relayed: boolean;
    relayAccounts: string[];
    emulatorOptions: EmulatorOptions;
    expectedConsoleErrors: RegExp | undefined;
    platform: Platform;
  },
  { site: StaticSite }
>({
  withBot: [true, { option: true }],
  /** Bot timings (defaults: polls every 250 ms, types for 250 ms before each answer). */
  botOptions: [{}, { option: true }],
  /** Console errors a test provokes on purpose (the browser's own CORS errors, a configuration error). */
  expectedConsoleErrors: [undefined, { option: true }],
  /**
   * Whether the page reaches the platform as a brand should: through the first-party relay on its
   * own origin, with the emulator sending no CORS headers (as the real platform must be assumed to).
   */
  relayed: [false, { option: true }],
  /** The accounts the relay serves (with `relayed`): the page's own, unless a test adds others. */
  relayAccounts: [[ACCOUNT], { option: true }],
  /** More options for the emulator (faults, configuration). */
  emulatorOptions: [{}, { option: true }],
  site: [
    async ({}, use) => {
      const server = await startStaticServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  platform: async ({ withBot, botOptions, relayed, relayAccounts, emulatorOptions, site }, use) => {
    const emulator = await startEmulator({ port: 0, cors: relayed ? 'off' : 'open', ...emulatorOptions });
    let bot: Bot | undefined;
    if (withBot) {
      bot = await startBot({ csds: emulator.url, account: ACCOUNT, pollInterval: 250, typingDelay: 250, log: () => {}, ...botOptions });
    }
    const query = new URLSearchParams({ csds: emulator.url, account: ACCOUNT });
    if (relayed) {
      site.use(relayMiddleware(createRelay({ accounts: relayAccounts, csds: emulator.url })));
      query.set('relay', '/lp-relay');
    }
    await use({ emulator, pageUrl: `${site.url}/?${query}`, query });
    site.use(undefined);
    await bot?.stop();
    await emulator.close();
  },
  page: async ({ page, expectedConsoleErrors }, use) => {
    // A page error or a console error is a failed test, whatever else it asserts.
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && !expectedConsoleErrors?.test(text)) {
        problems.push(`console.error: ${text}`);
      }
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
