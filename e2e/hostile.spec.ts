import { test, expect, ACCOUNT } from './fixtures.js';
import { acceptChat, agentSays, call, onlineAgent, waitFor, type OnlineAgent } from '../test/emulator/fixtures.js';

test.use({ withBot: false });

/** Accepts the visitor's chat as soon as it rings for the agent. */
async function acceptWhenRinging(agent: OnlineAgent): Promise<string> {
  await waitFor(async () => {
    const answer = await call(`${agent.sessionUrl}/incomingRequests.json?v=1&NC=true`, { headers: agent.headers });
    return answer.body?.incomingRequests?.ringingCount === '1';
  }, 10_000);
  return acceptChat(agent);
}

test('a hostile agent line is neutralised and plain agent text is never parsed as html', async ({ page, platform }) => {
  const { emulator } = platform;
  emulator.updateConfig({ surveys: { preChat: null, exit: null } });
  const agent = await onlineAgent(emulator, { account: ACCOUNT });

  await page.goto(platform.pageUrl);
  await page.getByRole('button', { name: /Chat/ }).click();
  const agentChat = await acceptWhenRinging(agent);

  const log = page.getByRole('dialog').getByRole('log');
  await agentSays(
    agent,
    agentChat,
    '<b>bold</b><img src="data:," onerror="window.__pwned=1"><script>window.__pwned=2</script>' +
      '<a href="javascript:window.__pwned=3">click me</a><iframe src="https://example.com"></iframe>' +
      '<a href="https://example.com/" onclick="window.__pwned=4" style="position:fixed;inset:0">real</a>',
  );
  await expect(log.locator('b', { hasText: 'bold' })).toBeVisible();
  await expect(log.locator('img, script, iframe')).toHaveCount(0);
  const bad = log.getByText('click me');
  await expect(bad).toBeVisible();
  expect(await bad.getAttribute('href')).toBeNull();
  const real = log.getByRole('link', { name: 'real' });
  await expect(real).toHaveAttribute('target', '_blank');
  await expect(real).toHaveAttribute('rel', 'noopener noreferrer');
  expect(await real.getAttribute('onclick')).toBeNull();
  expect(await real.getAttribute('style')).toBeNull();
  await bad.click();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

  await agentSays(agent, agentChat, '<i>shown as typed</i>', { textType: 'plain' });
  await expect(log.getByText('<i>shown as typed</i>')).toBeVisible();
  await expect(log.locator('i')).toHaveCount(0);
});

test.describe('the sanitiser chunk', () => {
  // The blocked chunk's load is reported by the browser.
  test.use({ expectedConsoleErrors: /ERR_CONNECTION_RESET/ });

  test('the sanitiser comes with the first HTML line; when it cannot be had the line is text, and the next line fetches it again', async ({ page, platform }) => {
    const { emulator } = platform;
    emulator.updateConfig({ surveys: { preChat: null, exit: null } });
    const agent = await onlineAgent(emulator, { account: ACCOUNT });
    const sanitizer: string[] = [];
    page.on('request', (r) => r.url().includes('lp-chat-window-sanitizer') && sanitizer.push(r.url()));
    await page.route(/lp-chat-window-sanitizer\.js/, (route) => route.abort('connectionreset'));

    await page.goto(platform.pageUrl);
    await page.getByRole('button', { name: /Chat/ }).click();
    const agentChat = await acceptWhenRinging(agent);
    const log = page.getByRole('dialog').getByRole('log');
    await agentSays(agent, agentChat, 'Plain first', { textType: 'plain' });
    await expect(log.getByText('Plain first')).toBeVisible();
    // A plain chat never fetches the sanitiser.
    expect(sanitizer).toEqual([]);

    await agentSays(agent, agentChat, '<p>Fish &amp; <b>chips</b><img src=x onerror="window.__pwned=1"></p>');
    await expect(log.getByText('Fish & chips', { exact: true })).toBeVisible();
    await expect(log.locator('b, img')).toHaveCount(0);
    expect(sanitizer).toHaveLength(1);

    await page.unroute(/lp-chat-window-sanitizer\.js/);
    await agentSays(agent, agentChat, '<b>Now bold</b>');
    await expect(log.locator('b', { hasText: 'Now bold' })).toBeVisible();
    expect(sanitizer).toHaveLength(2);
    expect(sanitizer[1]).toContain('?retry=1');
    // Each line once.
    await expect(log.getByText('Fish & chips', { exact: true })).toHaveCount(1);
    await expect(log.getByText('Now bold')).toHaveCount(1);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});

test('keyboard only, on a 320 px wide screen', async ({ page, platform }) => {
  const { emulator } = platform;
  emulator.updateConfig({ surveys: { preChat: null, exit: null } });
  const agent = await onlineAgent(emulator, { account: ACCOUNT });
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(platform.pageUrl);

  const launcher = page.getByRole('button', { name: /Chat/ });
  await expect(launcher).toBeVisible();
  // Tab reaches the launcher; Enter opens the window.
  for (let i = 0; i < 5 && !(await launcher.evaluate((el) => el.matches(':focus'))); i++) await page.keyboard.press('Tab');
  await expect(launcher).toBeFocused();
  await page.keyboard.press('Enter');

  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  const box = await dialog.boundingBox();
  expect(box?.width).toBe(320);

  const agentChat = await acceptWhenRinging(agent);
  await agentSays(agent, agentChat, 'How can I help?', { textType: 'plain' });
  await expect(dialog.getByRole('log').getByText('How can I help?')).toBeVisible();

  const message = dialog.getByRole('textbox', { name: 'Message' });
  await expect(message).toBeFocused();
  await page.keyboard.type('first');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('second');
  await page.keyboard.press('Enter');
  await waitFor(() =>
    [...emulator.state.chats.values()][0]?.events.some((e) => e.type === 'line' && e.source === 'visitor'),
  );
  const [chat] = [...emulator.state.chats.values()];
  expect(chat.events.filter((e) => e.type === 'line' && e.source === 'visitor').map((e) => (e as { text: string }).text)).toEqual([
    'first\nsecond',
  ]);

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(launcher).toBeFocused();
});
