import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot } from '../../emulator/bot/bot.js';
import type { Bot } from '../../emulator/bot/bot.js';
import { signJwt } from '../../emulator/jwt.js';
import type { Emulator } from '../../emulator/server.js';
import { ACCOUNT, acceptChat, call, chatBase, consumerHeaders, eventList, expect, onlineAgent, requestChat, test, visitorGet, waitFor } from './fixtures.js';

// Visitor authentication (protocol.md §1.2 "Visitor Authentication request", §2.4, §5.5): the ssoKey is an
// implicit-flow JWT (HS256 with a shared secret, RS256 with a JWKS) or a code-flow authorization code;
// the answer's conversationId and participantId go into the chat request, and the agent sees who the
// visitor proved to be.

const CONNECTOR = '568046210';
const ISSUER = 'https://idp.brand.example';
const AUDIENCE = 'lp-chat-window';
const SECRET = 'a shared secret of more than 32 bytes, for HS256';
const REDIRECT = 'https://brand.example/chat';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const intruder = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = rsa.publicKey.export({ format: 'jwk' });
const dir = mkdtempSync(join(tmpdir(), 'lp-emulator-jwks-'));
const JWKS_FILE = join(dir, 'jwks.json');
writeFileSync(JWKS_FILE, JSON.stringify({ keys: [{ ...jwk, kid: 'brand-1', alg: 'RS256', use: 'sig' }] }));

const CONFIG = {
  engagement: { status: 'Available', connectorId: CONNECTOR },
  authentication: {
    issuer: ISSUER,
    audience: AUDIENCE,
    hs256Secret: SECRET,
    jwksFile: JWKS_FILE,
    codes: [
      { code: 'k12197', claims: { sub: 'customer-7', given_name: 'Dana', family_name: 'Lee', email: 'dana@example.com' }, redirectUri: REDIRECT },
      { code: 'any-redirect', claims: { sub: 'customer-8', preferred_username: 'sam' } },
    ],
  },
};

const now = (): number => Math.floor(Date.now() / 1000);

/** Claims of a good id_token: LivePerson's mandatory set (iss, iat, exp), sub, aud, and name claims. */
function claims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { iss: ISSUER, aud: AUDIENCE, sub: 'customer-42', iat: now(), exp: now() + 600, given_name: 'Jane', family_name: 'Doe', ...extra };
}

const hs256 = (extra?: Record<string, unknown>, secret = SECRET): string => signJwt(claims(extra), { alg: 'HS256', secret });
/** `kid` null: a token without one. */
const rs256 = (extra?: Record<string, unknown>, privateKey = rsa.privateKey, kid: string | null = 'brand-1'): string =>
  signJwt(claims(extra), { alg: 'RS256', privateKey, ...(kid === null ? {} : { kid }) });

/** An engagement session (authenticated engagement) and the body of its visitor authentication. */
async function engagement(emulator: Emulator) {
  const created = await call(`${emulator.url}/api/account/${ACCOUNT}/app/engagement/visitors?v=1.0`, { body: { appType: 'EXTERNAL' } });
  const { visitorId, sessionId, engagementDetails: details } = created.body;
  expect(details.connectorId).toBe(Number(CONNECTOR));
  return {
    details,
    authBody: (ssoKey: string, extra: Record<string, unknown> = {}) => ({
      authChatConnId: details.connectorId,
      ssoKey,
      engagementId: Number(details.engagementId),
      LETagContextId: details.contextId,
      LETagSessionId: sessionId,
      LETagVisitorId: visitorId,
      ...extra,
    }),
    chatRequest: (extra: Record<string, unknown> = {}) => ({
      LETagVisitorId: visitorId,
      LETagSessionId: sessionId,
      LETagContextId: details.contextId,
      engagementId: details.engagementId,
      campaignId: details.campaignId,
      ...extra,
    }),
  };
}

const conversationUrl = (emulator: Emulator): string => `${emulator.url}/api/account/${ACCOUNT}/conversation.json?v=1&NC=true`;

async function authenticate(emulator: Emulator, body: unknown, headers = consumerHeaders()) {
  return call(conversationUrl(emulator), { headers, body });
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

test.use({ emulatorOptions: { config: CONFIG } });

test.describe('visitor authentication: implicit flow (JWT)', () => {
  test('a valid HS256 JWT: 201 with conversationId and participantId (and Location); the authentication is kept', async ({ emulator }) => {
    const { authBody } = await engagement(emulator);
    const answer = await authenticate(emulator, authBody(hs256(), { redirectUri: REDIRECT }));
    expect(answer.status, answer.text).toBe(201);
    expect(answer.body).toEqual({ conversationId: expect.stringMatching(GUID), participantId: expect.stringMatching(GUID) });
    expect(answer.headers.get('location')).toBe(`${emulator.url}/api/account/${ACCOUNT}/conversation/${answer.body.conversationId}`);
    const kept = emulator.state.authentications.get(`${ACCOUNT}/${answer.body.conversationId}`)!;
    expect(kept).toMatchObject({
      flow: 'implicit',
      participantId: answer.body.participantId,
      connectorId: CONNECTOR,
      identity: { sub: 'customer-42', iss: ISSUER, given_name: 'Jane', family_name: 'Doe' },
      redirectUri: REDIRECT,
    });
    expect(emulator.state.records.visitorAuthentications).toEqual([
      { time: expect.any(Number), account: ACCOUNT, outcome: 'accepted', flow: 'implicit', sub: 'customer-42', conversationId: answer.body.conversationId },
    ]);
  });

  test('a valid RS256 JWT, by kid or without one, from the JWKS file or an inline JWKS; aud may be a list', async ({ emulator }) => {
    const { authBody } = await engagement(emulator);
    for (const token of [rs256(), rs256({}, rsa.privateKey, null), rs256({ aud: ['other', AUDIENCE] })]) {
      const answer = await authenticate(emulator, authBody(token));
      expect(answer.status, answer.text).toBe(201);
    }
    await emulator.updateConfig({ authentication: { jwksFile: null, jwks: { keys: [jwk] } } });
    const inline = await authenticate(emulator, authBody(rs256({}, rsa.privateKey, null)));
    expect(inline.status, inline.text).toBe(201);
  });

  test('expired, wrong audience, wrong issuer, forged or tampered tokens are 401 with the platform error body', async ({ emulator }) => {
    const { authBody } = await engagement(emulator);
    const [head, , sig] = hs256().split('.');
    const tampered = `${head}.${Buffer.from(JSON.stringify(claims({ sub: 'admin' }))).toString('base64url')}.${sig}`;
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.AA`;
    const refused: Array<[string, string, RegExp]> = [
      ['expired', hs256({ exp: now() - 5, iat: now() - 600 }), /the token has expired/],
      ['expired RS256', rs256({ exp: now() - 1 }), /the token has expired/],
      ['wrong audience', hs256({ aud: 'someone-else' }), /aud "someone-else" does not name the configured audience/],
      ['no audience', hs256({ aud: undefined }), /aud null does not name the configured audience/],
      ['wrong issuer', rs256({ iss: 'https://evil.example' }), /iss "https:\/\/evil.example" is not the configured issuer/],
      ['forged HS256 signature', hs256({}, 'another secret, also longer than 32 bytes'), /the signature does not match/],
      ['forged RS256 signature', rs256({}, intruder.privateKey), /the signature does not match/],
      ['unknown kid', rs256({}, intruder.privateKey, 'intruder-1'), /no RS256 public key has kid "intruder-1"/],
      ['tampered payload', tampered, /the signature does not match/],
      ['alg none', none, /alg "none" is not accepted/],
      ['not yet valid', hs256({ nbf: now() + 600 }), /not valid yet/],
      ['issued in the future', hs256({ iat: now() + 600 }), /issued in the future/],
      ['no exp', hs256({ exp: undefined }), /exp is required/],
      ['exp as a string', hs256({ exp: String(now() + 600) }), /exp is required/],
      ['no sub', hs256({ sub: undefined }), /sub is required/],
      ['not base64url JSON', `${head}.e30x.${sig}`, /payload is not base64url-encoded JSON/],
    ];
    for (const [what, token, message] of refused) {
      const answer = await authenticate(emulator, authBody(token));
      expect(answer.status, what).toBe(401);
      expect(answer.body, what).toEqual({ error: { time: expect.any(String), message: expect.stringMatching(message), internalCode: 10 } });
      expect(answer.body.error.message, what).toMatch(/^Visitor authentication failed: /);
    }
    expect(emulator.state.authentications.size).toBe(0);
    const attempts = emulator.state.records.visitorAuthentications;
    expect(attempts).toHaveLength(refused.length);
    expect(attempts.every((a) => a.outcome === 'refused' && /^Visitor authentication failed/.test(a.reason ?? ''))).toBe(true);
  });

  test('the clock tolerance is configurable; an HS256 token is never checked with the RSA key, nor RS256 without one', async ({ emulator }) => {
    const { authBody } = await engagement(emulator);
    const late = hs256({ exp: now() - 20, iat: now() - 600 });
    expect((await authenticate(emulator, authBody(late))).status).toBe(401);
    await emulator.updateConfig({ authentication: { clockToleranceSeconds: 60 } });
    expect((await authenticate(emulator, authBody(late))).status).toBe(201);

    // Algorithm confusion: an HS256 token "signed" with the RSA public key as the secret.
    const pem = rsa.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect((await authenticate(emulator, authBody(hs256({}, pem)))).status).toBe(401);
    await emulator.updateConfig({ authentication: { hs256Secret: null } });
    const noSecret = await authenticate(emulator, authBody(hs256()));
    expect(noSecret.body.error.message).toMatch(/no HS256 secret is configured/);
    await emulator.updateConfig({ authentication: { jwksFile: null } });
    const noKeys = await authenticate(emulator, authBody(rs256()));
    expect(noKeys.body.error.message).toMatch(/no RS256 public key is configured/);
  });
});

test.describe('visitor authentication: code flow', () => {
  test('a configured code is accepted (with its redirectUri when it names one); other codes are 401', async ({ emulator }) => {
    const { authBody } = await engagement(emulator);
    const good = await authenticate(emulator, authBody('k12197', { redirectUri: REDIRECT }));
    expect(good.status, good.text).toBe(201);
    expect(emulator.state.authentications.get(`${ACCOUNT}/${good.body.conversationId}`)).toMatchObject({
      flow: 'code',
      identity: { sub: 'customer-7', given_name: 'Dana', family_name: 'Lee', email: 'dana@example.com' },
    });
    expect((await authenticate(emulator, authBody('any-redirect'))).status).toBe(201);

    const wrongRedirect = await authenticate(emulator, authBody('k12197', { redirectUri: 'https://evil.example/' }));
    expect(wrongRedirect.status).toBe(401);
    expect(wrongRedirect.body.error).toMatchObject({ message: 'Visitor authentication failed: redirectUri does not match the one of the code', internalCode: 10 });
    const noRedirect = await authenticate(emulator, authBody('k12197'));
    expect(noRedirect.status).toBe(401);
    const unknown = await authenticate(emulator, authBody('k12198', { redirectUri: REDIRECT }));
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toBe('Visitor authentication failed: unknown authorization code');
  });
});

test.describe('visitor authentication: requests', () => {
  test('malformed requests are 400, an unknown connector is 400, no appKey is 401 lp_problem', async ({ emulator }) => {
    const { authBody } = await engagement(emulator);
    const bad: Array<[unknown, RegExp]> = [
      [authBody(''), /ssoKey is required/],
      [{ ...authBody(hs256()), ssoKey: undefined }, /ssoKey is required/],
      [{ ...authBody(hs256()), authChatConnId: undefined }, /authChatConnId is required/],
      [{ ...authBody(hs256()), engagementId: 'x1' }, /engagementId is required/],
      [{ ...authBody(hs256()), LETagSessionId: undefined }, /LETagSessionId is required/],
      [{ ...authBody(hs256()), LETagVisitorId: '' }, /LETagVisitorId is required/],
      [{ ...authBody(hs256()), LETagContextId: null }, /LETagContextId is required/],
      [{ ...authBody(hs256()), redirectUri: 7 }, /redirectUri must be a string/],
      [{ ...authBody(hs256()), connectorId: CONNECTOR }, /Unknown parameter connectorId/],
      [{ ...authBody(hs256()), authChatConnId: 1234 }, /authChatConnId 1234 is not the engagement's connectorId/],
      ['[]', /valid JSON/],
    ];
    for (const [body, message] of bad) {
      const answer = await authenticate(emulator, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error, JSON.stringify(body)).toMatchObject({ message: expect.stringMatching(message), internalCode: 5 });
    }
    const noKey = await authenticate(emulator, authBody(hs256()), { Accept: 'application/json' });
    expect(noKey.status).toBe(401);
    expect(noKey.text).toMatch(/^lp_problem=consumer_key_rejected/);
    const byQuery = await call(`${conversationUrl(emulator)}&appKey=721c180b09eb463d9f3191c41762bb68`, { body: authBody(hs256()) });
    expect(byQuery.status).toBe(201);
    expect((await call(conversationUrl(emulator), { headers: consumerHeaders() })).status).toBe(405);

    await emulator.updateConfig({ engagement: { connectorId: null } });
    const unauthenticatedEngagement = await authenticate(emulator, authBody(hs256()));
    expect(unauthenticatedEngagement.status).toBe(400);
    expect(unauthenticatedEngagement.body.error.message).toMatch(/no authenticated engagement is configured/);
  });
});

test.describe('authenticated chats', () => {
  test('the chat request carries participantId and conversationId; the agent sees who the visitor is, the visitor does not', async ({ emulator }) => {
    const agent = await onlineAgent(emulator);
    const { authBody, chatRequest } = await engagement(emulator);
    const { body: ids } = await authenticate(emulator, authBody(rs256({ email: 'jane@example.com', phone_number: '+1 212 555 0100', lp_sdes: [] })));
    const chatUrl = await requestChat(emulator, chatRequest(ids));
    const chat = emulator.state.chats.get(chatUrl.split('/').pop()!)!;
    expect(chat.request.authentication).toEqual({
      participantId: ids.participantId,
      conversationId: ids.conversationId,
      flow: 'implicit',
      identity: { sub: 'customer-42', iss: ISSUER, given_name: 'Jane', family_name: 'Doe', email: 'jane@example.com', phone_number: '+1 212 555 0100' },
    });

    const agentChat = await acceptChat(agent);
    const agentInfo = (await call(`${agentChat}/info.json?v=1`, { headers: agent.headers })).body.info;
    expect(agentInfo.participantId).toBe(ids.participantId);
    expect(agentInfo.authenticatedVisitor).toEqual(chat.request.authentication!.identity);
    const agentResource = (await call(`${agentChat}.json?v=1`, { headers: agent.headers })).body.chat;
    expect(agentResource.info.authenticatedVisitor.given_name).toBe('Jane');

    const visitorInfo = (await visitorGet(`${chatUrl}/info`)).body.info;
    expect(visitorInfo).not.toHaveProperty('participantId');
    expect(visitorInfo).not.toHaveProperty('authenticatedVisitor');
  });

  test('without a valid authentication the authenticated engagement refuses the chat (401); other chats need none', async ({ emulator }) => {
    const { authBody, chatRequest } = await engagement(emulator);
    const { body: ids } = await authenticate(emulator, authBody(hs256()));
    const request = (body: Record<string, unknown>) =>
      call(`${chatBase(emulator)}/request.json?v=1&NC=true`, { headers: consumerHeaders(), body: { request: { skill: 'Sales', ...body } } });

    const refusals: Array<[Record<string, unknown>, RegExp]> = [
      [chatRequest(), /This engagement is for authenticated visitors/],
      [chatRequest({ participantId: ids.participantId }), /Unknown visitor authentication/],
      [chatRequest({ conversationId: ids.conversationId }), /Unknown visitor authentication/],
      [chatRequest({ participantId: ids.conversationId, conversationId: ids.participantId }), /Unknown visitor authentication/],
      [chatRequest({ participantId: 'x', conversationId: 'y' }), /Unknown visitor authentication/],
    ];
    for (const [body, message] of refusals) {
      const answer = await request(body);
      expect(answer.status, JSON.stringify(body)).toBe(401);
      expect(answer.body.error).toEqual({ time: expect.any(String), message: expect.stringMatching(message), internalCode: 10 });
    }
    const elsewhere = await call(`${emulator.url}/api/account/le88776655/chat/request.json?v=1`, {
      headers: consumerHeaders(),
      body: { request: chatRequest(ids) },
    });
    expect(elsewhere.status).toBe(401);
    expect(emulator.state.chats.size).toBe(0);

    expect((await request(chatRequest(ids))).status).toBe(201);
    expect((await request({ engagementId: '111' })).status).toBe(201);
    expect((await request({})).status).toBe(201);
  });

  test('configuration of the connector is checked as a whole', async ({ emulator }) => {
    const refused = [
      { authentication: { hs256Secret: 'too short' } },
      { authentication: { jwksFile: join(dir, 'missing.json') } },
      { authentication: { jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'a', y: 'b' }] } } },
      { authentication: { jwks: { keys: [{ kty: 'RSA', n: 'not-a-modulus!', e: 'AQAB' }] } } },
      { authentication: { codes: [{ code: 'c1' }] } },
      { authentication: { codes: [{ code: 'c1', claims: { sub: 's' } }, { code: 'c1', claims: { sub: 't' } }] } },
      { authentication: { codes: [{ code: hs256(), claims: { sub: 's' } }] } },
      { authentication: { issuer: '' } },
      { authentication: { clockToleranceSeconds: 301 } },
      { authentication: { algorithm: 'HS512' } },
    ];
    for (const patch of refused) {
      const answer = await call(`${emulator.url}/_emulator/config`, { method: 'PUT', body: patch });
      expect(answer.status, JSON.stringify(patch)).toBe(400);
    }
    expect(emulator.config.authentication.jwksFile).toBe(JWKS_FILE);
  });
});

test.describe('the bot and an authenticated visitor', () => {
  let bot: Bot | undefined;
  test.afterEach(async () => {
    await bot?.stop();
    bot = undefined;
  });

  test('the bot greets an authenticated visitor by the name they proved, an anonymous one as before', async ({ emulator }) => {
    bot = await startBot({ csds: emulator.url, account: ACCOUNT, pollInterval: 40, typingDelay: 20, log: () => {} });
    const greetings = async (chatUrl: string): Promise<string> => {
      const line = await waitFor(async () => {
        const events = eventList((await visitorGet(`${chatUrl}/events`)).body.events);
        return events.find((e) => e['@type'] === 'line' && e.source === 'agent')?.text as string | undefined;
      }, 5000);
      return line;
    };

    const { authBody, chatRequest } = await engagement(emulator);
    const { body: ids } = await authenticate(emulator, authBody('k12197', { redirectUri: REDIRECT }));
    const dana = await requestChat(emulator, chatRequest(ids));
    expect(await greetings(dana)).toBe('Hi Dana! I\'m Alex, a bot. Type "help" to see what I can do.');

    const { body: sam } = await authenticate(emulator, authBody('any-redirect'));
    expect(await greetings(await requestChat(emulator, chatRequest(sam)))).toBe('Hi sam! I\'m Alex, a bot. Type "help" to see what I can do.');

    const anonymous = await requestChat(emulator, { engagementId: '111' });
    expect(await greetings(anonymous)).toBe('Hi! I\'m Alex, a bot. Type "help" to see what I can do.');
  });
});
