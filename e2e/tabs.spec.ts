import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.js';
import type { Chat, LineEvent } from '../emulator/state.js';

const visitorLines = (chat: Chat) =>
  chat.events.filter((e): e is LineEvent => e.type === 'line' && e.source === 'visitor').map((e) => e.text);

test.use({
  emulatorOptions: { config: { surveys: { preChat: null } } },
  // A tab that closes mid-request leaves the browser's own note behind.
  expectedConsoleErrors: /Failed to load resource|net::ERR_/,
});

/** Sends a line from `page` and waits for the bot's echo there. */
async function say(page: Page, text: string) {
  const dialog = page.getByRole('dialog', { name: 'Chat' });
  const box = dialog.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
  await expect(dialog.getByRole('log').getByText(`You said: ${text}`, { exact: true })).toBeVisible();
}

/** Counts the reads of the chat resource a page makes (its polling). */
function countPolls(page: Page) {
  const counter = { polls: 0 };
  page.on('request', (r) => {
    if (r.method() === 'GET' && /\/chat\/H[^/?]*(\.json)?\?/.test(r.url())) counter.polls++;
  });
  return counter;
}

test('two tabs show one chat: one polls, lines from both go through one outbox, and the other takes over when it closes', async ({
  page,
  context,
  platform,
}) => {
  const first = countPolls(page);
  await page.goto(platform.pageUrl);
  await page.getByRole('button', { name: /Chat/ }).click();
  await expect(page.getByRole('dialog').getByRole('log').getByText(/Hi! I'm Alex/)).toBeVisible();
  await say(page, 'from the first tab');

  // A second tab of the site (its own sessionStorage): it mirrors the same chat at once.
  const other = await context.newPage();
  const second = countPolls(other);
  await other.goto(platform.pageUrl);
  const otherDialog = other.getByRole('dialog', { name: 'Chat' });
  await expect(other.getByRole('button', { name: /Chat with us/ })).toBeVisible();
  await other.getByRole('button', { name: /Chat with us/ }).click();
  await expect(otherDialog.getByRole('log').getByText('You said: from the first tab')).toBeVisible();

  await say(other, 'from the second tab');
  await expect(page.getByRole('dialog').getByRole('log').getByText('You said: from the second tab')).toBeVisible();
  await say(page, 'first again');
  await expect(otherDialog.getByRole('log').getByText('You said: first again')).toBeVisible();
  expect(second.polls).toBe(0);
  expect(first.polls).toBeGreaterThan(0);

  // The polling tab goes: the other one takes over within 2 s, missing and repeating nothing.
  await page.close();
  await expect.poll(() => second.polls, { timeout: 2000 }).toBeGreaterThan(0);
  await say(other, 'after the handover');
  const shown = await other.locator('lp-chat-window').evaluate((el) =>
    [...el.shadowRoot!.querySelectorAll('lp-chat-message [part=bubble]')].map((b) => b.textContent!.trim()),
  );
  for (const text of ['from the first tab', 'from the second tab', 'first again', 'after the handover']) {
    expect(shown.filter((t) => t === text), text).toHaveLength(1);
    expect(shown.filter((t) => t === `You said: ${text}`), text).toHaveLength(1);
  }
  const [chat] = [...platform.emulator.state.chats.values()];
  expect(visitorLines(chat!)).toEqual(['from the first tab', 'from the second tab', 'first again', 'after the handover']);
  expect(platform.emulator.state.chats.size).toBe(1);
  await other.close();
});

test('each tab opens and minimises its own window', async ({ page, context, platform }) => {
  await page.goto(platform.pageUrl);
  await page.getByRole('button', { name: /Chat/ }).click();
  await expect(page.getByRole('dialog').getByRole('log').getByText(/Hi! I'm Alex/)).toBeVisible();
  const other = await context.newPage();
  await other.goto(platform.pageUrl);
  await expect(other.getByRole('button', { name: /Chat with us/ })).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByRole('dialog')).toBeVisible();
  await other.getByRole('button', { name: /Chat with us/ }).click();
  await expect(other.getByRole('dialog')).toBeVisible();
  await other.getByRole('button', { name: 'Minimise chat' }).click();
  await expect(other.getByRole('dialog')).toBeHidden();
  await expect(page.getByRole('dialog')).toBeVisible();
  await other.close();
});
