/**
 * Authenticated visitors against the emulator, through the built bundle: an engagement whose
 * details name an authentication connector; the page's `getAuthCode` gives an implicit-flow JWT (signed
 * here with the emulator's `signJwt`) or a code-flow code; the window authenticates the visitor and
 * requests the chat with the ids the platform answered. The bot greets a visitor by the name they
 * proved ("Hi Dana!").
 */
import type { Page } from '@playwright/test';
import { signJwt } from '../emulator/jwt.js';
import type { AuthenticationAttempt, Chat } from '../emulator/state.js';
import { test, expect, type Platform } from './fixtures.js';

const CONNECTOR = '568046210';
const ISSUER = 'https://idp.brand.example';
const AUDIENCE = 'lp-chat-window';
const SECRET = 'a shared secret of more than 32 bytes, for HS256';
const REDIRECT = 'https://brand.example/chat/callback';
const CODE = 'k12197';

const CONFIG = {
  engagement: { connectorId: CONNECTOR },
  authentication: {
    issuer: ISSUER,
    audience: AUDIENCE,
    hs256Secret: SECRET,
    codes: [{ code: CODE, claims: { sub: 'customer-7', given_name: 'Dana', family_name: 'Lee' }, redirectUri: REDIRECT }],
  },
  // No pre-chat survey: the chat request follows the authentication at once.
  surveys: { preChat: null },
};

const now = () => Math.floor(Date.now() / 1000);

/** An implicit-flow id_token (HS256) for Dana; `claims` change it, `secret` forges it. */
const jwt = (claims: Record<string, unknown> = {}, secret = SECRET) =>
  signJwt({ iss: ISSUER, aud: AUDIENCE, sub: 'customer-42', iat: now(), exp: now() + 600, given_name: 'Dana', ...claims }, { alg: 'HS256', secret });

type Key = { ssoKey: string; redirectUri?: string } | undefined;

/**
 * The brand page with its sign-in: `keys` answers the window's `getAuthCode` calls in turn (the
 * last one repeats; a function is called; `undefined` is "not signed in"). Returns the calls so far.
 */
async function brandPage(page: Page, platform: Platform, keys: (Key | (() => Key | Promise<Key>))[], attributes: Record<string, string> = {}) {
  const calls = { count: 0 };
  await page.exposeFunction('brandGetAuthCode', async () => {
    const next = keys[Math.min(calls.count++, keys.length - 1)];
    const key = typeof next === 'function' ? await next() : next;
    if (!key) throw new Error('not signed in');
    return key;
  });
  await page.addInitScript(() => {
    const w = window as unknown as { lpErrors: unknown[] };
    w.lpErrors = [];
    addEventListener('lp-error', (e) => w.lpErrors.push((e as CustomEvent).detail), true);
  });
  await page.goto(`${platform.pageUrl}&${new URLSearchParams(attributes)}`);
  return calls;
}

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Chat' });
const launcher = (page: Page) => page.getByRole('button', { name: 'Chat with us' });
const lpErrors = (page: Page) => page.evaluate(() => (window as unknown as { lpErrors: { code: string; during: string; message: string }[] }).lpErrors);
const chats = ({ emulator }: Platform): Chat[] => [...emulator.state.chats.values()];
const attempts = ({ emulator }: Platform): AuthenticationAttempt[] => emulator.state.records.visitorAuthentications;
/** Everything the page keeps: the window's storage. */
const stored = (page: Page) => page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));

test.use({ emulatorOptions: { config: CONFIG } });

test.describe('authenticated visitors', () => {
  test('a valid JWT: the visitor is authenticated, the chat carries the ids, the bot greets them by name; the key is never kept', async ({ page, platform }) => {
    const token = jwt();
    const logged: string[] = [];
    page.on('console', (message) => logged.push(message.text()));
    const calls = await brandPage(page, platform, [{ ssoKey: token }]);
    await launcher(page).click();
    await expect(dialog(page).getByRole('log').getByText(/^Hi Dana! I'm Alex, a bot\./)).toBeVisible();
    expect(calls.count).toBe(1);

    const [attempt] = attempts(platform);
    expect(attempt).toMatchObject({ outcome: 'accepted', flow: 'implicit', sub: 'customer-42' });
    const [authentication] = [...platform.emulator.state.authentications.values()];
    const [session] = [...platform.emulator.state.engagementSessions.values()];
    // Visitor authentication with the engagement's connector and the monitoring ids App Engagement gave.
    expect(authentication).toMatchObject({
      connectorId: CONNECTOR,
      engagementId: '3562981110',
      LETagVisitorId: session!.visitorId,
      LETagSessionId: session!.sessionId,
    });
    const [chat] = chats(platform);
    expect(chat!.request.authentication).toMatchObject({
      participantId: authentication!.participantId,
      conversationId: authentication!.conversationId,
      flow: 'implicit',
      identity: { sub: 'customer-42', given_name: 'Dana' },
    });
    expect(String(chat!.request.engagementId)).toBe('3562981110');

    // The key went to the platform once, and nowhere else: not in storage, not in the console.
    await page.waitForTimeout(300);
    expect(await stored(page)).not.toContain(token);
    expect(logged.filter((text) => text.includes(token))).toEqual([]);
    expect(await lpErrors(page)).toEqual([]);
  });

  test.describe('refused keys', () => {
    // The browser logs every 401 it gets.
    test.use({ expectedConsoleErrors: /status of 401/ });

    for (const [name, token, reason] of [
      ['an expired JWT', () => jwt({ iat: now() - 1200, exp: now() - 600 }), /expired/i],
      ['a JWT for another audience', () => jwt({ aud: 'someone-else' }), /audience/i],
      ['a forged JWT (another secret)', () => jwt({}, 'not the brand secret, but at least 32 bytes long'), /signature/i],
    ] as const) {
      test(`${name} is refused: a clear message with Try again and no chat; a valid key then chats`, async ({ page, platform }) => {
        const calls = await brandPage(page, platform, [{ ssoKey: token() }, () => ({ ssoKey: jwt() })]);
        await launcher(page).click();
        await expect(dialog(page).getByRole('alert')).toHaveText("We couldn't confirm who you are, so the chat could not start.");
        expect(chats(platform)).toEqual([]);
        expect(attempts(platform)).toHaveLength(1);
        expect(attempts(platform)[0]).toMatchObject({ outcome: 'refused', reason: expect.stringMatching(reason) });
        const [error] = await lpErrors(page);
        expect(error).toMatchObject({ code: 'unauthorized', during: 'authentication', retryable: true, message: expect.stringMatching(reason) });

        // The host may have a fresh key: Try again asks for one.
        await dialog(page).getByRole('button', { name: 'Try again' }).click();
        await expect(dialog(page).getByRole('log').getByText(/^Hi Dana!/)).toBeVisible();
        expect(calls.count).toBe(2);
        expect(chats(platform)[0]!.request.authentication?.identity.sub).toBe('customer-42');
      });
    }

    test('auth-fallback: a visitor who cannot be authenticated chats as an ordinary visitor, not on the authenticated engagement', async ({ page, platform }) => {
      await brandPage(page, platform, [{ ssoKey: jwt({ exp: now() - 60, iat: now() - 120 }) }], { 'auth-fallback': '' });
      await launcher(page).click();
      // The bot has no proven name to greet.
      await expect(dialog(page).getByRole('log').getByText(/^Hi! I'm Alex/)).toBeVisible();
      await expect(dialog(page).getByRole('alert')).toHaveCount(0);
      const [chat] = chats(platform);
      expect(chat!.request.authentication).toBeUndefined();
      // The platform keeps the authenticated engagement for authenticated visitors: the fallback chat
      // is requested on the engagement's skill, without its ids.
      expect(chat!.request).toMatchObject({ skill: 'Sales', engagementId: undefined, campaignId: undefined, LETagContextId: undefined });
      expect(await lpErrors(page)).toEqual([expect.objectContaining({ code: 'unauthorized', during: 'authentication' })]);
      const message = dialog(page).getByRole('textbox', { name: 'Message' });
      await message.fill('hello');
      await message.press('Enter');
      await expect(dialog(page).getByRole('log').getByText('You said: hello')).toBeVisible();
    });
  });

  test('the code flow: an authorization code with the redirect URI it was issued for', async ({ page, platform }) => {
    await brandPage(page, platform, [{ ssoKey: CODE, redirectUri: REDIRECT }]);
    await launcher(page).click();
    await expect(dialog(page).getByRole('log').getByText(/^Hi Dana! I'm Alex/)).toBeVisible();
    expect(attempts(platform)).toEqual([expect.objectContaining({ outcome: 'accepted', flow: 'code', sub: 'customer-7' })]);
    expect([...platform.emulator.state.authentications.values()][0]!.redirectUri).toBe(REDIRECT);
    expect(chats(platform)[0]!.request.authentication?.flow).toBe('code');
  });

  test('a visitor the page cannot sign in gets no chat on the authenticated engagement', async ({ page, platform }) => {
    await brandPage(page, platform, [undefined]);
    await launcher(page).click();
    await expect(dialog(page).getByRole('alert')).toContainText("We couldn't confirm who you are");
    await expect(dialog(page).getByRole('button', { name: 'Try again' })).toBeVisible();
    // No key, no visitor authentication.
    expect(attempts(platform)).toEqual([]);
    expect(chats(platform)).toEqual([]);
    expect(await lpErrors(page)).toEqual([expect.objectContaining({ during: 'authentication', message: 'getAuthCode failed: not signed in' })]);
  });

  test('the monitored flow: the Web Tag’s authenticated engagement (connector.id)', async ({ page, platform }) => {
    await brandPage(page, platform, [{ ssoKey: jwt() }], { 'js-method-name': 'lpStartChat', 'web-tag': '' });
    await page.evaluate((id) => ((window as unknown as { fakeWebTagData: Record<string, unknown> }).fakeWebTagData.connector = { id: Number(id) }), CONNECTOR);
    await page.locator('#lp-web-tag-engagement').click();
    await expect(dialog(page).getByRole('log').getByText(/^Hi Dana!/)).toBeVisible();
    expect([...platform.emulator.state.authentications.values()][0]).toMatchObject({
      LETagVisitorId: 'WTvisitor0001',
      LETagSessionId: 'WTsession0001',
      LETagContextId: '7',
    });
  });

  test('the key is never kept, even while the authentication is on its way', async ({ page, platform }) => {
    const token = jwt();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const arrived = new Promise<void>((resolve) => (reached = resolve));
    await page.route(/\/conversation\.json/, async (route) => {
      reached();
      await released;
      await route.continue();
    });
    await brandPage(page, platform, [{ ssoKey: token }]);
    await launcher(page).click();
    await arrived;
    // The chat on its way is kept (changes are written within 250 ms), the key is not.
    await expect.poll(() => stored(page)).toContain('verifying');
    expect(await stored(page)).not.toContain(token);
    release();
    await expect(dialog(page).getByRole('log').getByText(/^Hi Dana!/)).toBeVisible();
    await page.waitForTimeout(300);
    expect(await stored(page)).not.toContain(token);
  });

  test('a reload while the page is being asked for the key asks it again, and the chat goes on', async ({ page, platform }) => {
    const calls = await brandPage(page, platform, [() => new Promise<Key>(() => {}), { ssoKey: jwt() }]);
    await launcher(page).click();
    await expect.poll(() => stored(page)).toContain('asking');
    expect(calls.count).toBe(1);
    await page.reload();
    await expect(dialog(page).getByRole('log').getByText(/^Hi Dana!/)).toBeVisible();
    expect(calls.count).toBe(2);
    expect(attempts(platform)).toEqual([expect.objectContaining({ outcome: 'accepted' })]);
    expect(chats(platform)).toHaveLength(1);
  });

  test.describe('a reload while the visitor authentication is on its way', () => {
    // The page going away cancels the request, and the browser says so.
    test.use({ expectedConsoleErrors: /Failed to load resource: net::ERR_/ });

    test('asks the page for a key again, and the chat goes on', async ({ page, platform }) => {
      const { emulator } = platform;
      const calls = await brandPage(page, platform, [
        () => {
          // The platform is slow to answer this one.
          emulator.setFaults({ latencyMs: 3000 });
          return { ssoKey: jwt({ sub: 'first-try' }) };
        },
        () => {
          emulator.setFaults({ latencyMs: 0 });
          return { ssoKey: jwt() };
        },
      ]);
      await launcher(page).click();
      await expect.poll(() => stored(page)).toContain('verifying');
      await page.reload();
      await expect(dialog(page).getByRole('log').getByText(/^Hi Dana!/)).toBeVisible();
      expect(calls.count).toBe(2);
      expect(chats(platform)).toHaveLength(1);
      expect(chats(platform)[0]!.request.authentication?.identity.sub).toBe('customer-42');
    });
  });
});

test.describe('authenticated visitors through the first-party relay', () => {
  test.use({ relayed: true });

  test('a valid JWT: the visitor authentication and the chat go through the relay, same-origin', async ({ page, platform, site }) => {
    const origins = new Set<string>();
    page.on('request', (request) => void origins.add(new URL(request.url()).origin));
    await brandPage(page, platform, [{ ssoKey: jwt() }]);
    await launcher(page).click();
    await expect(dialog(page).getByRole('log').getByText(/^Hi Dana! I'm Alex/)).toBeVisible();
    expect([...origins]).toEqual([site.url]);
    expect(attempts(platform)).toEqual([expect.objectContaining({ outcome: 'accepted', flow: 'implicit' })]);
    expect(chats(platform)[0]!.request.authentication?.identity.given_name).toBe('Dana');
  });

  test.describe('refused', () => {
    test.use({ expectedConsoleErrors: /status of 401/ });

    test('a forged JWT through the relay: refused with the clear message', async ({ page, platform }) => {
      await brandPage(page, platform, [{ ssoKey: jwt({}, 'a forger’s secret, also at least 32 bytes long') }]);
      await launcher(page).click();
      await expect(dialog(page).getByRole('alert')).toContainText("We couldn't confirm who you are");
      expect(attempts(platform)[0]).toMatchObject({ outcome: 'refused', reason: expect.stringMatching(/signature/i) });
      expect(chats(platform)).toEqual([]);
    });
  });
});
