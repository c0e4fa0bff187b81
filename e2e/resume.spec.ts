import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.js';
import type { Chat, LineEvent } from '../emulator/state.js';

const visitorLines = (chat: Chat) =>
  chat.events.filter((e): e is LineEvent => e.type === 'line' && e.source === 'visitor').map((e) => e.text);

test.use({ emulatorOptions: { config: { surveys: { preChat: null } } } });

/** Opens the window and waits for the bot's greeting. */
async function startChat(page: Page) {
  await page.getByRole('button', { name: /Chat/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Chat' });
  await expect(dialog.getByRole('log').getByText(/Hi! I'm Alex/)).toBeVisible();
  return dialog;
}

/** Sends a line and waits for the bot's echo. */
async function say(page: Page, text: string) {
  const dialog = page.getByRole('dialog', { name: 'Chat' });
  const message = dialog.getByRole('textbox', { name: 'Message' });
  await message.fill(text);
  await message.press('Enter');
  await expect(dialog.getByRole('log').getByText(`You said: ${text}`, { exact: true })).toBeVisible();
}

/** Every line of the log, as the visitor reads it (agent and visitor bubbles). */
const transcript = (page: Page) =>
  page.locator('lp-chat-window').evaluate((el) =>
    [...el.shadowRoot!.querySelectorAll('lp-chat-message [part=bubble]')].map((b) => b.textContent!.trim()),
  );

test('a reload picks the chat up at once: same transcript, polling from where it stopped, nothing twice', async ({ page, platform }) => {
  await page.goto(platform.pageUrl);
  await startChat(page);
  await say(page, 'before the reload');
  const before = await transcript(page);

  await page.reload();
  expect(await page.waitForFunction(() => (window as unknown as { firstRender?: unknown }).firstRender).then((h) => h.jsonValue())).toEqual({
    status: 'chatting',
    open: true,
  });
  const dialog = page.getByRole('dialog', { name: 'Chat' });
  await expect(dialog.getByRole('log').getByText('You said: before the reload')).toBeVisible();
  expect(await transcript(page)).toEqual(before);
  // A page that loads leaves focus where the page puts it; the message box is ready to type in.
  await expect(dialog.getByRole('textbox', { name: 'Message' })).toBeEnabled();

  await say(page, 'after the reload');
  const after = await transcript(page);
  expect(after.filter((t) => t === 'You said: before the reload')).toHaveLength(1);
  expect(after.filter((t) => t.startsWith("Hi! I'm Alex"))).toHaveLength(1);

  const chats = [...platform.emulator.state.chats.values()];
  expect(chats).toHaveLength(1);
  expect(visitorLines(chats[0]!)).toEqual(['before the reload', 'after the reload']);
  expect(platform.emulator.state.engagementSessions.size).toBe(1);
});

test('another page of the site carries the chat on, with the line the visitor had not sent; a minimised chat stays minimised', async ({
  page,
  platform,
  site,
}) => {
  await page.goto(platform.pageUrl);
  const dialog = await startChat(page);
  await say(page, 'on the first page');
  await dialog.getByRole('textbox', { name: 'Message' }).pressSequentially('and one more th');
  await page.getByRole('button', { name: 'Minimise chat' }).click();

  await page.goto(`${site.url}/page2.html?${platform.query}`);
  await expect(page.getByRole('heading', { name: 'Delivery and returns' })).toBeVisible();
  expect(await page.waitForFunction(() => (window as unknown as { firstRender?: unknown }).firstRender).then((h) => h.jsonValue())).toEqual({
    status: 'chatting',
    open: false,
  });
  await page.getByRole('button', { name: /Chat with us/ }).click();
  await expect(page.getByRole('dialog', { name: 'Chat' }).getByRole('textbox', { name: 'Message' })).toHaveValue('and one more th');
  await say(page, 'on the second page');
  expect((await transcript(page)).filter((t) => t === 'You said: on the first page')).toHaveLength(1);
  const [chat] = [...platform.emulator.state.chats.values()];
  expect(visitorLines(chat!)).toEqual(['on the first page', 'on the second page']);
});

test('a chat the agent ended while the visitor was away is shown ended, with its exit survey', async ({ page, platform }) => {
  await page.goto(platform.pageUrl);
  const dialog = await startChat(page);
  await say(page, 'one question');
  const message = dialog.getByRole('textbox', { name: 'Message' });
  await message.fill('bye');
  await message.press('Enter');
  // Away before the bot answers and ends the chat.
  await expect.poll(() => visitorLines([...platform.emulator.state.chats.values()][0]!)).toContain('bye');
  await page.goto('about:blank');
  await expect.poll(() => [...platform.emulator.state.chats.values()][0]!.state).toBe('ended');

  await page.goto(platform.pageUrl);
  await expect(dialog.getByText('The chat has ended.')).toBeVisible();
  await expect(dialog.getByRole('log').getByText('Goodbye!')).toBeVisible();
  await expect(dialog.getByRole('log').getByText('You said: one question')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Submit' })).toBeVisible();
});

test.describe('gone while away', () => {
  // The browser logs the platform's 404 for the vanished chat.
  test.use({ expectedConsoleErrors: /the server responded with a status of 404/ });

  test('a chat that vanished while the visitor was away is shown ended, transcript kept, with a new chat on offer', async ({
    page,
    platform,
  }) => {
    await page.goto(platform.pageUrl);
    const dialog = await startChat(page);
    await say(page, 'hello');
    await page.goto('about:blank');
    const [chat] = [...platform.emulator.state.chats.values()];
    const vanished = await fetch(`${platform.emulator.url}/_emulator/chats/${chat!.id}/vanish`, { method: 'POST' });
    expect(vanished.status).toBe(204);

    await page.goto(platform.pageUrl);
    await expect(dialog.getByText('The chat has ended.')).toBeVisible();
    await expect(dialog.getByRole('log').getByText('You said: hello')).toBeVisible();
    await expect(dialog.getByRole('alert')).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Start a new chat' }).click();
    await expect(dialog.getByRole('log').getByText(/Hi! I'm Alex/)).toBeVisible();
    expect(platform.emulator.state.chats.size).toBe(1);
  });
});

test('a corrupt kept chat is dropped with a warning and the window starts afresh', async ({ page, platform }) => {
  const warnings: string[] = [];
  page.on('console', (m) => void (m.type() === 'warning' && warnings.push(m.text())));
  // Written before any script of the page runs, once.
  await page.addInitScript(() => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    sessionStorage.setItem('lp-chat-window:123456', '{"v":1,"account":"123456","snapshot":[1,');
  });
  await page.goto(platform.pageUrl);
  await expect(page.getByRole('button', { name: /Chat with us/ })).toBeVisible();
  expect(warnings.join('\n')).toContain('discarded the stored chat of account 123456 (not JSON)');
  await startChat(page);
});
