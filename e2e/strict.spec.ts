import { test, expect, ACCOUNT, type Platform } from './fixtures.js';
import { agentSays, onlineAgent } from '../test/emulator/fixtures.js';
import { STRICT_CSP } from './static-server.js';
import { acceptWhenRinging, installGuard, readGuard } from './window-guard.js';

/**
 * The window on a brand page with a strict policy (e2e/static-server.ts, STRICT_CSP): everything
 * from the page's own origin (the platform through the first-party relay), nothing inline, no
 * eval, Trusted Types enforced with the window's two policies, `lit-html` and `lp-chat-window`.
 * Any violation, and any console error, fails the test.
 */
test.use({ relayed: true });

const strictUrl = (platform: Platform) => `${new URL(platform.pageUrl).origin}/strict.html?${platform.query}`;

test.describe('the strict page', () => {
  test.use({ expectedConsoleErrors: /requires 'TrustedHTML' assignment/ });

  test('is served with the policy, enforces Trusted Types, and its violations are seen', async ({ page, platform }) => {
    await installGuard(page);
    const response = await page.goto(strictUrl(platform));
    expect(response?.headers()['content-security-policy']).toBe(STRICT_CSP);
    // An HTML string cannot reach a sink; the guard the other tests read sees the violation.
    const outcome = await page.evaluate(() => {
      try {
        document.createElement('div').innerHTML = '<b>x</b>';
        return 'assigned';
      } catch (error) {
        return (error as Error).name;
      }
    });
    expect(outcome).toBe('TypeError');
    expect((await readGuard(page)).violations.map((v) => v.directive)).toEqual(['require-trusted-types-for']);
  });
});

test('a whole chat with the bot: surveys, lines, an html link, the end, the transcript, without a violation', async ({ page, platform }) => {
  const { emulator } = platform;
  await installGuard(page);
  await page.goto(strictUrl(platform));
  await page.getByRole('button', { name: /Chat/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Chat' });

  await dialog.getByLabel(/What would you like to chat about/).selectOption('Something else');
  await dialog.getByLabel(/Please tell us what it is about/).fill('A gift card');
  await dialog.getByLabel(/What is your name/).fill('Dana');
  await dialog.getByLabel(/Your e-mail address/).fill('dana@example.com');
  await dialog.getByRole('button', { name: 'Start chat' }).click();

  const log = dialog.getByRole('log');
  await expect(log.getByText(/Hi! I'm Alex, a bot/)).toBeVisible();
  const message = dialog.getByRole('textbox', { name: 'Message' });
  await message.fill('hello there');
  await message.press('Enter');
  await expect(log.getByText('You said: hello there')).toBeVisible();
  // The bot's html line: sanitised, rendered as a link.
  await message.fill('link');
  await message.press('Enter');
  const link = log.getByRole('link', { name: 'website' });
  await expect(link).toHaveAttribute('href', 'https://www.liveperson.com/');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');

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
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  expect(emulator.state.records.transcripts.map((t) => t.email)).toEqual(['dana@example.com']);
  expect(await readGuard(page)).toEqual({ hits: [], violations: [] });
});

test.describe('an agent formatting their lines', () => {
  test.use({ withBot: false });

  test('paragraphs, lists, links, line breaks and code render, and nothing is refused', async ({ page, platform }) => {
    const { emulator } = platform;
    emulator.updateConfig({ surveys: { preChat: null, exit: null } });
    const agent = await onlineAgent(emulator, { account: ACCOUNT });
    await installGuard(page);
    await page.goto(strictUrl(platform));
    await page.getByRole('button', { name: /Chat/ }).click();
    const agentChat = await acceptWhenRinging(agent);

    const log = page.getByRole('dialog').getByRole('log');
    await agentSays(
      agent,
      agentChat,
      '<p>Your order <b>#1234</b> is <em>on its way</em>.<br>It left <strong>today</strong>.</p>' +
        '<ul><li>Track it <a href="https://example.com/track">here</a></li><li>Mail <a href="mailto:help@example.com">us</a></li></ul>' +
        '<ol><li><code>RETURN-42</code></li></ol><blockquote>Quoted</blockquote><p dir="rtl" lang="he">שלום</p>',
    );
    await agentSays(agent, agentChat, 'And <b>plain</b> text too', { textType: 'plain' });
    await expect(log.getByText('And <b>plain</b> text too')).toBeVisible();
    await expect(log.locator('b', { hasText: '#1234' })).toBeVisible();
    await expect(log.locator('li')).toHaveCount(3);
    await expect(log.locator('br')).toHaveCount(1);
    await expect(log.locator('code')).toHaveText('RETURN-42');
    await expect(log.getByRole('link', { name: 'here' })).toHaveAttribute('target', '_blank');
    await expect(log.getByRole('link', { name: 'us' })).toHaveAttribute('href', 'mailto:help@example.com');

    const message = page.getByRole('dialog').getByRole('textbox', { name: 'Message' });
    await message.fill('thanks');
    await message.press('Enter');
    await expect
      .poll(() => [...emulator.state.chats.values()][0]?.events.some((e) => e.type === 'line' && e.source === 'visitor' && e.text === 'thanks'))
      .toBe(true);
    expect(await readGuard(page)).toEqual({ hits: [], violations: [] });
  });
});
