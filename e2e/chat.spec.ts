import { test, expect, axeViolations, ACCOUNT } from './fixtures.js';
import { onlineAgent } from '../test/emulator/fixtures.js';
import type { Chat, LineEvent } from '../emulator/state.js';

const visitorLines = (chat: Chat) =>
  chat.events.filter((e): e is LineEvent => e.type === 'line' && e.source === 'visitor').map((e) => e.text);

test('a visitor chats with the bot: pre-chat survey, lines, html link, agent ends, exit survey, transcript', async ({
  page,
  platform,
}) => {
  const { emulator } = platform;
  await page.goto(platform.pageUrl);

  const launcher = page.getByRole('button', { name: /Chat/ });
  await expect(launcher).toBeVisible();
  await launcher.click();

  const dialog = page.getByRole('dialog', { name: 'Chat' });
  await expect(dialog).toBeVisible();

  // Pre-chat survey: a conditional question appears only for "Something else".
  const topic = dialog.getByLabel(/What would you like to chat about/);
  await expect(topic).toBeVisible();
  await expect(dialog.getByLabel(/Please tell us what it is about/)).toHaveCount(0);
  await topic.selectOption('Something else');
  await dialog.getByLabel(/Please tell us what it is about/).fill('A gift card');
  await dialog.getByLabel(/What is your name/).fill('Dana');
  await dialog.getByLabel(/Your e-mail address/).fill('not-an-email');
  await dialog.getByRole('button', { name: 'Start chat' }).click();
  await expect(dialog.getByText('Please enter a valid email address.')).toBeVisible();
  await dialog.getByLabel(/Your e-mail address/).fill('dana@example.com');
  await dialog.getByRole('button', { name: 'Start chat' }).click();

  const log = dialog.getByRole('log');
  await expect(log.getByText(/Hi! I'm Alex, a bot/)).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'End chat' })).toBeVisible();

  const message = dialog.getByRole('textbox', { name: 'Message' });
  await expect(message).toBeFocused();

  // Several lines, sent with Enter and with the Send button.
  await message.fill('hello there');
  await message.press('Enter');
  await expect(log.getByText('You said: hello there')).toBeVisible();
  await message.fill('second line');
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(log.getByText('You said: second line')).toBeVisible();

  // The agent's html line with a link, sanitised and opening in a new tab.
  await message.fill('link');
  await message.press('Enter');
  const link = log.getByRole('link', { name: 'website' });
  await expect(link).toHaveAttribute('href', 'https://www.liveperson.com/');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');

  expect(await axeViolations(page)).toEqual([]);

  // Every visitor line is confirmed, shown once, and reached the server once. (The bot's answer to
  // "link" came after its echo, so every echo has been read by now.)
  await expect(log.getByText(/Sending…|Not sent/)).toHaveCount(0);
  for (const text of ['hello there', 'second line', 'link']) {
    await expect(log.getByText(text, { exact: true })).toHaveCount(1);
  }
  await expect(log.getByText('You said: hello there', { exact: true })).toHaveCount(1);

  // The bot ends the chat.
  await message.fill('bye');
  await message.press('Enter');
  await expect(log.getByText('Goodbye!')).toBeVisible();
  await expect(dialog.getByText('The chat has ended.')).toBeVisible();

  // Exit survey.
  await dialog.getByRole('radio', { name: 'Yes' }).check();
  await dialog.getByLabel(/If yes, please provide your email/).fill('dana@example.com');
  await dialog.getByRole('radio', { name: '4' }).check();
  await dialog.getByRole('button', { name: 'Submit' }).click();

  // Transcript by email.
  await dialog.getByRole('textbox', { name: 'Email', exact: true }).fill('dana@example.com');
  await dialog.getByRole('button', { name: 'Send transcript' }).click();
  await expect(dialog.getByText('The transcript is on its way.')).toBeVisible();

  // What the platform received.
  const [chat] = [...emulator.state.chats.values()];
  expect(chat.state).toBe('ended');
  expect(chat.endedBy).toBe('agent');
  expect(visitorLines(chat)).toEqual(['hello there', 'second line', 'link', 'bye']);
  expect(chat.request.skill).toBe('Sales');
  expect(chat.request.LETagVisitorId).toBeTruthy();
  expect(chat.request.LETagSessionId).toBeTruthy();
  expect(chat.request.engagementId).toBe(emulator.config.engagement.engagementId);
  expect(Object.values(chat.request.survey?.answers ?? {})).toEqual(
    expect.arrayContaining([['Something else'], ['A gift card'], ['Dana'], ['dana@example.com']]),
  );
  const engagement = [...emulator.state.engagementSessions.values()];
  expect(engagement).toHaveLength(1);
  const [exit] = emulator.state.records.exitSurveys;
  expect(Object.values(exit.answers)).toEqual(expect.arrayContaining([['yes'], ['dana@example.com'], ['4']]));
  expect(emulator.state.records.transcripts.map((t) => t.email)).toEqual(['dana@example.com']);
});

test('a link the agent pushes (url event) is offered as a link to open in a new tab, never followed', async ({ page, platform }) => {
  await platform.emulator.updateConfig({ surveys: { preChat: null } });
  await page.goto(platform.pageUrl);
  await page.getByRole('button', { name: /Chat/ }).click();
  const log = page.getByRole('dialog').getByRole('log');
  await expect(log.getByText(/Hi! I'm Alex/)).toBeVisible();
  const [chat] = [...platform.emulator.state.chats.values()];
  const pushed = await fetch(`${platform.emulator.url}/_emulator/chats/${chat!.id}/url`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ url: 'https://shop.example/orders/7', text: 'Your order' }),
  });
  expect(pushed.status).toBe(201);
  const link = log.getByRole('link', { name: 'Your order' });
  await expect(link).toHaveAttribute('href', 'https://shop.example/orders/7');
  await expect(link).toHaveAttribute('target', '_blank');
  expect(page.url()).toBe(platform.pageUrl);
});

test('the visitor ends the chat and closes the window; focus returns to the launcher', async ({ page, platform }) => {
  await platform.emulator.updateConfig({ surveys: { preChat: null, exit: null } });
  await page.goto(platform.pageUrl);
  await page.getByRole('button', { name: /Chat/ }).click();
  const dialog = page.getByRole('dialog');
  const log = dialog.getByRole('log');
  await expect(log.getByText(/Hi! I'm Alex/)).toBeVisible();

  // End chat asks first, with focus on its answer; Enter there ends the chat.
  await dialog.getByRole('button', { name: 'End chat' }).click();
  const question = dialog.getByRole('group', { name: 'End this chat?' });
  await expect(question.getByRole('button', { name: 'End chat' })).toBeFocused();
  expect(await axeViolations(page)).toEqual([]);
  await page.keyboard.press('Enter');
  await expect(dialog.getByText('The chat has ended.')).toBeVisible();
  const [chat] = [...platform.emulator.state.chats.values()];
  expect(chat.state).toBe('ended');
  expect(chat.endedBy).toBe('visitor');

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: /Chat/ })).toBeFocused();
});

test.describe('with nobody online', () => {
  test.use({ withBot: false });

  test('the launcher offers to leave a message and the offline survey reaches the platform', async ({
    page,
    platform,
  }) => {
    await page.goto(platform.pageUrl);
    const launcher = page.getByRole('button', { name: /Leave a message/ });
    await expect(launcher).toBeVisible();
    await launcher.click();

    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/Your name/).fill('Sam');
    await dialog.getByLabel(/Your e-mail address/).fill('sam@example.com');
    await dialog.getByRole('button', { name: 'Send message' }).click();
    // The message is mandatory: nothing is sent without it.
    await expect(dialog.getByText('Please fill in this field.')).toBeVisible();
    expect(platform.emulator.state.records.offlineSurveys).toHaveLength(0);
    await dialog.getByLabel(/Your message/).fill('Please call me back tomorrow.');
    await dialog.getByRole('button', { name: 'Send message' }).click();
    await expect(dialog.getByText(/Your message was sent/)).toBeVisible();

    const [record] = platform.emulator.state.records.offlineSurveys;
    expect(Object.values(record.answers)).toEqual(
      expect.arrayContaining([['Sam'], ['sam@example.com'], ['Please call me back tomorrow.']]),
    );
    expect(platform.emulator.state.chats.size).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  test('an agent who comes online after the page loaded gets the chat: opening rechecks availability', async ({
    page,
    platform,
  }) => {
    platform.emulator.updateConfig({ surveys: { preChat: null } });
    await page.goto(platform.pageUrl);
    await expect(page.getByRole('button', { name: /Leave a message/ })).toBeVisible();
    await onlineAgent(platform.emulator, { account: ACCOUNT });
    await page.getByRole('button', { name: /Leave a message/ }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('log').getByText(/An agent will be with you shortly/)).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'End chat' })).toBeVisible();
    expect(platform.emulator.state.chats.size).toBe(1);
    expect(platform.emulator.state.records.offlineSurveys).toHaveLength(0);
  });
});
