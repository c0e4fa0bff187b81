/**
 * What the relay sends upstream and what it gives back, against a fake LivePerson: every documented
 * path and method, the appKey, the visitor's address and browser, cookies, headers, and the URLs
 * moved onto the relay.
 */
import {
  ACCOUNT,
  APP_KEY,
  CHAT_BASE,
  CHAT_ID,
  CHAT_ORIGIN,
  ENGAGEMENT_BASE,
  ENGAGEMENT_ORIGIN,
  ORIGIN,
  PREFIX,
  SECOND_ACCOUNT,
  expect,
  send,
  setup,
  test,
} from './fixtures.js';

const override = { 'X-HTTP-Method-Override': 'PUT' };

test.describe('the allow-list forwards every documented call', () => {
  // [path below …/chat/, method, override?, upstream method, upstream override?]
  const cases: Array<[string, string, boolean, string, boolean]> = [
    ['availability.json?v=1&NC=true&skill=Sales', 'GET', false, 'GET', false],
    ['availability', 'GET', false, 'GET', false],
    ['availableSlots.json?v=1&skill=Sales&maxWaitTime=0', 'GET', false, 'GET', false],
    ['estimatedWaitTime.json?v=1&skill=Sales', 'GET', false, 'GET', false],
    ['/preSurvey.json?v=1&NC=true', 'GET', false, 'GET', false],
    ['preSurvey.json?v=1', 'GET', false, 'GET', false],
    ['offlineSurvey.json?v=1&skill=Sales', 'GET', false, 'GET', false],
    ['offlineSurvey.json?v=1', 'POST', false, 'POST', false],
    ['offlineSurvey.json?v=1', 'POST', true, 'POST', true],
    ['offlineSurvey', 'PUT', false, 'POST', true],
    ['request.json?v=1&NC=true', 'POST', false, 'POST', false],
    [`${CHAT_ID}.json?v=1&NC=true&from=3`, 'GET', false, 'GET', false],
    [`${CHAT_ID}?from=3`, 'GET', false, 'GET', false],
    [`${CHAT_ID}/events.json?v=1&from=0`, 'GET', false, 'GET', false],
    [`${CHAT_ID}/events.json?v=1&NC=true`, 'POST', false, 'POST', false],
    [`${CHAT_ID}/events/4.json?v=1`, 'GET', false, 'GET', false],
    [`${CHAT_ID}/info.json?v=1`, 'GET', false, 'GET', false],
    [`${CHAT_ID}/info/visitorName.json?v=1`, 'GET', false, 'GET', false],
    [`${CHAT_ID}/info/visitorName.json?v=1`, 'POST', true, 'POST', true],
    [`${CHAT_ID}/info/visitorName`, 'PUT', false, 'POST', true],
    [`${CHAT_ID}/info/visitorTyping.json?v=1`, 'GET', false, 'GET', false],
    [`${CHAT_ID}/info/visitorTyping.json?v=1`, 'POST', true, 'POST', true],
    [`${CHAT_ID}/info/agentTyping.json?v=1`, 'GET', false, 'GET', false],
    [`${CHAT_ID}/exitSurvey.json?v=1`, 'GET', false, 'GET', false],
    [`${CHAT_ID}/exitSurvey.json?v=1`, 'POST', true, 'POST', true],
    [`${CHAT_ID}/transcriptRequest.json?v=1`, 'POST', true, 'POST', true],
    [`${CHAT_ID}/transcriptWithSubjectRequest.json?v=1`, 'PUT', false, 'POST', true],
  ];
  for (const [path, method, withOverride, upstreamMethod, upstreamOverride] of cases) {
    test(`${method}${withOverride ? '+override' : ''} chat/${path}`, async () => {
      const { relay, upstream } = setup();
      const hasBody = method !== 'GET';
      const answer = await send(relay, `${CHAT_BASE}/${path}`, {
        method,
        headers: withOverride ? override : {},
        body: hasBody ? { any: 'thing' } : undefined,
      });
      expect(answer.status).toBe(200);
      const [call] = upstream.serviceCalls;
      const [pathPart, query = ''] = path.split('?');
      expect(call!.url.href).toBe(`${CHAT_ORIGIN}/api/account/${ACCOUNT}/chat/${pathPart}${query ? `?${query}` : ''}`);
      expect(call!.method).toBe(upstreamMethod);
      expect(call!.headers.get('x-http-method-override')).toBe(upstreamOverride ? 'PUT' : null);
      expect(call!.body).toBe(hasBody ? JSON.stringify({ any: 'thing' }) : '');
    });
  }

  test('App Engagement: create session (POST) and update session (POST+override or PUT) go as documented', async () => {
    const { relay, upstream } = setup();
    expect((await send(relay, `${ENGAGEMENT_BASE}/visitors?v=1.0`, { body: { appType: 'EXTERNAL' } })).status).toBe(200);
    expect((await send(relay, `${ENGAGEMENT_BASE}/visitors/vis_1-A?v=1.0&sid=s1`, { body: { appType: 'EXTERNAL' } })).status).toBe(200);
    expect((await send(relay, `${ENGAGEMENT_BASE}/visitors/vis_1-A?v=1.0&sid=s1`, { headers: override, body: { pageId: '1' } })).status).toBe(200);
    expect((await send(relay, `${ENGAGEMENT_BASE}/visitors/vis_1-A?v=1.0&sid=s1`, { method: 'PUT', body: { pageId: '2' } })).status).toBe(200);
    const calls = upstream.serviceCalls.map((call) => [call.method, call.url.href, call.headers.get('x-http-method-override')]);
    expect(calls).toEqual([
      ['POST', `${ENGAGEMENT_ORIGIN}/api/account/${ACCOUNT}/app/engagement/visitors?v=1.0`, null],
      ['POST', `${ENGAGEMENT_ORIGIN}/api/account/${ACCOUNT}/app/engagement/visitors/vis_1-A?v=1.0&sid=s1`, null],
      ['PUT', `${ENGAGEMENT_ORIGIN}/api/account/${ACCOUNT}/app/engagement/visitors/vis_1-A?v=1.0&sid=s1`, null],
      ['PUT', `${ENGAGEMENT_ORIGIN}/api/account/${ACCOUNT}/app/engagement/visitors/vis_1-A?v=1.0&sid=s1`, null],
    ]);
  });

  test('visitor authentication (POST conversation.json) goes to the account on the chat host, its body as sent', async () => {
    const { relay, upstream } = setup();
    const body = { authChatConnId: '4', ssoKey: 'eyJ.x.y', engagementId: '7', LETagVisitorId: 'v1', LETagSessionId: 's1', LETagContextId: '1' };
    const base = CHAT_BASE.slice(0, -'/chat'.length);
    expect((await send(relay, `${base}/conversation.json?v=1&NC=true`, { body })).status).toBe(200);
    // Nothing else at the account level, and no other method.
    expect((await send(relay, `${base}/conversation.json?v=1`, { method: 'GET' })).status).toBe(405);
    expect((await send(relay, `${base}/conversations.json?v=1`, { body })).status).toBe(404);
    expect(upstream.serviceCalls.map((call) => [call.method, call.url.href, call.body])).toEqual([
      ['POST', `${CHAT_ORIGIN}/api/account/${ACCOUNT}/conversation.json?v=1&NC=true`, JSON.stringify(body)],
    ]);
  });

  test('each account is looked up and forwarded on its own', async () => {
    const { relay, upstream } = setup();
    upstream.domain = (account) => Response.json({ baseURI: `${account.replace('_', '-')}.chat.test:8443` });
    await send(relay, `${ORIGIN}${PREFIX}/conversationVep/api/account/acme_2/chat/availability.json?v=1`);
    await send(relay, `${CHAT_BASE}/availability.json?v=1`);
    expect(upstream.serviceCalls.map((call) => call.url.href)).toEqual([
      'https://acme-2.chat.test:8443/api/account/acme_2/chat/availability.json?v=1',
      'https://123456.chat.test:8443/api/account/123456/chat/availability.json?v=1',
    ]);
  });
});

test.describe('appKey', () => {
  test('is added in the Authorization header; the client’s Authorization and appKey are dropped', async () => {
    const { relay, upstream } = setup();
    await send(relay, `${CHAT_BASE}/availability.json?v=1&appKey=stolen&APPKEY=x&app%4Bey=y&NC=true`, {
      headers: { Authorization: 'LivePerson appKey=client-key', authorization2: 'x' },
    });
    const [call] = upstream.serviceCalls;
    expect(call!.headers.get('authorization')).toBe(`LivePerson appKey=${APP_KEY}`);
    expect(call!.url.search).toBe('?v=1&NC=true');
  });

  test('a configured appKey replaces the global one', async () => {
    const { relay, upstream } = setup({ appKey: 'brand-key-1' });
    await send(relay, `${CHAT_BASE}/availability.json?v=1`);
    expect(upstream.serviceCalls[0]!.headers.get('authorization')).toBe('LivePerson appKey=brand-key-1');
  });

  test("appKeyIn 'query' sends it as the appKey parameter and no Authorization at all", async () => {
    const { relay, upstream } = setup({ appKeyIn: 'query', appKey: 'brand-key-1' });
    await send(relay, `${CHAT_BASE}/availability.json?v=1&appKey=stolen`, { headers: { Authorization: 'Bearer x' } });
    const [call] = upstream.serviceCalls;
    expect(call!.headers.get('authorization')).toBeNull();
    expect(call!.url.search).toBe('?v=1&appKey=brand-key-1');
  });

  test('is never sent to App Engagement or the Domain API', async () => {
    const { relay, upstream } = setup();
    await send(relay, `${ENGAGEMENT_BASE}/visitors?v=1.0`, { headers: { Authorization: 'LivePerson appKey=client' }, body: {} });
    for (const call of upstream.calls) expect(call.headers.get('authorization')).toBeNull();
    const query = setup({ appKeyIn: 'query' });
    await send(query.relay, `${ENGAGEMENT_BASE}/visitors?v=1.0`, { body: {} });
    for (const call of query.upstream.calls) expect(call.url.searchParams.has('appKey')).toBe(false);
  });
});

test.describe('the visitor', () => {
  test('X-Forwarded-For is the connection address; a client-sent chain is not believed', async () => {
    const { relay, upstream } = setup();
    await send(relay, `${CHAT_BASE}/availability.json`, {
      headers: { 'X-Forwarded-For': '6.6.6.6', 'User-Agent': 'Mozilla/5.0 (Visitor)' },
      info: { clientIp: '::ffff:198.51.100.20' },
    });
    const [call] = upstream.serviceCalls;
    expect(call!.headers.get('x-forwarded-for')).toBe('198.51.100.20');
    expect(call!.headers.get('user-agent')).toBe('Mozilla/5.0 (Visitor)');
  });

  test('with trustProxy the connection address is appended to the chain and the last entry is the visitor', async () => {
    const { relay, upstream } = setup({ trustProxy: true });
    await send(relay, `${CHAT_BASE}/request.json?v=1`, {
      headers: { 'X-Forwarded-For': 'not-an-ip, 6.6.6.6,  198.51.100.20 ', 'User-Agent': 'UA/1' },
      body: { request: { skill: 'Sales' } },
      info: { clientIp: '10.0.0.2' },
    });
    const [call] = upstream.serviceCalls;
    expect(call!.headers.get('x-forwarded-for')).toBe('6.6.6.6, 198.51.100.20, 10.0.0.2');
    expect(JSON.parse(call!.body)).toEqual({ request: { skill: 'Sales', visitorIp: '198.51.100.20', userAgent: 'UA/1' } });
  });

  test("the address from Deno's info, Bun's server, or a configured platform header", async () => {
    const { relay, upstream } = setup();
    await send(relay, `${CHAT_BASE}/availability.json`, { info: { remoteAddr: { hostname: '198.51.100.3' } } });
    await send(relay, `${CHAT_BASE}/availability.json`, { info: { requestIP: () => ({ address: '198.51.100.4' }) } });
    await send(relay, `${CHAT_BASE}/availability.json`, { headers: { 'CF-Connecting-IP': '6.6.6.6' }, info: { clientIp: '198.51.100.5' } });
    const cloudflare = setup({ clientIpHeader: 'CF-Connecting-IP' });
    await send(cloudflare.relay, `${CHAT_BASE}/availability.json`, { headers: { 'CF-Connecting-IP': '2001:db8::7' }, info: {} });
    const forwarded = [...upstream.serviceCalls, ...cloudflare.upstream.serviceCalls].map((call) => call.headers.get('x-forwarded-for'));
    expect(forwarded).toEqual(['198.51.100.3', '198.51.100.4', '198.51.100.5', '2001:db8::7']);
  });

  test('with no address at all: no X-Forwarded-For, no visitorIp, and no shared per-address bucket', async () => {
    const { relay, upstream } = setup({ chatRateLimit: false });
    for (let i = 0; i < 100; i++) expect((await send(relay, `${CHAT_BASE}/availability.json`, { info: {} })).status).toBe(200);
    await send(relay, `${CHAT_BASE}/request.json`, { info: {}, body: { request: {} } });
    const last = upstream.serviceCalls.at(-1)!;
    expect(last.headers.get('x-forwarded-for')).toBeNull();
    expect(JSON.parse(last.body)).toEqual({ request: {} });
  });

  test('the chat request gets visitorIp and userAgent when absent, keeps them when present', async () => {
    const { relay, upstream } = setup();
    const info = { clientIp: '203.0.113.9' };
    const headers = { 'User-Agent': 'Mozilla/5.0 (Visitor)' };
    await send(relay, `${CHAT_BASE}/request.json?v=1`, { headers, info, body: { request: { skill: 'Sales', engagementId: 3562981110 } } });
    await send(relay, `${CHAT_BASE}/request.json?v=1`, { headers, info, body: { request: { visitorIp: '192.0.2.1', userAgent: 'Own' } } });
    const bodies = upstream.serviceCalls.map((call) => JSON.parse(call.body));
    expect(bodies[0]).toEqual({ request: { skill: 'Sales', engagementId: 3562981110, visitorIp: '203.0.113.9', userAgent: 'Mozilla/5.0 (Visitor)' } });
    expect(bodies[1]).toEqual({ request: { visitorIp: '192.0.2.1', userAgent: 'Own' } });
  });

  test('a chat request that is not a readable {"request":{…}} goes on byte for byte', async () => {
    const { relay, upstream } = setup();
    const bodies = ['{"request":', '[1,2]', '{"request":"x"}', '{"request":{"visitorId":12345678901234567890}}', '', '\u00ff\u00fe'];
    for (const body of bodies) await send(relay, `${CHAT_BASE}/request.json?v=1`, { body });
    expect(upstream.serviceCalls.map((call) => call.body)).toEqual(bodies);
  });

  test('only the chat request body is touched', async () => {
    const { relay, upstream } = setup();
    const body = JSON.stringify({ request: { skill: 'Sales' } });
    await send(relay, `${CHAT_BASE}/${CHAT_ID}/events.json?v=1`, { body });
    expect(upstream.serviceCalls[0]!.body).toBe(body);
  });
});

test.describe('headers', () => {
  test('cookies are stripped both ways; so are client headers the platform has no use for', async () => {
    const { relay, upstream } = setup();
    upstream.answer = () =>
      new Response('{"availability":true}', {
        headers: [
          ['Content-Type', 'application/json'],
          ['Set-Cookie', 'LPVID=abc; Path=/; HttpOnly'],
          ['Set-Cookie', 'other=1'],
        ],
      });
    const answer = await send(relay, `${CHAT_BASE}/availability.json`, {
      headers: { Cookie: 'session=secret; LPVID=abc', Referer: `${ORIGIN}/page`, 'X-Custom': '1', 'Accept-Language': 'de-DE' },
    });
    const [call] = upstream.serviceCalls;
    expect(call!.headers.get('cookie')).toBeNull();
    expect(call!.headers.get('referer')).toBeNull();
    expect(call!.headers.get('x-custom')).toBeNull();
    expect(call!.headers.get('origin')).toBeNull();
    expect(call!.headers.get('accept')).toBe('application/json');
    expect(call!.headers.get('accept-language')).toBe('de-DE');
    expect(answer.headers.get('set-cookie')).toBeNull();
    expect(answer.headers.getSetCookie()).toEqual([]);
    expect(answer.body).toEqual({ availability: true });
  });

  test('status, body, Content-Type and Retry-After come back; CORS and hop-by-hop headers do not', async () => {
    const { relay, upstream } = setup();
    upstream.answer = () =>
      new Response('lp_problem=consumer_key_rejected', {
        status: 429,
        headers: {
          'Content-Type': 'text/plain; charset=utf-8',
          'Retry-After': '7',
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Credentials': 'true',
          'Access-Control-Expose-Headers': 'Location',
          Connection: 'keep-alive',
          'Keep-Alive': 'timeout=5',
          'Transfer-Encoding': 'chunked',
          'Strict-Transport-Security': 'max-age=1',
          Server: 'upstream',
        },
      });
    const answer = await send(relay, `${CHAT_BASE}/availability.json`);
    expect(answer.status).toBe(429);
    expect(answer.text).toBe('lp_problem=consumer_key_rejected');
    expect(Object.fromEntries(answer.headers)).toEqual({
      'cache-control': 'no-store',
      'content-type': 'text/plain; charset=utf-8',
      'retry-after': '7',
      'x-content-type-options': 'nosniff',
    });
  });

  test('empty answers stay empty (201 with Location, 204)', async () => {
    const { relay, upstream } = setup();
    upstream.answer = (call) =>
      call.url.pathname.endsWith('/request.json')
        ? new Response(null, { status: 201, headers: { Location: `${CHAT_ORIGIN}/api/account/${ACCOUNT}/chat/${CHAT_ID}` } })
        : new Response(null, { status: 204 });
    const created = await send(relay, `${CHAT_BASE}/request.json?v=1`, { body: { request: {} } });
    expect(created.status).toBe(201);
    expect(created.text).toBe('');
    expect(created.headers.get('location')).toBe(`${CHAT_BASE}/${CHAT_ID}`);
    const none = await send(relay, `${CHAT_BASE}//preSurvey.json?v=1`);
    expect(none.status).toBe(204);
    expect(none.text).toBe('');
  });

  test('upstream redirects are passed back, never followed', async () => {
    const { relay, upstream } = setup();
    upstream.answer = () => new Response(null, { status: 302, headers: { Location: 'https://elsewhere.example/x' } });
    const answer = await send(relay, `${CHAT_BASE}/availability.json`);
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe('https://elsewhere.example/x');
    expect(upstream.serviceCalls).toHaveLength(1);
    for (const call of upstream.calls) expect(call.redirect).toBe('manual');
  });
});

test.describe('upstream URLs move onto the relay', () => {
  const chatUrl = `${CHAT_ORIGIN}/api/account/${ACCOUNT}/chat/${CHAT_ID}`;
  const relayChat = `${CHAT_BASE}/${CHAT_ID}`;

  test('Location of a new chat and of a new line, absolute or relative', async () => {
    const { relay, upstream } = setup();
    const locations = [
      chatUrl,
      `/api/account/${ACCOUNT}/chat/${CHAT_ID}/events/5`,
      chatUrl.replace('https://chat.upstream.test', 'HTTPS://CHAT.UPSTREAM.TEST:443') + '/events/6',
    ];
    let i = 0;
    upstream.answer = () => new Response(null, { status: 201, headers: { Location: locations[i++]! } });
    const first = await send(relay, `${CHAT_BASE}/request.json?v=1`, { body: { request: {} } });
    const second = await send(relay, `${relayChat}/events.json?v=1`, { body: { event: { '@type': 'line', text: 'hi' } } });
    expect(first.headers.get('location')).toBe(relayChat);
    expect(second.headers.get('location')).toBe(`${relayChat}/events/5`);
    const third = await send(relay, `${relayChat}/events.json?v=1`, { body: { event: { '@type': 'line', text: 'hi' } } });
    expect(third.headers.get('location')).toBe(`${relayChat}/events/6`);
  });

  test('every link href of a chat resource, with or without @, queries kept', async () => {
    const { relay, upstream } = setup();
    const resource = {
      chat: {
        link: [
          { '@href': chatUrl, '@rel': 'self' },
          { '@href': `${chatUrl}/events`, '@rel': 'events' },
          { '@href': `${chatUrl}?from=5`, '@rel': 'next' },
          { '@href': `${chatUrl}/exitSurvey`, '@rel': 'exit-survey' },
        ],
        events: {
          link: [{ '@href': `${chatUrl}/events?from=5`, '@rel': 'next' }],
          event: { '@id': '4', '@type': 'line', text: 'See https://chat.upstream.test/docs', by: 'Natalie' },
        },
        info: {
          link: [
            { href: `${chatUrl}/info`, rel: 'self' },
            // The docs' own typos: no scheme, one slash.
            { href: `chat.upstream.test/api/account/${ACCOUNT}/chat/${CHAT_ID}/info/agentTyping`, rel: 'agent-typing' },
            { href: `https:/chat.upstream.test/api/account/${ACCOUNT}/chat/${CHAT_ID}/info/visitorName`, rel: 'visitor-name' },
            { href: `/api/account/${ACCOUNT}/chat/${CHAT_ID}/info/visitorTyping`, rel: 'visitor-typing' },
          ],
          state: 'chatting',
        },
      },
    };
    upstream.answer = () => Response.json(resource);
    const answer = await send(relay, `${relayChat}.json?v=1&NC=true`);
    expect(answer.body).toEqual({
      chat: {
        link: [
          { '@href': relayChat, '@rel': 'self' },
          { '@href': `${relayChat}/events`, '@rel': 'events' },
          { '@href': `${relayChat}?from=5`, '@rel': 'next' },
          { '@href': `${relayChat}/exitSurvey`, '@rel': 'exit-survey' },
        ],
        events: {
          link: [{ '@href': `${relayChat}/events?from=5`, '@rel': 'next' }],
          event: { '@id': '4', '@type': 'line', text: 'See https://chat.upstream.test/docs', by: 'Natalie' },
        },
        info: {
          link: [
            { href: `${relayChat}/info`, rel: 'self' },
            { href: `${relayChat}/info/agentTyping`, rel: 'agent-typing' },
            { href: `${relayChat}/info/visitorName`, rel: 'visitor-name' },
            { href: `${relayChat}/info/visitorTyping`, rel: 'visitor-typing' },
          ],
          state: 'chatting',
        },
      },
    });
  });

  test('URLs of other hosts and other accounts are left exactly as they came', async () => {
    const { relay, upstream } = setup();
    const text = JSON.stringify({
      link: [
        { '@href': 'https://elsewhere.example/api/account/123456/chat/x' },
        { '@href': `${CHAT_ORIGIN}/api/account/999999/chat/x` },
        { '@href': `${CHAT_ORIGIN}/api/account/1234567/chat/x` },
        { '@href': `${CHAT_ORIGIN}.evil.example/api/account/123456/chat/x` },
        { '@href': '/api/account/999999/chat/x' },
        { text: `/api/account/${ACCOUNT}/chat/x` },
      ],
    });
    upstream.answer = () => new Response(text, { headers: { 'Content-Type': 'application/json' } });
    expect((await send(relay, `${CHAT_BASE}/${CHAT_ID}/events.json`)).text).toBe(text);
  });

  test('so do the URLs of another account the relay serves, such as the target of an a2a-transfer', async () => {
    const { relay, upstream } = setup();
    const event = (account: string) => ({
      '@id': '7',
      '@type': 'a2a-transfer',
      remoteSiteId: account,
      link: { '@href': `${CHAT_ORIGIN}/api/account/${account}/chat/request`, '@rel': 'a2a-transfer' },
    });
    upstream.answer = () => Response.json({ events: { event: [event(SECOND_ACCOUNT), event('999999')] } });
    const answer = await send(relay, `${CHAT_BASE}/${CHAT_ID}/events.json?from=7`);
    expect(answer.body.events.event.map((e: any) => e.link['@href'])).toEqual([
      `${ORIGIN}${PREFIX}/conversationVep/api/account/${SECOND_ACCOUNT}/chat/request`,
      // Not served here: left as it came (the window's call to it is refused by the relay).
      `${CHAT_ORIGIN}/api/account/999999/chat/request`,
    ]);
  });

  test('the public origin is the request’s own, or publicUrl behind a proxy', async () => {
    const direct = setup();
    direct.upstream.answer = () => Response.json({ '@href': `${chatUrl}/events` });
    const answer = await send(direct.relay, `http://10.0.0.5:8788${PREFIX}/conversationVep/api/account/${ACCOUNT}/chat/${CHAT_ID}/events.json`);
    expect(answer.body).toEqual({ '@href': `http://10.0.0.5:8788${PREFIX}/conversationVep/api/account/${ACCOUNT}/chat/${CHAT_ID}/events` });

    const proxied = setup({ publicUrl: 'https://www.brand.example' });
    proxied.upstream.answer = () => new Response(null, { status: 201, headers: { Location: chatUrl } });
    const created = await send(proxied.relay, `http://10.0.0.5:8788${PREFIX}/conversationVep/api/account/${ACCOUNT}/chat/request.json`, {
      body: { request: {} },
    });
    expect(created.headers.get('location')).toBe(`https://www.brand.example${PREFIX}/conversationVep/api/account/${ACCOUNT}/chat/${CHAT_ID}`);
  });

  test('App Engagement answers are rewritten onto the msdkgw path', async () => {
    const { relay, upstream } = setup();
    upstream.answer = () => Response.json({ link: `${ENGAGEMENT_ORIGIN}/api/account/${ACCOUNT}/app/engagement/visitors/v1` });
    const answer = await send(relay, `${ENGAGEMENT_BASE}/visitors?v=1.0`, { body: {} });
    expect(answer.body).toEqual({ link: `${ENGAGEMENT_BASE}/visitors/v1` });
  });

  test('a non-JSON or broken JSON body is passed through untouched', async () => {
    const { relay, upstream } = setup();
    const broken = `{"@href":"${chatUrl}"`;
    upstream.answer = () => new Response(broken, { headers: { 'Content-Type': 'application/json' } });
    expect((await send(relay, `${CHAT_BASE}/availability`)).text).toBe(broken);
    upstream.answer = () => new Response(chatUrl, { headers: { 'Content-Type': 'text/plain' } });
    expect((await send(relay, `${CHAT_BASE}/availability`)).text).toBe(chatUrl);
  });
});
