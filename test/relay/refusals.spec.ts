/**
 * Everything the relay refuses, and how: never another host, never another account, only listed
 * paths and methods, bounded bodies, rate limits, Origin, and upstream failures — each answered in
 * the platform's error shape.
 */
import { createRelay } from '../../relay/handler.js';
import type { RelayOptions } from '../../relay/handler.js';
import {
  ACCOUNT,
  CHAT_BASE,
  CHAT_ID,
  CHAT_ORIGIN,
  CSDS,
  ENGAGEMENT_BASE,
  ENGAGEMENT_ORIGIN,
  ORIGIN,
  PREFIX,
  expect,
  isRelayError,
  send,
  setup,
  streamOf,
  test,
} from './fixtures.js';
import type { Sent } from './fixtures.js';

const KNOWN_ORIGINS = new Set([CSDS, CHAT_ORIGIN, ENGAGEMENT_ORIGIN]);
const conversation = `${PREFIX}/conversationVep`;

function expectRefusal(answer: Sent, status: number, internalCode: number, label = ''): void {
  expect(answer.status, label).toBe(status);
  expect(isRelayError(answer, internalCode), `${label} ${answer.text}`).toBe(true);
  expect(answer.headers.get('cache-control')).toBe('no-store');
  for (const [name] of answer.headers) expect(name.startsWith('access-control-'), name).toBe(false);
}

test.describe('never another host', () => {
  const hostile = [
    `${conversation}/..%2f..%2fevil.example/api/account/${ACCOUNT}/chat/availability`,
    `${conversation}/..%2F..%2Fevil.example%2Fapi/account/${ACCOUNT}/chat/availability`,
    `${conversation}/%2e%2e/%2e%2e/evil.example/api/account/${ACCOUNT}/chat/availability`,
    `${conversation}/api/account/${ACCOUNT}/chat/%2e%2e/%2e%2e/%2e%2e/%2e%2e/evil.example/availability`,
    `${conversation}/api/account/${ACCOUNT}/chat/..%2f..%2f..%2fevil.example%2favailability`,
    `${conversation}/api/account/${ACCOUNT}/chat/../../../../../evil.example/x`,
    `${conversation}//evil.example/api/account/${ACCOUNT}/chat/availability`,
    `${conversation}/http://evil.example/api/account/${ACCOUNT}/chat/availability`,
    `${conversation}/https:%2f%2fevil.example/api/account/${ACCOUNT}/chat/availability`,
    `${conversation}/api/account/${ACCOUNT}/chat/@evil.example/availability`,
    `${conversation}/api/account/${ACCOUNT}/chat/availability%3f@evil.example`,
    `${conversation}/api/account/${ACCOUNT}/chat/availability%23@evil.example`,
    `${conversation}/api/account/${ACCOUNT}/chat//evil.example`,
    `${conversation}/api/account/${ACCOUNT}/chat/%5c%5cevil.example/availability`,
    `${conversation}/api/account/${ACCOUNT}/chat/${CHAT_ID}%2f..%2f..%2f..%2fevil`,
    `${conversation}/api/account/${ACCOUNT}/chat/${CHAT_ID}/events/%2e%2e%2f%2e%2e%2fx`,
    `${conversation}/api/account/${ACCOUNT}@evil.example/chat/availability`,
    `${conversation}/api/account/${ACCOUNT}%40evil.example/chat/availability`,
    `${conversation}/api/account/${ACCOUNT}:80@evil.example/chat/availability`,
    `${PREFIX}/evil.example/api/account/${ACCOUNT}/chat/availability`,
    `${PREFIX}/agentVep/api/account/${ACCOUNT}/login`,
    `${PREFIX}/msdkgw/api/account/${ACCOUNT}/app/engagement/visitors/..%2f..%2f..%2fevil.example`,
    `${PREFIX}/msdkgw/api/account/${ACCOUNT}/app/engagement/visitors/x%2fy`,
  ];
  for (const path of hostile) {
    test(`${path} is refused and nothing is called`, async () => {
      const { relay, upstream } = setup();
      const answer = await send(relay, path, { method: path.includes('msdkgw') ? 'POST' : 'GET', body: path.includes('msdkgw') ? {} : undefined });
      expect([403, 404]).toContain(answer.status);
      expect(isRelayError(answer)).toBe(true);
      expect(upstream.calls).toEqual([]);
    });
  }

  test('a request URL on another host, a Host or X-Forwarded-Host header never changes the upstream host', async () => {
    const { relay, upstream } = setup();
    const path = `${conversation}/api/account/${ACCOUNT}/chat/availability.json?v=1&next=http://evil.example/&host=evil.example`;
    const answers = [
      await send(relay, `http://evil.example${path}`),
      await send(relay, `http://evil.example:8080${path}`),
      await send(relay, path, { headers: { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example', Forwarded: 'host=evil.example' } }),
    ];
    for (const answer of answers) expect(answer.status).toBe(200);
    expect(upstream.serviceCalls).toHaveLength(3);
    for (const call of upstream.calls) {
      expect(KNOWN_ORIGINS.has(call.url.origin)).toBe(true);
      expect(call.headers.get('host')).toBeNull();
      expect(call.headers.get('x-forwarded-host')).toBeNull();
      expect(call.headers.get('forwarded')).toBeNull();
    }
    expect(upstream.origins).toEqual(new Set([CSDS, CHAT_ORIGIN]));
  });

  test('with publicUrl, links never point at a host taken from the request', async () => {
    const { relay, upstream } = setup({ publicUrl: ORIGIN });
    upstream.answer = () => new Response(null, { status: 201, headers: { Location: `${CHAT_ORIGIN}/api/account/${ACCOUNT}/chat/${CHAT_ID}` } });
    const answer = await send(relay, `http://evil.example${conversation}/api/account/${ACCOUNT}/chat/request.json`, { body: { request: {} } });
    expect(answer.headers.get('location')).toBe(`${CHAT_BASE}/${CHAT_ID}`);
  });
});

test.describe('only the configured accounts', () => {
  for (const account of ['999999', 'ACME_2', '123456 ', '1234567', '', 'a'.repeat(21), '123456%00', '123456%2f..']) {
    test(`account "${account}" is 403 before any lookup`, async () => {
      const { relay, upstream } = setup();
      expectRefusal(await send(relay, `${conversation}/api/account/${account}/chat/availability.json`), 403, 10);
      expectRefusal(await send(relay, `${PREFIX}/msdkgw/api/account/${account}/app/engagement/visitors?v=1.0`, { body: {} }), 403, 10);
      expect(upstream.calls).toEqual([]);
    });
  }

  test('the refusal names the account when it is an account id at all', async () => {
    const { relay } = setup();
    expect((await send(relay, `${conversation}/api/account/999999/chat/request.json`, { body: { request: {} } })).body.error.message).toBe(
      'This relay does not serve account 999999',
    );
    expect((await send(relay, `${conversation}/api/account/a%3Cb/chat/request.json`, { body: { request: {} } })).body.error.message).toBe(
      'This relay does not serve that account',
    );
  });
});

test.describe('only listed paths and methods', () => {
  const unlisted = [
    '/',
    PREFIX,
    `${PREFIX}/`,
    `${PREFIX}x/conversationVep/api/account/${ACCOUNT}/chat/availability`,
    `/other${conversation}/api/account/${ACCOUNT}/chat/availability`,
    `${conversation}/api/account/${ACCOUNT}/chat/`,
    `${conversation}/api/account/${ACCOUNT}/chat`,
    `${conversation}/api/account/${ACCOUNT}`,
    `${conversation}/api/account/${ACCOUNT}/chat//availability`,
    `${conversation}/api/account/${ACCOUNT}/chat///preSurvey`,
    `${conversation}/api/account/${ACCOUNT}/chat/availability/`,
    `${conversation}/api/account/${ACCOUNT}/chat/availability.xml`,
    `${conversation}/api/account/${ACCOUNT}/chat/availability.json.json`,
    `${conversation}/api/account/${ACCOUNT}/chat/${CHAT_ID}/customVariables`,
    `${conversation}/api/account/${ACCOUNT}/chat/${CHAT_ID}//events`,
    `${conversation}/api/account/${ACCOUNT}/chat/${CHAT_ID}/events/x`,
    `${conversation}/api/account/${ACCOUNT}/chat/${CHAT_ID}/events.json/4`,
    `${conversation}/api/account/${ACCOUNT}/chat/${CHAT_ID}/info/other`,
    `${conversation}/api/account/${ACCOUNT}/chat/${CHAT_ID}.json/events`,
    `${conversation}/api/account/${ACCOUNT}/chat/request/events`,
    `${conversation}/api/account/${ACCOUNT}/chat/H${'1'.repeat(200)}`,
    `${conversation}/api/account/${ACCOUNT}/chat/H%201`,
    `${conversation}/api/account/${ACCOUNT}/agentSession`,
    `${conversation}/api/account/${ACCOUNT}/service/conversationVep/baseURI.json`,
    `${PREFIX}/msdkgw/api/account/${ACCOUNT}/app/engagement/visitors.json`,
    `${PREFIX}/msdkgw/api/account/${ACCOUNT}/app/engagement/visitors/a/b`,
    `${PREFIX}/msdkgw/api/account/${ACCOUNT}/chat/availability`,
    `${PREFIX}/conversationVep/api/account/${ACCOUNT}/app/engagement/visitors`,
  ];
  for (const path of unlisted) {
    test(`404: ${path}`, async () => {
      const { relay, upstream } = setup();
      expectRefusal(await send(relay, path), 404, 12);
      expect(upstream.calls).toEqual([]);
    });
  }

  // [path, method, headers, Allow]
  const wrong: Array<[string, string, Record<string, string>, string]> = [
    [`${CHAT_BASE}/availability.json`, 'POST', {}, 'GET'],
    [`${CHAT_BASE}/availability.json`, 'HEAD', {}, 'GET'],
    [`${CHAT_BASE}/availability.json`, 'OPTIONS', {}, 'GET'],
    [`${CHAT_BASE}/availability.json`, 'GET', { 'X-HTTP-Method-Override': 'PUT' }, 'GET'],
    [`${CHAT_BASE}//preSurvey.json`, 'PUT', {}, 'GET'],
    [`${CHAT_BASE}/request.json`, 'GET', {}, 'POST'],
    [`${CHAT_BASE}/request.json`, 'POST', { 'X-HTTP-Method-Override': 'PUT' }, 'POST'],
    [`${CHAT_BASE}/${CHAT_ID}.json`, 'DELETE', {}, 'GET'],
    [`${CHAT_BASE}/${CHAT_ID}.json`, 'POST', { 'X-HTTP-Method-Override': 'DELETE' }, 'GET'],
    [`${CHAT_BASE}/${CHAT_ID}/events.json`, 'PUT', {}, 'GET, POST'],
    [`${CHAT_BASE}/${CHAT_ID}/events.json`, 'PATCH', {}, 'GET, POST'],
    [`${CHAT_BASE}/${CHAT_ID}/events/3`, 'POST', {}, 'GET'],
    [`${CHAT_BASE}/${CHAT_ID}/info/visitorName.json`, 'POST', {}, 'GET, PUT'],
    [`${CHAT_BASE}/${CHAT_ID}/info/visitorTyping.json`, 'POST', { 'X-HTTP-Method-Override': 'GET' }, 'GET, PUT'],
    [`${CHAT_BASE}/${CHAT_ID}/info/visitorTyping.json`, 'POST', { 'X-HTTP-Method-Override': 'PUT, PUT' }, 'GET, PUT'],
    [`${CHAT_BASE}/${CHAT_ID}/info/agentTyping.json`, 'POST', { 'X-HTTP-Method-Override': 'PUT' }, 'GET'],
    [`${CHAT_BASE}/${CHAT_ID}/transcriptRequest.json`, 'POST', {}, 'PUT'],
    [`${CHAT_BASE}/${CHAT_ID}/transcriptRequest.json`, 'GET', {}, 'PUT'],
    [`${CHAT_BASE}/${CHAT_ID}/exitSurvey.json`, 'POST', {}, 'GET, PUT'],
    [`${CHAT_BASE}/offlineSurvey.json`, 'DELETE', {}, 'GET, POST, PUT'],
    [`${ENGAGEMENT_BASE}/visitors?v=1.0`, 'GET', {}, 'POST'],
    [`${ENGAGEMENT_BASE}/visitors?v=1.0`, 'PUT', {}, 'POST'],
    [`${ENGAGEMENT_BASE}/visitors/v1?v=1.0`, 'GET', {}, 'POST, PUT'],
    [`${ENGAGEMENT_BASE}/visitors/v1?v=1.0`, 'POST', { 'X-HTTP-Method-Override': 'DELETE' }, 'POST, PUT'],
  ];
  for (const [path, method, headers, allow] of wrong) {
    test(`405: ${method} ${JSON.stringify(headers)} ${path.slice(ORIGIN.length)}`, async () => {
      const { relay, upstream } = setup();
      const hasBody = !['GET', 'HEAD'].includes(method);
      const answer = await send(relay, path, { method, headers, body: hasBody ? '{}' : undefined });
      expect(answer.status).toBe(405);
      if (method !== 'HEAD') expect(isRelayError(answer, 5)).toBe(true);
      expect(answer.headers.get('allow')).toBe(allow);
      expect(upstream.calls).toEqual([]);
    });
  }
});

test.describe('bodies are capped', () => {
  test('over the limit with a Content-Length: 413 without reading it', async () => {
    const { relay, upstream } = setup();
    const answer = await send(relay, `${CHAT_BASE}/${CHAT_ID}/events.json`, { body: 'x'.repeat(64 * 1024 + 1) });
    expectRefusal(answer, 413, 5);
    expect(upstream.calls).toEqual([]);
    expect((await send(relay, `${CHAT_BASE}/${CHAT_ID}/events.json`, { body: 'x'.repeat(64 * 1024) })).status).toBe(200);
  });

  test('over the limit as a stream without Content-Length: 413, and the stream is not read to its end', async () => {
    const { relay, upstream } = setup({ maxBodyBytes: 1000 });
    let pulled = 0;
    const source = streamOf(50 * 1024 * 1024, 512);
    const reader = source.getReader();
    const counted = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        pulled += value.byteLength;
        controller.enqueue(value);
      },
    });
    const answer = await send(relay, `${CHAT_BASE}/request.json`, { body: counted });
    expectRefusal(answer, 413, 5);
    expect(pulled).toBeLessThan(64 * 1024);
    expect(upstream.calls).toEqual([]);
    expect((await send(relay, `${CHAT_BASE}/request.json`, { body: streamOf(1000, 100) })).status).toBe(200);
  });

  test('a body stream that breaks is 400', async () => {
    const { relay, upstream } = setup();
    const broken = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(10));
        controller.error(new Error('connection reset'));
      },
    });
    expectRefusal(await send(relay, `${CHAT_BASE}/request.json`, { body: broken }), 400, 5);
    expect(upstream.calls).toEqual([]);
  });
});

test.describe('rate limits', () => {
  test('per address: the burst, then 429 with Retry-After, then refilled with time', async () => {
    const { relay, clock } = setup({ ipRateLimit: { rate: 20, burst: 60 }, chatRateLimit: false });
    const one = { clientIp: '198.51.100.1' };
    for (let i = 0; i < 60; i++) expect((await send(relay, `${CHAT_BASE}/availability.json`, { info: one })).status).toBe(200);
    const refused = await send(relay, `${CHAT_BASE}/availability.json`, { info: one });
    expectRefusal(refused, 429, 0);
    expect(refused.headers.get('retry-after')).toBe('1');
    // Another address is not affected, and neither are the refusals counted against the upstream.
    expect((await send(relay, `${CHAT_BASE}/availability.json`, { info: { clientIp: '198.51.100.2' } })).status).toBe(200);
    clock.advance(1000);
    for (let i = 0; i < 20; i++) expect((await send(relay, `${CHAT_BASE}/availability.json`, { info: one })).status).toBe(200);
    expect((await send(relay, `${CHAT_BASE}/availability.json`, { info: one })).status).toBe(429);
  });

  test('per address: a slow rate gives a longer Retry-After; refusals of any kind count', async () => {
    const { relay } = setup({ ipRateLimit: { rate: 0.2, burst: 2 } });
    expect((await send(relay, `${PREFIX}/nothing`)).status).toBe(404);
    expect((await send(relay, `${CHAT_BASE}/availability.json`)).status).toBe(200);
    const refused = await send(relay, `${CHAT_BASE}/availability.json`);
    expectRefusal(refused, 429, 0);
    expect(refused.headers.get('retry-after')).toBe('5');
  });

  test('per chat: the burst across addresses, then 429; other chats go on', async () => {
    const { relay, upstream, clock } = setup({ ipRateLimit: false, chatRateLimit: { rate: 10, burst: 30 } });
    for (let i = 0; i < 30; i++) {
      const info = { clientIp: `198.51.100.${i}` };
      expect((await send(relay, `${CHAT_BASE}/${CHAT_ID}/events.json?from=${i}`, { info })).status).toBe(200);
    }
    const refused = await send(relay, `${CHAT_BASE}/${CHAT_ID}/info/visitorTyping.json`, { method: 'PUT', body: { visitorTyping: 'typing' } });
    expectRefusal(refused, 429, 0);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect((await send(relay, `${CHAT_BASE}/H2-other/events.json`)).status).toBe(200);
    expect((await send(relay, `${CHAT_BASE}/availability.json`)).status).toBe(200);
    expect(upstream.serviceCalls).toHaveLength(32);
    clock.advance(100);
    expect((await send(relay, `${CHAT_BASE}/${CHAT_ID}.json`)).status).toBe(200);
  });

  test('the defaults carry a chat polling every 2 s with a visitor typing, and stop a flood', async () => {
    const { relay, clock } = setup();
    // A minute of a busy chat: a poll every 2 s, typing on/off and a line every second.
    let refused = 0;
    for (let second = 0; second < 60; second++) {
      const calls = [
        send(relay, `${CHAT_BASE}/${CHAT_ID}/info/visitorTyping.json`, { method: 'PUT', body: { visitorTyping: 'typing' } }),
        send(relay, `${CHAT_BASE}/${CHAT_ID}/events.json`, { body: { event: { '@type': 'line', text: 'hi' } } }),
        send(relay, `${CHAT_BASE}/${CHAT_ID}/info/visitorTyping.json`, { method: 'PUT', body: { visitorTyping: 'not-typing' } }),
      ];
      if (second % 2 === 0) calls.push(send(relay, `${CHAT_BASE}/${CHAT_ID}.json?from=${second}`));
      for (const answer of await Promise.all(calls)) if (answer.status !== 200) refused++;
      clock.advance(1000);
    }
    expect(refused).toBe(0);
    let flooded = 0;
    for (let i = 0; i < 200; i++) if ((await send(relay, `${CHAT_BASE}/${CHAT_ID}.json`)).status === 429) flooded++;
    expect(flooded).toBeGreaterThan(150);
  });
});

test.describe('Origin', () => {
  const path = `${CHAT_BASE}/availability.json`;

  test('same-origin only by default: absent or equal to the public origin', async () => {
    const { relay, upstream } = setup();
    expect((await send(relay, path)).status).toBe(200);
    expect((await send(relay, path, { headers: { Origin: ORIGIN } })).status).toBe(200);
    expect((await send(relay, path, { headers: { 'Sec-Fetch-Site': 'same-origin' } })).status).toBe(200);
    const before = upstream.calls.length;
    for (const origin of ['https://evil.example', 'http://brand.example', 'https://brand.example.evil.example', 'https://sub.brand.example', 'null', '', 'https://brand.example/']) {
      expectRefusal(await send(relay, path, { headers: { Origin: origin } }), 403, 10, origin);
    }
    expectRefusal(await send(relay, path, { headers: { 'Sec-Fetch-Site': 'cross-site' } }), 403, 10);
    expect(upstream.calls).toHaveLength(before);
  });

  test('allowOrigins adds origins; the public origin stays allowed', async () => {
    const { relay } = setup({ allowOrigins: ['https://shop.brand.example', 'http://localhost:5173/'] });
    for (const origin of [ORIGIN, 'https://shop.brand.example', 'http://localhost:5173']) {
      expect((await send(relay, path, { headers: { Origin: origin } })).status, origin).toBe(200);
    }
    expectRefusal(await send(relay, path, { headers: { Origin: 'https://evil.example' } }), 403, 10);
  });

  test('behind a proxy the public origin is publicUrl, not the internal URL', async () => {
    const { relay } = setup({ publicUrl: 'https://www.brand.example' });
    const internal = `http://10.0.0.5:8788${PREFIX}/conversationVep/api/account/${ACCOUNT}/chat/availability.json`;
    expect((await send(relay, internal, { headers: { Origin: 'https://www.brand.example' } })).status).toBe(200);
    expectRefusal(await send(relay, internal, { headers: { Origin: 'http://10.0.0.5:8788' } }), 403, 10);
  });

  test('no CORS headers, ever', async () => {
    const { relay, upstream } = setup({ allowOrigins: ['https://shop.brand.example'] });
    upstream.answer = () => Response.json({}, { headers: { 'Access-Control-Allow-Origin': '*', Vary: 'Origin' } });
    for (const answer of [
      await send(relay, path, { headers: { Origin: 'https://shop.brand.example' } }),
      await send(relay, path, { method: 'OPTIONS', headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST' } }),
      await send(relay, path, { headers: { Origin: 'https://evil.example' } }),
    ]) {
      for (const [name] of answer.headers) expect(name.startsWith('access-control-')).toBe(false);
    }
  });
});

test.describe('upstream failures', () => {
  test('an upstream that does not answer in time: 504', async () => {
    const { relay, upstream } = setup({ upstreamTimeoutMs: 100 });
    upstream.answer = () => new Promise<Response>(() => undefined);
    const started = Date.now();
    expectRefusal(await send(relay, `${CHAT_BASE}/availability.json`), 504, 0);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(upstream.serviceCalls[0]!.signal?.aborted).toBe(true);
  });

  test('an upstream whose body stalls after the headers: 504', async () => {
    const { relay, upstream } = setup({ upstreamTimeoutMs: 100 });
    upstream.answer = () => new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"a":')) }));
    expectRefusal(await send(relay, `${CHAT_BASE}/availability.json`), 504, 0);
  });

  test('an unreachable upstream: 502', async () => {
    const { relay, upstream } = setup();
    upstream.answer = () => Promise.reject(new TypeError('fetch failed: ECONNREFUSED'));
    expectRefusal(await send(relay, `${CHAT_BASE}/availability.json`), 502, 0);
    upstream.answer = () => {
      throw new Error('synchronous failure');
    };
    expectRefusal(await send(relay, `${CHAT_BASE}/availability.json`), 502, 0);
  });

  test('an upstream answer larger than maxResponseBytes: 502', async () => {
    const { relay, upstream } = setup({ maxResponseBytes: 1024 });
    upstream.answer = () => Response.json({ text: 'x'.repeat(2000) });
    expectRefusal(await send(relay, `${CHAT_BASE}/availability.json`), 502, 0);
  });

  test('the Domain API failing, slow or unreachable: 502 / 504, and the service is never called', async () => {
    const failing = setup();
    failing.upstream.domain = () => new Response('no', { status: 500 });
    expectRefusal(await send(failing.relay, `${CHAT_BASE}/availability.json`), 502, 0);
    const slow = setup({ upstreamTimeoutMs: 100 });
    slow.upstream.domain = () => new Promise<Response>(() => undefined);
    expectRefusal(await send(slow.relay, `${CHAT_BASE}/availability.json`), 504, 0);
    const down = setup();
    down.upstream.domain = () => Promise.reject(new TypeError('fetch failed'));
    expectRefusal(await send(down.relay, `${CHAT_BASE}/availability.json`), 502, 0);
    for (const { upstream } of [failing, slow, down]) expect(upstream.serviceCalls).toEqual([]);
  });

  test('the visitor going away abandons the upstream call', async () => {
    const { relay, upstream } = setup();
    let upstreamSignal: AbortSignal | undefined;
    upstream.answer = (call) => {
      upstreamSignal = call.signal;
      return new Promise<Response>(() => undefined);
    };
    const controller = new AbortController();
    const request = new Request(`${CHAT_BASE}/availability.json`, { signal: controller.signal });
    const pending = relay(request, { clientIp: '203.0.113.7' });
    await expect.poll(() => upstreamSignal).toBeDefined();
    controller.abort();
    const answer = await pending;
    expect(answer.status).toBe(502);
    expect(upstreamSignal?.aborted).toBe(true);
  });

  test('upstream errors of the platform itself are passed back as they are', async () => {
    const { relay, upstream } = setup();
    const platform = { error: { time: '2017-12-06T16:29:45.438-05:00', message: 'Chat session not found', internalCode: 12 } };
    upstream.answer = () => Response.json(platform, { status: 404 });
    const answer = await send(relay, `${CHAT_BASE}/${CHAT_ID}.json`);
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual(platform);
  });
});

test.describe('options', () => {
  const bad: Array<[string, Partial<RelayOptions>]> = [
    ['no accounts', { accounts: [] }],
    ['an invalid account', { accounts: ['12 34'] }],
    ['a prefix without a slash', { prefix: 'lp-relay' }],
    ['a prefix with dots', { prefix: '/a/../b' }],
    ['a prefix with a query', { prefix: '/lp?x' }],
    ['a csds that is not http(s)', { csds: 'ftp://api.liveperson.net' }],
    ['a csds that is not a URL', { csds: 'api.liveperson.net' }],
    ['an allowed origin with a path', { allowOrigins: ['https://brand.example/shop'] }],
    ['an allowed origin that is not a URL', { allowOrigins: ['brand.example'] }],
    ['a publicUrl with a path', { publicUrl: 'https://brand.example/lp-relay' }],
    ['an appKey with spaces', { appKey: 'a b' }],
    ['appKeyIn elsewhere', { appKeyIn: 'body' as 'query' }],
    ['a zero body limit', { maxBodyBytes: 0 }],
    ['a fractional timeout', { upstreamTimeoutMs: 1.5 }],
    ['a rate of zero', { ipRateLimit: { rate: 0, burst: 10 } }],
    ['a burst below one', { chatRateLimit: { rate: 1, burst: 0.5 } }],
    ['a clientIpHeader that is no header name', { clientIpHeader: 'CF Connecting IP' }],
  ];
  for (const [label, options] of bad) {
    test(`createRelay refuses ${label}`, () => {
      expect(() => createRelay({ accounts: [ACCOUNT], ...options })).toThrow(TypeError);
    });
  }

  test('a prefix of its own, with or without a trailing slash', async () => {
    for (const prefix of ['/support/chat-relay', '/support/chat-relay/']) {
      const { relay, upstream } = setup({ prefix });
      expect((await send(relay, `/support/chat-relay/conversationVep/api/account/${ACCOUNT}/chat/availability.json`)).status).toBe(200);
      expect((await send(relay, `${CHAT_BASE}/availability.json`)).status).toBe(404);
      expect(upstream.serviceCalls).toHaveLength(1);
    }
  });
});
