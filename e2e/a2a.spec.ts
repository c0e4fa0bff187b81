/**
 * Account-to-account transfer, end to end: a visitor chats with the bot on the page's account, the
 * control API transfers the chat to another account served by the same emulator, where a second bot
 * (another agent, another skill) answers; the window carries on there. Directly, and through the
 * first-party relay when it serves both accounts; refused clearly when it serves only the first.
 */
import type { Page } from '@playwright/test';
import { startBot, type Bot } from '../emulator/bot/bot.js';
import type { Emulator } from '../emulator/server.js';
import type { Chat, LineEvent } from '../emulator/state.js';
import { call } from '../test/emulator/fixtures.js';
import { ACCOUNT, expect, test, type Platform } from './fixtures.js';

const TARGET = '654321';
const TRANSFER_LINE = 'Your chat is being transferred. Please wait.';
const ROUTING = 'Thank you for choosing to chat with us. An agent will be with you shortly.';
const greeting = (name: string) => `Hi! I'm ${name}, a bot. Type "help" to see what I can do.`;

test.use({
  emulatorOptions: {
    config: {
      skills: [
        { id: '1', name: 'Sales' },
        { id: '2', name: 'Billing' },
      ],
      agents: [
        { id: '3705342610', loginName: 'agent', password: 'agent', nickname: 'Alex', skills: ['Sales'], maxChats: 4 },
        { id: '3705342611', loginName: 'billing', password: 'billing', nickname: 'Sam', skills: ['Billing'], maxChats: 4 },
      ],
    },
  },
});

const visitorLines = (chat: Chat) =>
  chat.events.filter((e): e is LineEvent => e.type === 'line' && e.source === 'visitor').map((e) => e.text);

/** The bot of the target account (Sam, skill Billing), for the length of `run`. */
async function withTargetBot(emulator: Emulator, run: () => Promise<void>): Promise<void> {
  const bot: Bot = await startBot({ csds: emulator.url, account: TARGET, username: 'billing', password: 'billing', pollInterval: 250, typingDelay: 250, log: () => {} });
  try {
    await run();
  } finally {
    await bot.stop();
  }
}

/** Opens the window, answers the pre-chat survey and exchanges a line with Alex on the page's account. */
async function chatWithAlex(page: Page, platform: Platform) {
  await page.goto(platform.pageUrl);
  await page.locator('lp-chat-window').evaluate((el) => {
    const errors: unknown[] = ((window as unknown as { lpErrors: unknown[] }).lpErrors = []);
    el.addEventListener('lp-error', (e) => errors.push((e as CustomEvent).detail));
  });
  await page.getByRole('button', { name: /Chat/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Chat' });
  await dialog.getByLabel(/What would you like to chat about/).selectOption('Something else');
  await dialog.getByLabel(/Please tell us what it is about/).fill('An invoice');
  await dialog.getByLabel(/What is your name/).fill('Dana');
  await dialog.getByLabel(/Your e-mail address/).fill('dana@example.com');
  await dialog.getByRole('button', { name: 'Start chat' }).click();
  const log = dialog.getByRole('log');
  await expect(log.getByText(greeting('Alex'))).toBeVisible();
  const message = dialog.getByRole('textbox', { name: 'Message' });
  await message.fill('I have a question about my invoice');
  await message.press('Enter');
  await expect(log.getByText('You said: I have a question about my invoice')).toBeVisible();
  const [source] = [...platform.emulator.state.chats.values()];
  return { dialog, log, message, source: source! };
}

/** What the control API does for the agent: transfer the chat to TARGET, skill Billing, on this emulator. */
async function transfer(emulator: Emulator, chat: Chat) {
  const answer = await call(`${emulator.url}/_emulator/chats/${chat.id}/a2a-transfer`, {
    body: { domain: new URL(emulator.url).host, skill: 'Billing', remoteSiteId: TARGET },
  });
  expect(answer.status).toBe(201);
  return answer.body.event;
}

/** Every line of the log, as the visitor reads it. */
const bubbles = (page: Page) =>
  page.locator('lp-chat-window').evaluate((el) =>
    [...el.shadowRoot!.querySelectorAll('lp-chat-message [part=bubble]')].map((b) => b.textContent!.trim()),
  );

/** A chat transferred to TARGET: both sides' lines before and after, each shown once, in order. */
async function transferredChat(page: Page, platform: Platform) {
  const { emulator } = platform;
  await withTargetBot(emulator, async () => {
    const { dialog, log, message, source } = await chatWithAlex(page, platform);
    const event = await transfer(emulator, source);

    await expect(log.getByText(TRANSFER_LINE)).toBeVisible();
    await expect(log.getByText(greeting('Sam'))).toBeVisible();
    await expect(dialog.getByText('Chatting with Sam', { exact: true })).toBeVisible();
    await message.fill('The invoice number is 42');
    await message.press('Enter');
    await expect(log.getByText('You said: The invoice number is 42')).toBeVisible();
    await expect(log.getByText(/Sending…|Not sent|Waiting to send/)).toHaveCount(0);

    expect(await bubbles(page)).toEqual([
      ROUTING,
      'You are now chatting with Alex.',
      greeting('Alex'),
      'I have a question about my invoice',
      'You said: I have a question about my invoice',
      TRANSFER_LINE,
      ROUTING,
      'You are now chatting with Sam.',
      greeting('Sam'),
      'The invoice number is 42',
      'You said: The invoice number is 42',
    ]);

    // The platform: the chat left behind ended for its account, the new one on TARGET carries the
    // transfer's parameters and what the window always sends; each line reached one chat once.
    const chats = [...emulator.state.chats.values()];
    expect(chats.map((c) => [c.account, c.state])).toEqual([
      [ACCOUNT, 'ended'],
      [TARGET, 'chatting'],
    ]);
    const [left, taken] = chats as [Chat, Chat];
    expect(left.endedBy).toBe('transfer');
    expect(taken.skillName).toBe('Billing');
    expect(taken.request).toMatchObject({
      a2aEventId: String(event.chatRequestParameters.a2aEventId),
      a2aSourceSessionId: String(left.rtSessionId),
      a2aSourceSiteId: ACCOUNT,
      chatReferrer: platform.pageUrl,
      userAgent: expect.stringContaining('Chrome'),
      interactionTimeout: 40,
      survey: left.request.survey,
    });
    expect((taken.request.body as { request: Record<string, unknown> }).request).toMatchObject(event.chatRequestParameters);
    expect(visitorLines(left)).toEqual(['I have a question about my invoice']);
    expect(visitorLines(taken)).toEqual(['The invoice number is 42']);
    // The wait was estimated for each chat where it waited: on its account, for its skill.
    const estimates = emulator.state.records.requests
      .filter((r) => r.route === 'consumer.estimatedWaitTime')
      .map((r) => {
        const url = new URL(r.url, emulator.url);
        return [url.pathname.split('/')[3], url.searchParams.get('skill')];
      });
    expect(estimates).toEqual([
      [ACCOUNT, 'Sales'],
      [TARGET, 'Billing'],
    ]);
    expect(await page.evaluate(() => (window as unknown as { lpErrors: unknown[] }).lpErrors)).toEqual([]);

    // A reload resumes the new chat, transcript and all.
    const transcript = await bubbles(page);
    await page.reload();
    await expect(page.getByRole('dialog', { name: 'Chat' }).getByText('Chatting with Sam', { exact: true })).toBeVisible();
    expect(await bubbles(page)).toEqual(transcript);
    await page.getByRole('textbox', { name: 'Message' }).fill('bye');
    await page.getByRole('textbox', { name: 'Message' }).press('Enter');
    await expect(page.getByRole('dialog', { name: 'Chat' }).getByText('The chat has ended.')).toBeVisible();
    expect(visitorLines(taken)).toEqual(['The invoice number is 42', 'bye']);
    expect(emulator.state.chats.size).toBe(2);
  });
}

test('the window carries a transferred chat over to the target account, transcript kept', async ({ page, platform }) => {
  await transferredChat(page, platform);
});

test.describe('through the first-party relay', () => {
  test.use({ relayed: true, relayAccounts: [ACCOUNT, TARGET] });

  test('serving both accounts: the same, and every call stays on the page’s origin', async ({ page, platform, site }) => {
    const origins = new Set<string>();
    page.on('request', (request) => void origins.add(new URL(request.url()).origin));
    await transferredChat(page, platform);
    expect([...origins]).toEqual([site.url]);
  });
});

test.describe('through a relay that serves only the page’s account', () => {
  test.use({
    relayed: true,
    // The browser reports the refused call, and the window says what is wrong.
    expectedConsoleErrors: /status of 403|<lp-chat-window>: Transfer refused: This relay does not serve account 654321/,
  });

  test('the transfer is refused: a clear error, no chat started, nothing polled behind it', async ({ page, platform }) => {
    const { emulator } = platform;
    await withTargetBot(emulator, async () => {
      const { dialog, source } = await chatWithAlex(page, platform);
      await transfer(emulator, source);
      await expect(dialog.getByRole('alert')).toHaveText('This chat window is not set up correctly.');
      await expect(dialog.getByRole('button', { name: 'Try again' })).toHaveCount(0);
      await expect.poll(() => page.locator('lp-chat-window').evaluate((el) => (el as unknown as { status: string }).status)).toBe('error');
      expect(await page.evaluate(() => (window as unknown as { lpErrors: unknown[] }).lpErrors)).toEqual([
        { code: 'config', message: 'Transfer refused: This relay does not serve account 654321', retryable: false, during: 'transfer' },
      ]);
      // Nothing reached the target account, and the window stopped reading the chat left behind.
      expect([...emulator.state.chats.values()].map((c) => c.account)).toEqual([ACCOUNT]);
      const polls = () => emulator.state.records.requests.filter((r) => r.route === 'consumer.chat').length;
      const before = polls();
      await page.waitForTimeout(3000);
      expect(polls()).toBe(before);
    });
  });
});
