import { test, expect } from './fixtures.js';
import type { Chat, LineEvent } from '../emulator/state.js';

const visitorLines = (chat: Chat) =>
  chat.events.filter((e): e is LineEvent => e.type === 'line' && e.source === 'visitor').map((e) => e.text);

test.describe('through the first-party relay, against a platform without CORS', () => {
  test.use({ relayed: true });

  test('a whole chat: pre-chat survey, lines both ways, typing, exit survey, transcript, all same-origin', async ({ page, platform, site }) => {
    const { emulator } = platform;
    const origins = new Set<string>();
    page.on('request', (request) => void origins.add(new URL(request.url()).origin));
    const typing: string[] = [];
    await page.goto(platform.pageUrl);
    await page.getByRole('button', { name: /Chat/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Chat' });
    await dialog.getByLabel(/What would you like to chat about/).selectOption('Something else');
    await dialog.getByLabel(/Please tell us what it is about/).fill('A gift card');
    await dialog.getByLabel(/What is your name/).fill('Dana');
    await dialog.getByLabel(/Your e-mail address/).fill('dana@example.com');
    await dialog.getByRole('button', { name: 'Start chat' }).click();
    const log = dialog.getByRole('log');
    await expect(log.getByText(/Hi! I'm Alex/)).toBeVisible();

    const message = dialog.getByRole('textbox', { name: 'Message' });
    await message.pressSequentially('hello relay', { delay: 20 });
    await expect.poll(() => {
      const chat = [...emulator.state.chats.values()][0]!;
      typing.push(chat.visitorTyping);
      return chat.visitorTyping;
    }).toBe('typing');
    await message.press('Enter');
    await expect(log.getByText('You said: hello relay')).toBeVisible();
    await message.fill('bye');
    await message.press('Enter');
    await expect(dialog.getByText('The chat has ended.')).toBeVisible();

    await dialog.getByRole('radio', { name: 'Yes' }).check();
    await dialog.getByLabel(/If yes, please provide your email/).fill('dana@example.com');
    await dialog.getByRole('radio', { name: '4' }).check();
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.getByRole('textbox', { name: 'Email', exact: true }).fill('dana@example.com');
    await dialog.getByRole('button', { name: 'Send transcript' }).click();
    await expect(dialog.getByText('The transcript is on its way.')).toBeVisible();

    // The page called nothing but its own origin.
    expect([...origins]).toEqual([site.url]);
    const [chat] = [...emulator.state.chats.values()];
    expect(visitorLines(chat!)).toEqual(['hello relay', 'bye']);
    // The relay passed the visitor's browser and address on; the window said where the chat started.
    expect(chat!.request.userAgent).toContain('Chrome');
    expect(chat!.request.visitorIp).toBe('127.0.0.1');
    expect(chat!.request.chatReferrer).toBe(platform.pageUrl);
    expect(emulator.state.records.exitSurveys).toHaveLength(1);
    expect(emulator.state.records.transcripts.map((t) => t.email)).toEqual(['dana@example.com']);
    // And every call reached the emulator by way of the relay (no CORS preflight was ever needed).
    expect(emulator.state.records.requests.filter((r) => r.method === 'OPTIONS')).toEqual([]);
  });
});

test.describe('straight to a platform without CORS', () => {
  test.use({
    emulatorOptions: { cors: 'off' },
    // The browser reports the blocked calls, and the window says what to do about them.
    expectedConsoleErrors: /blocked by CORS policy|net::ERR_FAILED|<lp-chat-window>: .*relay attribute/,
  });

  test('a clear configuration error naming the relay attribute, and no chat ringing with nobody watching', async ({ page, platform }) => {
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    await page.goto(platform.pageUrl);
    await expect.poll(() => page.locator('lp-chat-window').evaluate((el) => (el as unknown as { status: string }).status)).toBe('error');
    await page.getByRole('button', { name: /Chat/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Chat' });
    await expect(dialog.getByRole('alert')).toHaveText('This chat window is not set up correctly.');
    await expect(dialog.getByRole('button', { name: 'Try again' })).toHaveCount(0);
    expect(errors.join('\n')).toMatch(/refused a cross-origin call from this page.*relay attribute/);
    expect(platform.emulator.state.chats.size).toBe(0);
  });
});
