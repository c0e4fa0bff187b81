import { test, expect, axeViolations } from './fixtures.js';
import { addLine } from '../emulator/chats.js';
import type { Chat } from '../emulator/state.js';

/** An agent line from Alex (the bot's nickname) at `at`, as the platform would add it. */
const agentLine = (chat: Chat, text: string, at = Date.now()) =>
  addLine(chat, { text, textType: 'plain', source: 'agent', by: 'Alex', subType: 'REGULAR' }, at);

test('lines show who and when once per group, the agent as initials; a minimised window counts unread lines in the title', async ({ page, platform }) => {
  await platform.emulator.updateConfig({ surveys: { preChat: null } });
  const url = new URL(platform.pageUrl);
  url.searchParams.set('notify-title', '');
  await page.goto(url.href);
  await expect(page).toHaveTitle('Brand page');
  await page.getByRole('button', { name: /Chat/ }).click();
  const dialog = page.getByRole('dialog');
  const log = dialog.getByRole('log');
  const line = (text: string) => log.locator('lp-chat-message', { hasText: text });

  // The bot's greeting starts a group: Alex's initials, name and the time, machine-readable too.
  const greeting = line("Hi! I'm Alex");
  await expect(greeting).toBeVisible();
  await expect(greeting.locator('[part=avatar]')).toHaveText('A');
  // Seen, not read: screen readers hear the name.
  await expect(greeting.locator('[aria-hidden=true] [part=avatar]')).toHaveCount(1);
  const time = greeting.locator('time[part=time]');
  await expect(time).toHaveText(/^\d{1,2}:\d{2}/);
  const [chat] = [...platform.emulator.state.chats.values()];
  const greeted = chat!.events.find((e) => e.type === 'line' && e.source === 'agent')!;
  expect(Date.parse((await time.getAttribute('datetime'))!)).toBe(Date.parse(greeted.time));

  // The bot answers the visitor; two more lines from Alex within a minute join that group: named and timed once.
  const message = dialog.getByRole('textbox', { name: 'Message' });
  await message.fill('hello');
  await message.press('Enter');
  await expect(line('You said: hello')).toBeVisible();
  agentLine(chat!, 'First of two');
  agentLine(chat!, 'Second of two');
  await expect(line('Second of two')).toBeVisible();
  await expect(line('You said: hello').locator('[part=avatar]')).toHaveCount(1);
  await expect(line('First of two').locator('[part=avatar], [part=time]')).toHaveCount(0);
  await expect(line('Second of two').locator('[part=avatar], [part=time]')).toHaveCount(0);
  // Screen readers still hear who said it.
  expect(await line('Second of two').ariaSnapshot()).toContain('Alex');
  await expect(line('Second of two').getByText('Alex')).toHaveClass('vh');

  // Ten minutes later: a new group.
  agentLine(chat!, 'Still there?', Date.now() + 10 * 60_000);
  await expect(line('Still there?').locator('[part=avatar]')).toHaveText('A');
  await expect(line('Still there?').locator('[part=time]')).toHaveText(/^\d{1,2}:\d{2}/);

  // Tomorrow: the date above the line.
  const tomorrow = Date.now() + 24 * 3600_000;
  agentLine(chat!, 'Good morning', tomorrow);
  const day = line('Good morning').locator('.message__day time');
  await expect(day).toHaveText(new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(tomorrow));

  expect(await axeViolations(page)).toEqual([]);

  // Minimised: the unread lines count in the page's title, which is the page's again on opening.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  agentLine(chat!, 'One while away', tomorrow);
  await expect(page).toHaveTitle('(1) Brand page');
  agentLine(chat!, 'Two while away', tomorrow);
  await expect(page).toHaveTitle('(2) Brand page');
  await page.getByRole('button', { name: /Chat/ }).click();
  await expect(line('Two while away')).toBeVisible();
  await expect(page).toHaveTitle('Brand page');
});

test('the title is left alone by default', async ({ page, platform }) => {
  await platform.emulator.updateConfig({ surveys: { preChat: null } });
  await page.goto(platform.pageUrl);
  await page.getByRole('button', { name: /Chat/ }).click();
  const log = page.getByRole('dialog').getByRole('log');
  await expect(log.getByText(/Hi! I'm Alex/)).toBeVisible();
  await page.keyboard.press('Escape');
  const [chat] = [...platform.emulator.state.chats.values()];
  agentLine(chat!, 'While away');
  await expect(page.getByRole('button', { name: /1 unread message/ })).toBeVisible();
  await expect(page).toHaveTitle('Brand page');
});
