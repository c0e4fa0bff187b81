/**
 * Every engagement flow of the window against the emulator: unmonitored (App Engagement create
 * session with the browser's details, the visitor kept across pages, expiry and refresh, the
 * funnel, SDEs), monitored (a fake Web Tag calling the window's JS method), and consent first.
 */
import type { Page, Request, Route } from '@playwright/test';
import { test, expect, ACCOUNT, type Platform } from './fixtures.js';
import type { ChatRequestRecord, EngagementSession } from '../emulator/state.js';

/** The window page of `platform` with more attributes (the embed script passes the query on as attributes). */
const goto = (page: Page, platform: Platform, attributes: Record<string, string> = {}) =>
  page.goto(`${platform.pageUrl}&${new URLSearchParams(attributes)}`);

const sessions = ({ emulator }: Platform): EngagementSession[] => [...emulator.state.engagementSessions.values()];
const onlySession = (platform: Platform) => {
  const all = sessions(platform);
  expect(all).toHaveLength(1);
  return all[0]!;
};
const creates = (session: EngagementSession) => session.requests.filter((r) => r.kind === 'create');
const updates = (session: EngagementSession) => session.requests.filter((r) => r.kind === 'update');
const chats = ({ emulator }: Platform) => [...emulator.state.chats.values()];
/** App Engagement requests the emulator received. */
/** What a chat request says of its engagement: its ids, the visitor's, language and skill. */
const engagementFields = (request: ChatRequestRecord) => ({
  LETagVisitorId: request.LETagVisitorId,
  LETagSessionId: request.LETagSessionId,
  LETagContextId: request.LETagContextId,
  engagementId: String(request.engagementId),
  campaignId: String(request.campaignId),
  language: request.language,
  skill: request.skill,
});

const engagementCalls = ({ emulator }: Platform) => emulator.state.records.requests.filter((r) => r.route.startsWith('engagement.'));

const status = (page: Page) => page.locator('lp-chat-window').evaluate((el) => (el as HTMLElement & { status: string }).status);
const launcher = (page: Page) => page.getByRole('button', { name: /Chat with us|Leave a message/ });
const dialog = (page: Page) => page.getByRole('dialog', { name: 'Chat' });

/** Fills the emulator's default pre-chat survey and starts the chat. */
async function prechat(page: Page, name = 'Dana') {
  await dialog(page).getByLabel(/What would you like to chat about/).selectOption('Buying');
  await dialog(page).getByLabel(/What is your name/).fill(name);
  await dialog(page).getByRole('button', { name: 'Start chat' }).click();
}

/** The SDE checks' chunk, loaded only for a page that gives engagement attributes. */
const SDE_CHUNK = /\/dist\/lp-chat-window-sde\.js(\?|$)/;
/** The requests `page` makes for that chunk from now on. */
const sdeChunkRequests = (page: Page) => {
  const seen: string[] = [];
  page.on('request', (r) => void (SDE_CHUNK.test(r.url()) && seen.push(r.url())));
  return seen;
};

const SEARCH = { type: 'searchInfo', keywords: ['tents'] };
const CUSTOMER = { type: 'ctmrinfo', info: { customerId: 'C-42', ctype: 'vip', balance: 12.5 } };
const cart = (total: number) => ({ type: 'cart', total, numItems: 1, currency: 'USD' });

test.describe('unmonitored flow', () => {
  test('create session carries the browser, sections and SDEs; the chat request carries everything the engagement and page give', async ({
    page,
    platform,
  }) => {
    await goto(page, platform, { sections: 'tents, sale', skill: 'Sales', 'engagement-attributes': JSON.stringify([CUSTOMER]) });
    await expect(launcher(page)).toHaveAccessibleName('Chat with us');
    await expect.poll(() => status(page)).toBe('available');
    const session = onlySession(platform);
    const body = creates(session)[0]!.body as Record<string, unknown>;
    const agent = await page.evaluate(() => navigator.userAgent);
    expect(body).toEqual({
      appType: 'EXTERNAL',
      // (From the Desktop Chrome user agent the tests run with.)
      appDetails: { os: 'WINDOWS', osVersion: '10.0', deviceFamily: 'DESKTOP', appVersion: expect.stringMatching(/^Chrome\/\d+/) },
      consumerSections: ['tents', 'sale'],
      engagementAttributes: [CUSTOMER],
    });

    await launcher(page).click();
    await prechat(page);
    await expect(dialog(page).getByRole('log').getByText(/Hi! I'm Alex/)).toBeVisible();
    const [chat] = chats(platform);
    const request = chat!.request;
    expect({ ...engagementFields(request), chatReferrer: request.chatReferrer, userAgent: request.userAgent }).toEqual({
      LETagVisitorId: session.visitorId,
      LETagSessionId: session.sessionId,
      LETagContextId: session.contextId,
      engagementId: '3562981110',
      campaignId: '3346848610',
      language: 'en-US',
      skill: 'Sales',
      chatReferrer: page.url(),
      userAgent: agent,
    });
    expect(Object.values(request.survey!.answers)).toContainEqual(['Dana']);
    expect((request.body as { request: { visitorName?: string } }).request.visitorName).toBe('Dana');
    await expect.poll(() => chat!.visitorName).toBe('Dana');
  });

  test.describe('with nobody available', () => {
    test.use({ withBot: false });

    test('the launcher offers to leave a message; no funnel is reported for an engagement that is not available', async ({ page, platform }) => {
      await goto(page, platform);
      await expect(launcher(page)).toHaveAccessibleName('Leave a message');
      await expect.poll(() => status(page)).toBe('unavailable');
      await launcher(page).click();
      await expect(page.getByRole('dialog', { name: 'Leave a message' })).toBeVisible();
      const session = onlySession(platform);
      expect(session.impressions).toEqual([]);
      expect(updates(session)).toEqual([]);
    });
  });

  test('one visitor stays one visitor: the next page load sends the visitor and session ids back', async ({ page, platform }) => {
    await goto(page, platform);
    await expect.poll(() => status(page)).toBe('available');
    const { visitorId, sessionId } = onlySession(platform);
    await page.reload();
    await expect.poll(() => creates(onlySession(platform)).length).toBe(2);
    const session = onlySession(platform);
    expect([session.visitorId, session.sessionId]).toEqual([visitorId, sessionId]);
    expect(creates(session)[1]!.query.sid).toBe(sessionId);
    const second = engagementCalls(platform).at(-1)!;
    expect(new URL(second.url, 'http://x').pathname).toBe(`/api/account/${ACCOUNT}/app/engagement/visitors/${visitorId}`);
  });

  test('an answer that is neither Available nor NotAvailable is asked again until it is', async ({ page, platform }) => {
    platform.emulator.state.engagementStatuses.push('Pending', 'Pending');
    await goto(page, platform);
    await expect.poll(() => status(page)).toBe('available');
    const session = onlySession(platform);
    expect(creates(session).map((r) => r.query.sid)).toEqual([undefined, session.sessionId, session.sessionId]);
  });

  test.describe('with an engagement valid for 2 s', () => {
    test.use({ emulatorOptions: { config: { engagement: { validForSeconds: 2 }, surveys: { preChat: null } } } });

    test('an expired engagement is reported timed out, and created again before the chat request', async ({ page, platform }) => {
      await goto(page, platform);
      await expect.poll(() => status(page)).toBe('available');
      await expect.poll(() => onlySession(platform).impressions.map((i) => i.type), { timeout: 5000 }).toEqual(['impDisplay', 'impTimeout']);
      expect(creates(onlySession(platform)), 'refreshed only when used').toHaveLength(1);

      await launcher(page).click();
      await expect(dialog(page).getByRole('log').getByText(/Hi! I'm Alex/)).toBeVisible();
      const session = onlySession(platform);
      expect(creates(session)).toHaveLength(2);
      expect(creates(session)[1]!.query.sid).toBe(session.sessionId);
      expect(chats(platform)[0]!.request.LETagContextId).toBe('2');
      expect(session.contextId).toBe('2');
    });
  });

  test.describe('with an engagement valid for 6 s', () => {
    test.use({ emulatorOptions: { config: { engagement: { validForSeconds: 6 } } } });

    test('every funnel step reaches App Engagement once, in order, and the page as lp-funnel', async ({ page, platform }) => {
      await page.addInitScript(() => {
        const seen: unknown[] = ((window as unknown as { funnel: unknown[] }).funnel = []);
        document.addEventListener('lp-funnel', (e) => seen.push({ ...(e as CustomEvent).detail, cancelable: e.cancelable }));
      });
      await goto(page, platform);
      await expect.poll(() => status(page)).toBe('available');
      await launcher(page).click();
      await expect(dialog(page).getByLabel(/What is your name/)).toBeVisible();
      await dialog(page).getByRole('button', { name: 'Minimise chat' }).click();
      await expect(dialog(page)).toBeHidden();
      await launcher(page).click();
      await expect(dialog(page)).toBeVisible();
      const steps = ['impDisplay', 'impAccept', 'impClose', 'impExpanded', 'impTimeout'];
      await expect.poll(() => onlySession(platform).impressions.map((i) => i.type), { timeout: 10_000 }).toEqual(steps);
      for (const impression of onlySession(platform).impressions) {
        expect(impression).toMatchObject({ campaign: 3346848610, engId: 3562981110, revision: 44, contextId: '1' });
      }
      expect(updates(onlySession(platform))).toHaveLength(5);
      const dom = await page.evaluate(() => (window as unknown as { funnel: unknown[] }).funnel);
      expect(dom).toEqual(steps.map((type) => ({ type, campaignId: '3346848610', engagementId: '3562981110', cancelable: false })));
    });
  });

  test('a page without SDEs never fetches their checks, from the launcher to a live chat', async ({ page, platform }) => {
    const fetched = sdeChunkRequests(page);
    await goto(page, platform);
    await expect.poll(() => status(page)).toBe('available');
    expect(creates(onlySession(platform))[0]!.body).toMatchObject({ engagementAttributes: [] });
    await launcher(page).click();
    await prechat(page);
    await expect(dialog(page).getByRole('log').getByText(/Hi! I'm Alex/)).toBeVisible();
    expect(fetched).toEqual([]);
  });

  test('with SDEs the window waits for their checks (loading, no App Engagement call), then create session carries them', async ({ page, platform }) => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const fetched = sdeChunkRequests(page);
    await page.route(SDE_CHUNK, async (route: Route) => {
      await held;
      await route.continue();
    });
    await goto(page, platform, { 'engagement-attributes': JSON.stringify([SEARCH]) });
    await launcher(page).click();
    await expect.poll(() => fetched.length).toBe(1);
    await expect(dialog(page).getByRole('status')).toHaveText('Loading…');
    expect(await status(page)).toBe('loading');
    expect(engagementCalls(platform)).toEqual([]);

    release();
    await expect(dialog(page).getByLabel(/What is your name/)).toBeVisible();
    expect(creates(onlySession(platform))[0]!.body).toMatchObject({ engagementAttributes: [SEARCH] });
    expect(fetched).toHaveLength(1);
  });

  test('SDEs go with create session, and a burst of later changes in one update', async ({ page, platform }) => {
    const fetched = sdeChunkRequests(page);
    await goto(page, platform, { 'engagement-attributes': JSON.stringify([SEARCH, cart(10)]) });
    await expect.poll(() => status(page)).toBe('available');
    expect(creates(onlySession(platform))[0]!.body).toMatchObject({ engagementAttributes: [SEARCH, cart(10)] });
    expect(fetched).toHaveLength(1);

    await page.locator('lp-chat-window').evaluate(async (el, [search, one, two, three]) => {
      const host = el as HTMLElement & { engagementAttributes: unknown[] };
      host.engagementAttributes = [search, one];
      await new Promise((resolve) => setTimeout(resolve, 50));
      host.engagementAttributes = [search, two];
      await new Promise((resolve) => setTimeout(resolve, 50));
      host.engagementAttributes = [search, three, { type: 'lead', lead: { topic: 'tents' } }];
    }, [SEARCH, cart(11), cart(12), cart(13)]);
    await expect.poll(() => updates(onlySession(platform)).filter((u) => 'engagementAttributes' in (u.body as object)).length).toBe(1);
    await page.waitForTimeout(500);
    const pushed = updates(onlySession(platform)).filter((u) => 'engagementAttributes' in (u.body as object));
    expect(pushed.map((u) => (u.body as { engagementAttributes: unknown }).engagementAttributes)).toEqual([
      [cart(13), { type: 'lead', lead: { topic: 'tents' } }],
    ]);
    expect(onlySession(platform).engagementAttributes).toEqual([SEARCH, cart(10), cart(13), { type: 'lead', lead: { topic: 'tents' } }]);
  });

  test.describe('with a malformed SDE', () => {
    test.use({ expectedConsoleErrors: /engagement attribute 1 \(cart\) refused: total must be a number/ });

    test('it is refused with a console error naming it; the others go, and the engagement comes', async ({ page, platform }) => {
      const errors: string[] = [];
      page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
      await goto(page, platform, { 'engagement-attributes': JSON.stringify([SEARCH, { type: 'cart', total: 'lots', numItems: 1 }, CUSTOMER]) });
      await expect.poll(() => status(page)).toBe('available');
      expect(creates(onlySession(platform))[0]!.body).toMatchObject({ engagementAttributes: [SEARCH, CUSTOMER] });
      expect(onlySession(platform).engagementAttributes).toEqual([SEARCH, CUSTOMER]);
      expect(errors).toEqual(['<lp-chat-window>: engagement attribute 1 (cart) refused: total must be a number']);
    });
  });

  test.describe('when the SDE checks cannot be loaded', () => {
    test.use({ expectedConsoleErrors: /engagement attribute checks could not be loaded|Failed to load resource|Failed to fetch dynamically imported module/ });

    test('the chat goes on without the attributes and says so', async ({ page, platform }) => {
      const errors: string[] = [];
      page.on('console', (m) => void (m.type() === 'error' && /^<lp-chat-window>/.test(m.text()) && errors.push(m.text())));
      await page.route(SDE_CHUNK, (route: Route) => route.abort('connectionreset'));
      await goto(page, platform, { 'engagement-attributes': JSON.stringify([SEARCH]) });
      await expect.poll(() => status(page)).toBe('available');
      expect(creates(onlySession(platform))[0]!.body).toMatchObject({ engagementAttributes: [] });
      expect(errors).toEqual([expect.stringMatching(/^<lp-chat-window>: the engagement attribute checks could not be loaded, the chat goes on without attributes/)]);
      await launcher(page).click();
      await prechat(page);
      await expect(dialog(page).getByRole('log').getByText(/Hi! I'm Alex/)).toBeVisible();
    });
  });
});

test.describe('monitored flow (the Web Tag calls the window)', () => {
  test.use({ emulatorOptions: { config: { surveys: { preChat: null } } } });

  test('no App Engagement call; the fake Web Tag opens the window and the chat carries its ids; again while live only opens it', async ({
    page,
    platform,
  }) => {
    await goto(page, platform, { 'js-method-name': 'startChat', 'js-context': 'lpBrand.chat', 'web-tag': '' });
    await expect.poll(() => status(page)).toBe('available');
    expect(await page.evaluate(() => typeof (window as unknown as { lpBrand: { chat: { startChat: unknown } } }).lpBrand.chat.startChat)).toBe(
      'function',
    );
    await page.getByRole('button', { name: 'Chat now (Web Tag)' }).click();
    await expect(dialog(page)).toBeVisible();
    await expect(dialog(page).getByRole('log').getByText(/Hi! I'm Alex/)).toBeVisible();
    expect(engagementFields(chats(platform)[0]!.request)).toEqual({
      LETagVisitorId: 'WTvisitor0001',
      LETagSessionId: 'WTsession0001',
      LETagContextId: '7',
      engagementId: '3562981110',
      campaignId: '3562981010',
      language: 'en-US',
      skill: 'Sales',
    });

    await dialog(page).getByRole('button', { name: 'Minimise chat' }).click();
    await expect(dialog(page)).toBeHidden();
    await page.getByRole('button', { name: 'Chat now (Web Tag)' }).click();
    await expect(dialog(page)).toBeVisible();
    expect(chats(platform)).toHaveLength(1);
    expect(engagementCalls(platform)).toEqual([]);
    expect(sessions(platform)).toEqual([]);
  });
});

test.describe('consent first', () => {
  test('consent="interaction": no request and nothing stored until the visitor clicks the launcher', async ({ page, platform }) => {
    const requests: string[] = [];
    page.on('request', (r: Request) => void requests.push(new URL(r.url()).pathname));
    await goto(page, platform, { consent: 'interaction', persist: 'local' });
    await expect(launcher(page)).toHaveAccessibleName('Chat with us');
    // Idle time, the pointer over the launcher, focus on it: none of it is consent.
    await page.waitForTimeout(1500);
    await launcher(page).hover();
    await launcher(page).focus();
    await page.waitForTimeout(500);
    expect(requests).toEqual(['/', '/embed.js', '/dist/lp-chat-window.js', '/dist/lp-chat-window-shared.js']);
    expect(platform.emulator.state.records.requests.filter((r) => /^(consumer|engagement)\./.test(r.route))).toEqual([]);
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);
    expect(await status(page)).toBe('loading');

    await launcher(page).click();
    await expect(dialog(page).getByLabel(/What is your name/)).toBeVisible();
    expect(requests).toContain('/dist/lp-chat-window-conversation.js');
    expect(engagementCalls(platform).filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(await page.evaluate((account) => localStorage.getItem(`lp-chat-window:${account}:visitor`), ACCOUNT)).toMatch(/visitorId/);
  });
});
