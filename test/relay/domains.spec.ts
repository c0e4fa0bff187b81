/**
 * The Domain API lookups behind the relay: the exact call, bare hosts and full URLs, the cache and
 * its TTL, one shared lookup for concurrent requests, and failures never cached.
 */
import { baseOrigin } from '../../relay/domains.js';
import { ACCOUNT, CHAT_BASE, CHAT_ORIGIN, CSDS, ENGAGEMENT_BASE, ENGAGEMENT_ORIGIN, expect, send, setup, test } from './fixtures.js';

test('the lookup is the documented Domain API call, per service and account', async () => {
  const { relay, upstream } = setup();
  await send(relay, `${CHAT_BASE}/availability.json`);
  await send(relay, `${ENGAGEMENT_BASE}/visitors?v=1.0`, { body: {} });
  expect(upstream.domainCalls.map((call) => [call.method, call.url.href, call.headers.get('accept')])).toEqual([
    ['GET', `${CSDS}/api/account/${ACCOUNT}/service/conversationVep/baseURI.json?version=1.0`, 'application/json'],
    ['GET', `${CSDS}/api/account/${ACCOUNT}/service/msdkgw/baseURI.json?version=1.0`, 'application/json'],
  ]);
  expect(upstream.serviceCalls.map((call) => call.url.origin)).toEqual([CHAT_ORIGIN, ENGAGEMENT_ORIGIN]);
});

test('answers are reused for the TTL (default 10 minutes), then looked up again', async () => {
  const { relay, upstream, clock } = setup();
  await send(relay, `${CHAT_BASE}/availability.json`);
  clock.advance(10 * 60_000 - 1);
  await send(relay, `${CHAT_BASE}/availability.json`);
  expect(upstream.domainCalls).toHaveLength(1);
  clock.advance(1);
  await send(relay, `${CHAT_BASE}/availability.json`);
  expect(upstream.domainCalls).toHaveLength(2);
  expect(upstream.serviceCalls).toHaveLength(3);
});

test('a configured TTL; a moved service is followed after it', async () => {
  const { relay, upstream, clock } = setup({ domainTtlMs: 1000 });
  await send(relay, `${CHAT_BASE}/availability.json`);
  upstream.domain = () => Response.json({ baseURI: 'moved.upstream.test' });
  clock.advance(999);
  await send(relay, `${CHAT_BASE}/availability.json`);
  clock.advance(1);
  await send(relay, `${CHAT_BASE}/availability.json`);
  expect(upstream.serviceCalls.map((call) => call.url.origin)).toEqual([CHAT_ORIGIN, CHAT_ORIGIN, 'https://moved.upstream.test']);
});

test('concurrent requests share one lookup', async () => {
  const { relay, upstream } = setup();
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  upstream.domain = async () => {
    await gate;
    return Response.json({ baseURI: 'chat.upstream.test' });
  };
  const answers = Array.from({ length: 20 }, (_, i) => send(relay, `${CHAT_BASE}/availability.json`, { info: { clientIp: `198.51.100.${i}` } }));
  await expect.poll(() => upstream.domainCalls.length).toBe(1);
  release();
  for (const answer of await Promise.all(answers)) expect(answer.status).toBe(200);
  expect(upstream.domainCalls).toHaveLength(1);
  expect(upstream.serviceCalls).toHaveLength(20);
});

test('a failed lookup is not cached: the next request looks up again', async () => {
  const { relay, upstream } = setup();
  let attempt = 0;
  upstream.domain = () => (++attempt === 1 ? new Response('busy', { status: 503 }) : Response.json({ baseURI: 'chat.upstream.test' }));
  expect((await send(relay, `${CHAT_BASE}/availability.json`)).status).toBe(502);
  expect((await send(relay, `${CHAT_BASE}/availability.json`)).status).toBe(200);
  expect((await send(relay, `${CHAT_BASE}/availability.json`)).status).toBe(200);
  expect(upstream.domainCalls).toHaveLength(2);
});

test('concurrent requests share a failure too, and the one after retries', async () => {
  const { relay, upstream } = setup();
  let attempt = 0;
  upstream.domain = async () => {
    attempt++;
    await new Promise((resolve) => setTimeout(resolve, 20));
    return attempt === 1 ? Promise.reject(new TypeError('fetch failed')) : Response.json({ baseURI: 'chat.upstream.test' });
  };
  const first = await Promise.all([1, 2, 3].map(() => send(relay, `${CHAT_BASE}/availability.json`)));
  expect(first.map((answer) => answer.status)).toEqual([502, 502, 502]);
  expect((await send(relay, `${CHAT_BASE}/availability.json`)).status).toBe(200);
  expect(upstream.domainCalls).toHaveLength(2);
});

test('a bare host takes the scheme of the csds URL (the local emulator is http)', async () => {
  const { relay, upstream } = setup({ csds: 'http://127.0.0.1:8787' });
  upstream.domain = () => Response.json({ baseURI: '127.0.0.1:8787' });
  await send(relay, `${CHAT_BASE}/availability.json`);
  expect(upstream.calls.map((call) => call.url.origin)).toEqual(['http://127.0.0.1:8787', 'http://127.0.0.1:8787']);
});

test('answers that are no usable host are 502 and never called', async () => {
  const bad: unknown[] = [
    { baseURI: 'evil.example/path' },
    { baseURI: 'javascript:alert(1)' },
    { baseURI: 'user@evil.example' },
    { baseURI: 'ftp://evil.example' },
    { baseURI: 'https://evil.example/x?y' },
    { baseURI: '' },
    { baseURI: 5 },
    { service: 'conversationVep' },
    [],
    null,
    'not json',
  ];
  for (const body of bad) {
    const { relay, upstream } = setup();
    upstream.domain = () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
    const answer = await send(relay, `${CHAT_BASE}/availability.json`);
    expect(answer.status, JSON.stringify(body)).toBe(502);
    expect(upstream.serviceCalls).toEqual([]);
  }
});

test('baseOrigin: bare hosts, ports, IPv6 and full URLs', () => {
  expect(baseOrigin('va.convep.liveperson.net', 'https:')).toBe('https://va.convep.liveperson.net');
  expect(baseOrigin('127.0.0.1:8787', 'http:')).toBe('http://127.0.0.1:8787');
  expect(baseOrigin('[::1]:8787', 'http:')).toBe('http://[::1]:8787');
  expect(baseOrigin('VA.Convep.LivePerson.net/', 'https:')).toBe('https://va.convep.liveperson.net');
  expect(baseOrigin('http://127.0.0.1:8787', 'https:')).toBe('http://127.0.0.1:8787');
  expect(baseOrigin('https://lo.convep.liveperson.net:443', 'http:')).toBe('https://lo.convep.liveperson.net');
  expect(baseOrigin('host:99999', 'https:')).toBeUndefined();
  expect(baseOrigin('-bad-.example', 'https:')).toBeUndefined();
  expect(baseOrigin('a b', 'https:')).toBeUndefined();
});
