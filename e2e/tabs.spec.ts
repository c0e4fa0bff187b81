import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browserPath } from '../scripts/browser-path.mjs';
import { test, expect } from './fixtures.js';
import { addLine } from '../emulator/chats.js';
import type { Chat, LineEvent } from '../emulator/state.js';

const linesBy = (chat: Chat, source: 'visitor' | 'agent') =>
  chat.events.filter((e): e is LineEvent => e.type === 'line' && e.source === source).map((e) => e.text);

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

async function openChat(page: Page) {
  await page.getByRole('button', { name: /Chat with us/ }).click();
  await expect(page.getByRole('dialog', { name: 'Chat' }).getByRole('log').getByText(/Hi! I'm Alex/)).toBeVisible();
}

/** A read of the chat resource (the window's polling). */
const isPoll = (method: string, url: string) => method === 'GET' && /\/chat\/H[^/?]*(\.json)?\?/.test(url);

/** Counts the reads of the chat resource a page makes (its polling). */
function countPolls(page: Page) {
  const counter = { polls: 0 };
  page.on('request', (r) => {
    if (isPoll(r.method(), r.url())) counter.polls++;
  });
  return counter;
}

interface PageLog {
  requests: { at: number; method: string; url: string }[];
  frozenAt?: number;
}

/**
 * Every page of `context` notes, on its own clock, when it asks the platform for anything and when
 * it is frozen: what a test measures a handover with.
 */
async function logRequests(context: BrowserContext) {
  await context.addInitScript(() => {
    const log: PageLog = { requests: [] };
    (window as unknown as { lpLog: PageLog }).lpLog = log;
    const fetch = window.fetch;
    window.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
      const request = input instanceof Request ? input : undefined;
      log.requests.push({ at: Date.now(), method: init?.method ?? request?.method ?? 'GET', url: request?.url ?? String(input) });
      return fetch.call(this, input, init);
    };
    document.addEventListener('freeze', () => (log.frozenAt = Date.now()));
  });
}

const pageLog = (page: Page) => page.evaluate(() => (window as unknown as { lpLog: PageLog }).lpLog);

/** When `page` first read the chat at or after `since` (its clock), if it has. */
async function firstPollSince(page: Page, since: number): Promise<number | undefined> {
  return (await pageLog(page)).requests.find((r) => r.at >= since && isPoll(r.method, r.url))?.at;
}

/** The log's lines, as the visitor of `page` reads them. */
const shown = (page: Page) =>
  page.locator('lp-chat-window').evaluate((el) =>
    [...el.shadowRoot!.querySelectorAll('lp-chat-message [part=bubble]')].map((b) => b.textContent!.trim()),
  );

for (const locks of ['Web Locks', 'no Web Locks'] as const) {
  test(`two tabs show one chat (${locks}): one polls, lines from both go through one outbox, and the other takes over within 2 s when it closes`, async ({
    page,
    context,
    platform,
  }) => {
    await logRequests(context);
    if (locks === 'no Web Locks') {
      // Where the page has no Web Locks (an http: site, an older browser) the tabs elect a leader over their channel.
      await context.addInitScript(() => delete (Navigator.prototype as { locks?: unknown }).locks);
    }
    const first = countPolls(page);
    await page.goto(platform.pageUrl);
    expect(await page.evaluate(() => 'locks' in navigator)).toBe(locks === 'Web Locks');
    await page.getByRole('button', { name: /Chat/ }).click();
    await expect(page.getByRole('dialog').getByRole('log').getByText(/Hi! I'm Alex/)).toBeVisible();
    // The ballots' code is fetched only where they are needed.
    const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    expect(fetched.some((path) => path.endsWith('/lp-chat-window-channel-election.js'))).toBe(locks === 'no Web Locks');
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
    // Long enough for a few heartbeats and a missed one to be noticed: still only the first tab reads.
    const before = first.polls;
    await other.waitForTimeout(2000);
    expect(second.polls).toBe(0);
    expect(first.polls).toBeGreaterThan(before);

    // The polling tab goes: the other one takes over within 2 s (its own clock), missing and repeating nothing.
    const closedAt = Date.now();
    await page.close();
    await expect.poll(() => firstPollSince(other, closedAt), { timeout: 10_000 }).toBeDefined();
    const takeover = (await firstPollSince(other, closedAt))! - closedAt;
    console.log(`tabs (${locks}): the second tab polled ${takeover} ms after the first closed`);
    expect(takeover).toBeLessThan(2000);
    await say(other, 'after the handover');
    const lines = await shown(other);
    for (const text of ['from the first tab', 'from the second tab', 'first again', 'after the handover']) {
      expect(lines.filter((t) => t === text), text).toHaveLength(1);
      expect(lines.filter((t) => t === `You said: ${text}`), text).toHaveLength(1);
    }
    const [chat] = [...platform.emulator.state.chats.values()];
    expect(linesBy(chat!, 'visitor')).toEqual(['from the first tab', 'from the second tab', 'first again', 'after the handover']);
    expect(platform.emulator.state.chats.size).toBe(1);
    await other.close();
  });
}

/**
 * A Chromium of the test's own, driven over CDP without Playwright's defaults. Playwright's focus
 * emulation keeps every page it launches visible, and Chromium freezes no visible page
 * (`Page.setWebLifecycleState` answers but does nothing), so freezing a tab needs a browser like
 * this one. As in a real window, only the tab in front is visible. Page errors and console errors
 * (other than the browser's notes on failed requests) are collected in `problems`.
 */
async function freezableBrowser() {
  const dir = await mkdtemp(join(tmpdir(), 'lp-tabs-'));
  const args = ['--headless=new', '--no-sandbox', '--no-first-run', '--no-default-browser-check', `--user-data-dir=${dir}`];
  args.push('--remote-debugging-port=0', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost, EXCLUDE 127.0.0.1');
  const child = spawn(browserPath() ?? chromium.executablePath(), [...args, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let said = '';
    child.stderr.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      const url = /DevTools listening on (ws:\S+)/.exec(said)?.[1];
      if (url) resolve(url);
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited (${code}): ${said}`)));
  });
  const browser = await chromium.connectOverCDP(endpoint, { noDefaults: true });
  const context = browser.contexts()[0]!;
  const problems: string[] = [];
  context.on('weberror', (e) => problems.push(`pageerror: ${e.error().message}`));
  context.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource|net::ERR_/.test(m.text())) problems.push(`console.error: ${m.text()}`);
  });
  return {
    context,
    problems,
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      const killed = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killed);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

for (const locks of ['Web Locks', 'no Web Locks'] as const) {
  test(`a frozen leader hands the chat over within 2 s (${locks}), and follows with the same transcript when it wakes`, async ({ platform }) => {
    const browser = await freezableBrowser();
    try {
      const { context } = browser;
      await logRequests(context);
      if (locks === 'no Web Locks') await context.addInitScript(() => delete (Navigator.prototype as { locks?: unknown }).locks);
      const page = await context.newPage();
      const first = countPolls(page);
      await page.goto(platform.pageUrl);
      await openChat(page);
      expect(await page.evaluate(() => 'locks' in navigator)).toBe(locks === 'Web Locks');
      await say(page, 'before the freeze');
      // The second tab comes to the front; the first, now in the background, still runs the chat.
      const other = await context.newPage();
      const second = countPolls(other);
      await other.goto(platform.pageUrl);
      await openChat(other);
      await say(other, 'from the follower');
      expect(await page.evaluate(() => document.visibilityState)).toBe('hidden');
      expect(second.polls).toBe(0);
      expect(first.polls).toBeGreaterThan(0);

      // Chromium freezes the background tab: the other takes over, missing nothing said meanwhile.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
      const chat = [...platform.emulator.state.chats.values()][0]!;
      addLine(chat, { text: 'Said while the tab froze', textType: 'plain', source: 'agent', by: 'Alex', subType: 'REGULAR' }, Date.now());
      await expect.poll(() => second.polls, { timeout: 10_000 }).toBeGreaterThan(0);
      const polledBefore = first.polls;
      await expect(other.getByRole('dialog', { name: 'Chat' }).getByRole('log').getByText('Said while the tab froze')).toBeVisible();
      await say(other, 'after the freeze');
      await say(other, 'once more');

      // It wakes: it follows (it neither polls nor sends) and shows the same chat.
      await cdp.send('Page.setWebLifecycleState', { state: 'active' });
      const { frozenAt, requests } = await pageLog(page);
      expect(frozenAt).toBeDefined();
      expect(requests.length).toBeGreaterThan(0);
      const takeover = (await firstPollSince(other, frozenAt!))! - frozenAt!;
      console.log(`tabs (${locks}): the follower polled ${takeover} ms after the leader froze`);
      expect(takeover).toBeLessThan(2000);
      await say(other, 'after the wake');
      await expect(page.getByRole('dialog', { name: 'Chat' }).getByRole('log').getByText('You said: after the wake')).toBeVisible();
      await say(page, 'from the woken tab');
      await expect(other.getByRole('dialog', { name: 'Chat' }).getByRole('log').getByText('You said: from the woken tab')).toBeVisible();
      await page.waitForTimeout(1500);
      expect(first.polls).toBe(polledBefore);
      expect((await pageLog(page)).requests.filter((r) => r.at >= frozenAt!)).toEqual([]);
      await expect.poll(async () => (await shown(page)).join('\n')).toBe((await shown(other)).join('\n'));

      const typed = ['before the freeze', 'from the follower', 'after the freeze', 'once more', 'after the wake', 'from the woken tab'];
      expect(linesBy(chat, 'visitor')).toEqual(typed);
      const answers = typed.map((t) => `You said: ${t}`);
      expect(linesBy(chat, 'agent').filter((t) => !t.startsWith('Hi! '))).toEqual([...answers.slice(0, 2), 'Said while the tab froze', ...answers.slice(2)]);
      const lines = await shown(other);
      for (const text of [...typed, ...answers, 'Said while the tab froze']) expect(lines.filter((t) => t === text), text).toHaveLength(1);
      expect(platform.emulator.state.chats.size).toBe(1);
      expect(browser.problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
}

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
