import type { Page } from '@playwright/test';
import { test, expect, type Platform } from './fixtures.js';
import { addLine } from '../emulator/chats.js';
import type { Chat } from '../emulator/state.js';

// A short chat timeout keeps the test short: the platform ends a chat nobody polled for 10 s.
const TIMING = encodeURIComponent(JSON.stringify({ interactionTimeout: 10 }));
const HIDDEN_FOR = 25_000;

test.use({ emulatorOptions: { config: { surveys: { preChat: null } } } });

/**
 * Hides the tab as Chromium does once it has been hidden for five minutes: the page says it is
 * hidden, and its timers wake at most once a minute, on the minute. (Headless Chromium never hides a
 * page, and its launcher turns throttling off, so the test does to the page what the browser does.)
 */
async function hideTab(page: Page) {
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    const set = window.setTimeout;
    const every = window.setInterval;
    const later = (ms = 0) => Math.max(ms, 60_000 - (performance.now() % 60_000));
    window.setTimeout = ((fn: TimerHandler, ms?: number, ...args: unknown[]) => set(fn, later(ms), ...args)) as typeof setTimeout;
    window.setInterval = ((fn: TimerHandler, ms?: number, ...args: unknown[]) => every(fn, Math.max(ms ?? 0, 60_000), ...args)) as typeof setInterval;
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

async function startChat(page: Page, url: string) {
  await page.goto(`${url}&timing=${TIMING}`);
  await page.getByRole('button', { name: /Chat/ }).click();
  await expect(page.getByRole('dialog', { name: 'Chat' }).getByRole('log').getByText(/Hi! I'm Alex/)).toBeVisible();
}

/** The longest gap between the window's reads of the chat from `since` on (ms). */
function longestGap(requests: { time: number; route: string }[], since: number, until: number): number {
  const reads = requests.filter((r) => r.route.startsWith('consumer.') && r.time >= since).map((r) => r.time);
  let gap = 0;
  let last = since;
  for (const t of [...reads, until]) {
    gap = Math.max(gap, t - last);
    last = t;
  }
  return gap;
}

const agentSays = (chat: Chat, text: string) =>
  addLine(chat, { text, textType: 'plain', source: 'agent', by: 'Alex', subType: 'REGULAR' }, Date.now());

/** Hides the tab in the middle of a chat; the chat must go on as if it were visible. */
async function staysAlive(page: Page, platform: Platform, url: string) {
  const { emulator } = platform;
  await startChat(page, url);
  const [chat] = [...emulator.state.chats.values()];
  await hideTab(page);
  const hiddenAt = Date.now();
  await page.waitForTimeout(HIDDEN_FOR / 2);
  agentSays(chat!, 'Still there?');
  await page.waitForTimeout(HIDDEN_FOR / 2);

  // Polled at its usual pace (a quarter of the 10 s timeout at most) all the while.
  const gap = longestGap(emulator.state.records.requests, hiddenAt, Date.now());
  console.log(`hidden for ${HIDDEN_FOR / 1000} s: longest gap between the window's requests ${gap} ms`);
  expect(gap).toBeLessThan(5_000);
  expect(chat!.state).toBe('chatting');
  await expect
    .poll(() => page.locator('lp-chat-window').evaluate((el) => el.shadowRoot!.querySelector('[role=log]')!.textContent))
    .toContain('Still there?');
}

test('a chat in a hidden tab keeps polling on time: it does not time out, and agent lines still arrive', async ({ page, platform }) => {
  await staysAlive(page, platform, platform.pageUrl);
});

test.describe('on a page with a strict CSP and Trusted Types, through the relay', () => {
  test.use({ relayed: true });

  test('the hidden-tab clock starts under the policy the README gives (worker-src blob:)', async ({ page, platform }) => {
    await staysAlive(page, platform, `${new URL(platform.pageUrl).origin}/strict.html?${platform.query}`);
  });
});

test.describe('where the page refuses workers', () => {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => {
      (window as { Worker?: unknown }).Worker = undefined;
    });
  });

  test('a hidden tab waits on the throttled page clock, so the platform times the chat out (why the worker is there)', async ({ page, platform }) => {
    await startChat(page, platform.pageUrl);
    const [chat] = [...platform.emulator.state.chats.values()];
    await hideTab(page);
    await expect.poll(() => chat!.state, { timeout: HIDDEN_FOR }).toBe('ended');
  });
});
