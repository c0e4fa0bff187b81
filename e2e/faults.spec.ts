import type { Page } from '@playwright/test';
import { test, expect, type Platform } from './fixtures.js';
import type { Chat, LineEvent } from '../emulator/state.js';

const linesBy = (chat: Chat, source: 'visitor' | 'agent') =>
  chat.events.filter((e): e is LineEvent => e.type === 'line' && e.source === source).map((e) => e.text);

/** Short pauses so faults are ridden out in seconds; as many attempts as the network cut needs. */
const timing = {
  pollInterval: 250,
  pollRetryDelays: [250, 500, 1000, 2000],
  pollFailureTolerance: 40,
  sendRetryDelays: Array.from({ length: 20 }, (_, i) => Math.min(250 * 2 ** i, 2000)),
};

/** The page of the site the test is on, with the fast timings. */
const pageUrl = (platform: Platform, site: { url: string }, path = '/') => {
  const query = new URLSearchParams(platform.query);
  query.set('timing', JSON.stringify(timing));
  return `${site.url}${path}?${query}`;
};

/** The first (only) chat on the platform. */
const chatOf = (platform: Platform) => [...platform.emulator.state.chats.values()][0]!;

/** The log's lines, as the visitor reads them. */
const shown = (page: Page) =>
  page.locator('lp-chat-window').evaluate((el) =>
    [...el.shadowRoot!.querySelectorAll('lp-chat-message [part=bubble]')].map((b) => b.textContent!.trim()),
  );

async function openChat(page: Page) {
  await page.getByRole('button', { name: /Chat/ }).click();
  await expect(page.getByRole('dialog').getByRole('log').getByText(/Hi! I'm Alex/)).toBeVisible();
}

async function type(page: Page, text: string) {
  const box = page.getByRole('dialog').getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

test.use({
  emulatorOptions: { config: { surveys: { preChat: null, exit: null }, limits: { maxLinesPerChat: 5000, maxRecords: 20_000 } } },
  botOptions: { pollInterval: 100, typingDelay: 0 },
  // The browser logs every failed request the faults cause.
  expectedConsoleErrors: /Failed to load resource|net::ERR_/,
});

test('a line whose answer is lost after the platform took it is never sent twice', async ({ page, platform, site }) => {
  await page.goto(pageUrl(platform, site));
  await openChat(page);
  platform.emulator.setFaults({ rate: 1, kinds: ['drop'] });
  await type(page, 'exactly once');
  await expect.poll(() => linesBy(chatOf(platform), 'visitor')).toEqual(['exactly once']);
  platform.emulator.setFaults({ rate: 0 });
  const log = page.getByRole('dialog').getByRole('log');
  await expect(log.getByText('You said: exactly once')).toBeVisible();
  await expect(log.getByText(/Waiting to send|Sending…|Not sent/)).toHaveCount(0);
  expect(platform.emulator.faults.counts.drop).toBeGreaterThan(0);
  expect(linesBy(chatOf(platform), 'visitor')).toEqual(['exactly once']);
  expect((await shown(page)).filter((t) => t === 'exactly once')).toHaveLength(1);
});

test('a 200 with an HTML page on add line is not taken for sent: the line arrives once, in order', async ({ page, platform, site }) => {
  await page.goto(pageUrl(platform, site));
  await openChat(page);
  platform.emulator.setFaults({ rate: 1, kinds: ['html200'] });
  await type(page, 'first');
  await type(page, 'second');
  await expect.poll(() => platform.emulator.faults.counts.html200).toBeGreaterThan(2);
  platform.emulator.setFaults({ rate: 0 });
  const log = page.getByRole('dialog').getByRole('log');
  await expect(log.getByText('You said: second')).toBeVisible();
  expect(linesBy(chatOf(platform), 'visitor')).toEqual(['first', 'second']);
});

/** The times the window read the chat (its polls and reconciling reads), on the platform's clock. */
const reads = (platform: Platform) =>
  platform.emulator.state.records.requests
    .filter((r) => r.effectiveMethod === 'GET' && (r.route === 'consumer.chat' || r.route === 'consumer.events'))
    .map((r) => r.time);

test('soak: hundreds of lines each way under 20 % faults of every kind, a reload, another page, a 10 s network cut and a tab handover', async ({
  page,
  platform,
  site,
  context,
}) => {
  test.setTimeout(240_000);
  const { emulator } = platform;
  const count = 260;
  const typed = Array.from({ length: count }, (_, i) => `line ${String(i + 1).padStart(3, '0')}`);
  await page.goto(pageUrl(platform, site));
  await openChat(page);
  emulator.setFaults({ rate: 0.2, seed: 7 });
  // The tab that takes over is watched as the fixture watches the first.
  const problems: string[] = [];

  const started = Date.now();
  let recovery = 0;
  let handover = 0;
  const cut = { from: 0, to: 0 };
  for (let i = 0; i < count; i++) {
    await type(page, typed[i]!);
    if (i === 90) await page.reload();
    if (i === 130) {
      // A second tab of the site opens the chat and mirrors it; the first tab closes, and the
      // second takes the chat over from the last state it heard (lines still queued included).
      const next = await context.newPage();
      next.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      next.on('console', (m) => {
        if (m.type() === 'error' && !/Failed to load resource|net::ERR_/.test(m.text())) problems.push(`console.error: ${m.text()}`);
      });
      await next.goto(pageUrl(platform, site));
      await next.getByRole('button', { name: /Chat/ }).click();
      await expect(next.getByRole('dialog').getByRole('log').getByText(typed[i]!, { exact: true })).toBeVisible();
      const closed = Date.now();
      await page.close();
      page = next;
      await expect.poll(() => reads(platform).some((t) => t > closed), { timeout: 10_000 }).toBe(true);
      handover = reads(platform).find((t) => t > closed)! - closed;
    }
    if (i === 170) await page.goto(pageUrl(platform, site, '/page2.html'));
    if (i === 220) {
      // The network goes for 10 s; the visitor keeps typing meanwhile.
      await context.setOffline(true);
      cut.from = Date.now();
      for (let j = 0; j < 5; j++) await type(page, typed[++i]!);
      await page.waitForTimeout(10_000);
      await context.setOffline(false);
      const back = (cut.to = Date.now());
      await expect.poll(() => linesBy(chatOf(platform), 'visitor').length, { timeout: 60_000 }).toBeGreaterThanOrEqual(i + 1);
      recovery = Date.now() - back;
    }
    // The new page shows the chat open by itself, as it was (a click now would minimise it).
    if (i === 90 || i === 170) await expect(page.getByRole('dialog')).toBeVisible();
  }

  // Everything arrives: the platform has every line once and in order, the bot answered each once
  // and in order, and the window shows each answer once and in order.
  await expect.poll(() => linesBy(chatOf(platform), 'visitor').length, { timeout: 90_000 }).toBe(count);
  const echoes = typed.map((t) => `You said: ${t}`);
  await expect.poll(async () => (await shown(page)).filter((t) => t.startsWith('You said: ')).length, { timeout: 90_000 }).toBe(count);
  emulator.setFaults({ rate: 0 });
  await expect(page.getByRole('dialog').getByRole('log').getByText(/Waiting to send|Sending…|Not sent/))
    .toHaveCount(0, { timeout: 30_000 })
    .catch(async (error: Error) => {
      // What the chat itself holds (its kept snapshot): the outbox's state and the lines not sent.
      const [kept, lines] = await page.evaluate(() => [
        sessionStorage.getItem('lp-chat-window:123456'),
        Object.keys(sessionStorage)
          .filter((k) => k.startsWith('lp-chat-window:123456:lines:'))
          .sort((a, b) => Number(a.split(':').pop()) - Number(b.split(':').pop()))
          .flatMap((k) => JSON.parse(sessionStorage.getItem(k)!) as unknown[]),
      ] as const);
      const snapshot = kept === null ? undefined : (JSON.parse(kept) as { snapshot: { value: unknown; context: { sendingKey: unknown } } }).snapshot;
      const stuck = (lines as { key: string; text: string; status: string }[]).filter((m) => m.status !== 'sent');
      throw new Error(`${error.message}\nkept state: ${JSON.stringify(snapshot?.value)}, sendingKey ${JSON.stringify(snapshot?.context.sendingKey)}, not sent: ${JSON.stringify(stuck)}`);
    });
  const chat = chatOf(platform);
  const visitor = linesBy(chat, 'visitor');
  const agent = linesBy(chat, 'agent').filter((t) => t.startsWith('You said: '));
  const window = await shown(page);
  expect(visitor).toEqual(typed);
  expect(agent).toEqual(echoes);
  expect(window.filter((t) => t.startsWith('You said: '))).toEqual(echoes);
  expect(window.filter((t) => t.startsWith('line '))).toEqual(typed);
  expect(emulator.state.chats.size).toBe(1);
  expect(problems).toEqual([]);

  const { counts, total, eligible } = emulator.faults;
  const byKind = Object.entries(counts).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ');
  const sends = emulator.state.records.requests.filter((r) => r.route === 'consumer.events' && r.effectiveMethod === 'POST').length;
  // The longest the chat went unread, the network cut aside (faults, reload, navigation, handover).
  let gap = 0;
  const times = reads(platform).filter((t) => t >= started && (t < cut.from || t > cut.to));
  for (let k = 1; k < times.length; k++) if (times[k - 1]! >= cut.to || times[k]! <= cut.from) gap = Math.max(gap, times[k]! - times[k - 1]!);
  console.log(
    `soak: ${visitor.length} visitor lines and ${agent.length} agent lines, 0 lost, 0 duplicated, 0 reordered; ` +
      `${total} faults in ${eligible} platform requests (${byKind}); ${sends} line posts for ${visitor.length} lines ` +
      `(${sends - visitor.length} retried); ${Math.round((Date.now() - started) / 1000)} s in all; ` +
      `the second tab read the chat ${handover} ms after the first closed; longest the chat went unread (the cut aside) ` +
      `${(gap / 1000).toFixed(1)} s; lines queued during the 10 s cut all delivered ${(recovery / 1000).toFixed(1)} s after it`,
  );
  for (const kind of ['500', '503', '429', 'drop', 'reset', 'truncated', 'html200', 'html502'] as const) {
    expect(counts[kind], kind).toBeGreaterThan(0);
  }
});
