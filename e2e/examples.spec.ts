import { test, expect } from './fixtures.js';
import { buildExamples, EXAMPLES } from '../scripts/build-examples.js';
import type { Chat, LineEvent } from '../emulator/state.js';

// The example apps (examples/<name>/), built against the package as an npm user builds them, on
// the brand's origin with the relay mounted, against a platform that sends no CORS headers.
test.use({ relayed: true, emulatorOptions: { config: { surveys: { preChat: null } } } });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await buildExamples();
});

const lines = (chat: Chat, source: LineEvent['source']) =>
  chat.events.filter((e): e is LineEvent => e.type === 'line' && e.source === source).map((e) => e.text);

for (const name of EXAMPLES) {
  test(`${name}: the app's button opens the window, the visitor chats with the bot, the app's own handlers follow`, async ({ page, platform, site }) => {
    const origins = new Set<string>();
    page.on('request', (request) => void origins.add(new URL(request.url()).origin));
    await page.goto(`${site.url}/examples/${name}/`);

    // What the app renders from the element's events (lp-status-change, lp-message), not the window.
    const activity = page.getByRole('region', { name: 'Chat activity' });
    await expect(activity.getByText('Chat: available', { exact: true })).toBeVisible();
    await expect(activity.getByText('Replies: 0', { exact: true })).toBeVisible();
    const dialog = page.getByRole('dialog', { name: 'Chat' });
    await expect(dialog).toBeHidden();

    // The app's own button calls open() through the framework's reference to the element.
    await page.getByRole('button', { name: 'Ask about your order' }).click();
    await expect(dialog).toBeVisible();
    const log = dialog.getByRole('log');
    await expect(log.getByText(/Hi! I'm Alex/)).toBeVisible();
    await expect(activity.getByText('Chat: chatting', { exact: true })).toBeVisible();

    const message = dialog.getByRole('textbox', { name: 'Message' });
    await message.fill(`hello from ${name}`);
    await message.press('Enter');
    await expect(log.getByText(`You said: hello from ${name}`)).toBeVisible();
    await expect(activity.getByText(`Last reply: You said: hello from ${name}`, { exact: true })).toBeVisible();

    // One lp-message per agent and system line the platform has for the chat, each counted once.
    const [chat] = [...platform.emulator.state.chats.values()];
    expect(lines(chat!, 'visitor')).toEqual([`hello from ${name}`]);
    const replies = [...lines(chat!, 'agent'), ...lines(chat!, 'system')].length;
    expect(replies).toBeGreaterThanOrEqual(2);
    await expect(activity.getByText(`Replies: ${replies}`, { exact: true })).toBeVisible();

    // The app and the chat called nothing but the brand's own origin.
    expect([...origins]).toEqual([site.url]);
  });
}
