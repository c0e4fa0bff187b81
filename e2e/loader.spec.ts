import type { Route } from '@playwright/test';
import { test, expect } from './fixtures.js';

const CONVERSATION = /\/dist\/lp-chat-window-conversation\.js(\?retry=\d+)?$/;

test.use({ emulatorOptions: { config: { surveys: { preChat: null } } } });

test('the launcher paints and works before the conversation has loaded; the chat starts once it has', async ({ page, platform }) => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const scripts: string[] = [];
  page.on('request', (r) => void (r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname)));
  await page.route(CONVERSATION, async (route: Route) => {
    await held;
    await route.continue();
  });
  await page.goto(platform.pageUrl);

  // The first stage alone: the launcher, named, and no request to the platform yet.
  const launcher = page.getByRole('button', { name: 'Chat with us' });
  await expect(launcher).toBeVisible();
  expect(await page.locator('lp-chat-window').evaluate((el) => (el as HTMLElement & { status: string }).status)).toBe('loading');
  const fromTheWindow = platform.emulator.state.records.requests.filter((r) => /^(consumer|engagement)\./.test(r.route));
  expect(fromTheWindow).toEqual([]);

  // The visitor clicks before the rest is there: the window opens at once, says so, and takes focus.
  await launcher.click();
  const dialog = page.getByRole('dialog', { name: 'Chat' });
  await expect(dialog.getByRole('status')).toHaveText('Loading…');
  await expect(dialog.getByRole('button', { name: 'Minimise chat' })).toBeFocused();

  release();
  await expect(dialog.getByRole('log').getByText(/Hi! I'm Alex/)).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: 'Message' })).toBeFocused();
  // Loaded once, and after the first stage.
  expect(scripts.filter((s) => CONVERSATION.test(s))).toHaveLength(1);
  expect(scripts[scripts.length - 1]).toMatch(CONVERSATION);
});

test.describe('when the conversation cannot be loaded', () => {
  test.use({ expectedConsoleErrors: /conversation could not be loaded|Failed to load resource|Failed to fetch dynamically imported module/ });

  test('the window says so, and Try again loads it', async ({ page, platform }) => {
    let failing = true;
    const attempts: string[] = [];
    await page.route(CONVERSATION, (route: Route) => {
      attempts.push(failing ? 'fail' : 'ok');
      return failing ? route.abort('connectionreset') : route.continue();
    });

    await page.goto(platform.pageUrl);
    await page.getByRole('button', { name: 'Chat with us' }).click();
    const dialog = page.getByRole('dialog', { name: 'Chat' });
    await expect(dialog.getByRole('alert')).toContainText(/connection/i);

    failing = false;
    await dialog.getByRole('button', { name: 'Try again' }).click();
    await expect(dialog.getByRole('log').getByText(/Hi! I'm Alex/)).toBeVisible();
    // Asked for again (under a new address: the browser keeps a failed module load for good).
    expect(attempts.at(-1)).toBe('ok');
  });
});
