/**
 * The theme playground (demo/playground.html), served by Vite as `npm start` serves it, with the
 * first-party relay in front of each test's emulator. Controls change the live window through its
 * public tokens and parts only, and the CSS shown is the CSS applied.
 */
import type { Page } from '@playwright/test';
import { startDevServer } from './dev-server.js';
import { createRelay, type RelayHandler } from '../relay/handler.js';
import { relayMiddleware } from '../relay/node.js';
import { ACCOUNT, axeViolations, expect, test as base } from './fixtures.js';

const test = base.extend<{ playground: Page }, { server: { url: string; relay: { handler?: RelayHandler } } }>({
  server: [
    async ({}, use) => {
      const relay: { handler?: RelayHandler } = {};
      const server = await startDevServer('demo/playground.html', (req, res, next) =>
        relay.handler ? relayMiddleware(relay.handler)(req, res, next) : next(),
      );
      await use({ url: server.url, relay });
      await server.close();
    },
    { scope: 'worker' },
  ],
  playground: async ({ page, server, platform }, use) => {
    server.relay.handler = createRelay({ accounts: [ACCOUNT], csds: platform.emulator.url });
    await page.goto(`${server.url}/demo/playground.html`);
    await expect(page.getByRole('dialog', { name: 'Chat' })).toBeVisible();
    await use(page);
    server.relay.handler = undefined;
  },
});

test.use({ relayed: true });

/** A computed style of one of the window's parts. */
const styleOf = (page: Page, part: string, property: string) =>
  page.locator('lp-chat-window').evaluate((el, [p, prop]) => getComputedStyle(el.shadowRoot!.querySelector(`[part~=${p}]`)!).getPropertyValue(prop!), [part, property]);

test('controls restyle the live window through its tokens, and the CSS shown is what applies', async ({ playground: page }) => {
  const css = page.locator('#css');
  await expect(css).toHaveText('/* The built-in defaults: nothing to add. */');

  await page.getByLabel('Brand', { exact: true }).fill('#aa3300');
  await page.getByLabel('Window corners').fill('4');
  await page.getByLabel('Font').selectOption({ label: 'Serif' });
  await expect(css).toContainText('--lp-color-primary: #aa3300;');
  await expect(css).toContainText('--lp-radius-l: 4px;');
  await expect(css).toContainText("--lp-font-family: Georgia, 'Times New Roman', serif;");
  expect(await styleOf(page, 'launcher', 'background-color')).toBe('rgb(170, 51, 0)');
  expect(await styleOf(page, 'window', 'border-top-left-radius')).toBe('4px');
  expect(await styleOf(page, 'title', 'font-family')).toContain('Georgia');

  // The other side: the launcher and the window move to the left edge, by ::part() alone.
  await page.getByLabel('Side').selectOption('start');
  await expect(css).toContainText('lp-chat-window::part(launcher)');
  const box = await page.locator('lp-chat-window').evaluate((el) => el.shadowRoot!.querySelector('[part=launcher]')!.getBoundingClientRect().left);
  expect(box).toBe(20);

  // The dark preset sets every colour; Reset goes back to the defaults.
  await page.getByLabel('Dark').check();
  await expect(css).toContainText('--lp-color-surface: #1c1f24;');
  expect(await styleOf(page, 'window', 'background-color')).toBe('rgb(28, 31, 36)');
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(css).toHaveText('/* The built-in defaults: nothing to add. */');
  expect(await styleOf(page, 'launcher', 'background-color')).toBe('rgb(36, 87, 214)');
  // axe-clean on a page with its own banner: the window's title bar is no second one.
  expect(await axeViolations(page)).toEqual([]);
});

test('Copy puts the CSS on the clipboard', async ({ playground: page, context, server }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await page.getByLabel('Width').fill('420');
  await page.getByRole('button', { name: 'Copy CSS' }).click();
  await expect(page.locator('#copied')).toHaveText('Copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('lp-chat-window {\n  --lp-chat-width: 420px;\n}\n');
});

test('Language previews the theme in another language: Hebrew mirrors, and the side follows', async ({ playground: page }) => {
  const edges = () =>
    page.locator('lp-chat-window').evaluate((el) => {
      const box = el.shadowRoot!.querySelector('[part=window]')!.getBoundingClientRect();
      return [box.left, innerWidth - box.right];
    });
  await page.getByLabel('Language').selectOption('he');
  await expect(page.getByRole('dialog', { name: 'צ׳אט' })).toBeVisible();
  expect((await edges())[0]).toBe(20);
  await page.getByLabel('Side').selectOption('start');
  expect((await edges())[1]).toBe(20);
  // The language is no theme: the CSS has the side alone.
  await expect(page.locator('#css')).not.toContainText('lang');
  expect(await axeViolations(page)).toEqual([]);
});
