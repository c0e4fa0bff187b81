import { test, expect, ACCOUNT, type Platform } from './fixtures.js';
import { agentSays, onlineAgent } from '../test/emulator/fixtures.js';
import { acceptWhenRinging, inspectWindow, installGuard, readGuard, type Violation } from './window-guard.js';
import { corpus, KEPT_IMAGE, type Payload } from './xss-corpus.js';
import type { Page } from '@playwright/test';

test.use({ withBot: false });

/** Lines sent before the test waits for the window to show them. */
const BATCH = 40;

/**
 * One chat in which a human agent sends every payload of the corpus as an HTML line, in batches;
 * then the visitor still chats. Returns what the page's guard saw.
 */
async function renderCorpus(page: Page, platform: Platform, pageUrl: string) {
  const { emulator } = platform;
  emulator.updateConfig({ surveys: { preChat: null, exit: null } });
  const agent = await onlineAgent(emulator, { account: ACCOUNT });
  await installGuard(page);
  await page.goto(pageUrl);
  await page.getByRole('button', { name: /Chat/ }).click();
  const agentChat = await acceptWhenRinging(agent);

  const dialog = page.getByRole('dialog');
  const before = await inspectWindow(page);
  const agentLines = dialog.locator('.message--agent');
  for (let i = 0; i < corpus.length; i += BATCH) {
    for (const payload of corpus.slice(i, i + BATCH)) {
      const answer = await agentSays(agent, agentChat, payload.html);
      expect(answer.status, `payload ${payload.id}`).toBe(201);
    }
    await expect(agentLines).toHaveCount(Math.min(i + BATCH, corpus.length), { timeout: 15_000 });
  }

  // Soft: a regression shows everything it breaks at once.
  const guard = await readGuard(page);
  expect.soft(guard.hits, 'payload code ran').toEqual([]);
  const report = await inspectWindow(page);
  const failures = report.lines.flatMap((line, i) => {
    const payload: Payload = corpus[i];
    const problems = [...line.problems];
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    if (!squeeze(line.text).includes(squeeze(payload.text))) problems.push(`shows "${line.text}", not "${payload.text}"`);
    return problems.length ? [`#${payload.id} (${payload.category}) ${payload.html.slice(0, 80)}: ${problems.join('; ')}`] : [];
  });
  expect.soft(failures).toEqual([]);
  expect.soft(report.lines).toHaveLength(corpus.length);
  expect.soft(report.covered, 'points of the page the window covers').toEqual([]);
  expect.soft(report.pageElements).toEqual(before.pageElements);
  expect.soft(report.baseURI).toBe(pageUrl);
  expect.soft(page.url()).toBe(pageUrl);
  expect.soft(page.frames()).toHaveLength(1);

  // The window still works: the visitor's line reaches the agent.
  const message = dialog.getByRole('textbox', { name: 'Message' });
  await message.fill('still here');
  await message.press('Enter');
  await expect
    .poll(() => [...emulator.state.chats.values()][0]?.events.some((e) => e.type === 'line' && e.source === 'visitor' && e.text === 'still here'))
    .toBe(true);
  expect((await readGuard(page)).hits, 'payload code ran').toEqual([]);
  const scrolled = report.lines.flatMap((line, i) => (line.scrolls ? [corpus[i].id] : []));
  return { violations: (await readGuard(page)).violations, scrolled };
}

/** Counts by directive, for the report. */
const tally = (violations: Violation[]) =>
  Object.fromEntries([...new Set(violations.map((v) => v.directive))].map((d) => [d, violations.filter((v) => v.directive === d).length]));

test.describe('the XSS corpus as agent HTML lines', () => {
  // The kept https images cannot load here (no DNS): the browser says so on the console.
  test.use({ expectedConsoleErrors: /Failed to load resource: net::ERR_NAME_NOT_RESOLVED/ });

  test(`${corpus.length} payloads on a brand page: nothing runs, escapes its bubble or keeps a handler or a script URL`, async ({ page, platform }) => {
    const { violations, scrolled } = await renderCorpus(page, platform, platform.pageUrl);
    expect(violations).toEqual([]);
    test.info().annotations.push({ type: 'scrolled inside their bubble', description: scrolled.join(', ') });
  });
});

test.describe('the XSS corpus on a strict CSP + Trusted Types page', () => {
  test.use({
    relayed: true,
    // The page's CSP refusing what the sanitiser's parse saw, and the kept images (see below).
    expectedConsoleErrors: /violates the following Content Security Policy directive|Failed to load resource: net::ERR_NAME_NOT_RESOLVED/,
  });

  test(`${corpus.length} payloads: no Trusted Types violation; the CSP reports only the sanitiser's inert parse and kept https images`, async ({ page, platform }) => {
    const pageUrl = `${new URL(platform.pageUrl).origin}/strict.html?${platform.query}`;
    const { violations } = await renderCorpus(page, platform, pageUrl);
    test.info().annotations.push({ type: 'violations', description: JSON.stringify(tally(violations)) });
    // Nothing the window renders breaks the policy: no HTML sink ever gets a string.
    expect(violations.filter((v) => /trusted-types/.test(v.directive))).toEqual([]);
    const sanitizer = `${new URL(pageUrl).origin}/dist/lp-chat-window-sanitizer.js`;
    const unexplained = violations.filter(
      (v) =>
        // Chromium checks inline handlers, style attributes, <style> and <base> as the sanitiser's
        // DOMParser reads the raw line: reported from the window's script, blocked, never rendered
        // (the rendered lines carry none of them: inspectWindow).
        !(['script-src-attr', 'style-src-attr', 'style-src-elem', 'base-uri'].includes(v.directive) && v.source === sanitizer) &&
        // An https image the sanitiser keeps, which this page's img-src ('self') refuses.
        !(v.directive === 'img-src' && v.blocked.startsWith(KEPT_IMAGE)),
    );
    expect(unexplained).toEqual([]);
  });
});
