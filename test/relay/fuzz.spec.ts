/**
 * A bounded fuzz of the handler: documented requests mutated at random (methods, paths, encodings,
 * accounts, headers, bodies, streams) and wholly random ones, against a fake upstream that answers
 * anything from good JSON to garbage, errors, stalls and silence. Every request must get an answer
 * (never a throw), every status must be 200–599, everything the relay says itself must be in the
 * platform's error shape, and no call may ever leave for a host other than the Domain API's.
 * Deterministic: `RELAY_FUZZ_SEED` replays a run.
 */
import { createRelay } from '../../relay/handler.js';
import { ACCOUNT, CHAT_ORIGIN, CSDS, ENGAGEMENT_ORIGIN, ORIGIN, PREFIX, SECOND_ACCOUNT, expect, isRelayError, test } from './fixtures.js';
import type { Sent } from './fixtures.js';

const REQUESTS = 12_000;
const BUDGET_MS = 20_000;

/** mulberry32: small, fast, seeded. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('fuzz: ≥ 10,000 random and mutated requests, no throw, every answer well-formed, no foreign host', async () => {
  test.setTimeout(60_000);
  const seed = Number(process.env.RELAY_FUZZ_SEED ?? 0x5eed);
  const rnd = random(seed);
  const int = (n: number): number => Math.floor(rnd() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chance = (p: number): boolean => rnd() < p;

  // ---- The fake upstream --------------------------------------------------------------------
  const allowedOrigins = new Set([CSDS, CHAT_ORIGIN, ENGAGEMENT_ORIGIN]);
  const foreignCalls: string[] = [];
  let upstreamStatus: number | undefined;
  // Built once: the costly bodies (deep nesting, large) are the same bytes every time.
  const deep = (href: string): string => `{"deep":${'['.repeat(2000)}${JSON.stringify(href)}${']'.repeat(2000)}}`;
  const big = JSON.stringify({ big: 'x'.repeat(80_000) });
  const upstreamBody = (): BodyInit | null => {
    const account = pick([ACCOUNT, SECOND_ACCOUNT, '999']);
    const href = `${pick([CHAT_ORIGIN, ENGAGEMENT_ORIGIN, 'https://elsewhere.example', 'chat.upstream.test'])}/api/account/${account}/chat/H${int(1e6)}`;
    switch (int(9)) {
      case 0:
        return JSON.stringify({ chat: { link: [{ '@href': href, '@rel': 'self' }, { '@href': `${href}?from=${int(9)}`, '@rel': 'next' }], events: {} } });
      case 1:
        return JSON.stringify({ events: { link: { href, rel: 'next' }, event: { '@id': '1', text: href } } });
      case 2:
        return '{"broken":';
      case 3:
        return 'lp_problem=consumer_key_rejected';
      case 4:
        return new Uint8Array(Array.from({ length: int(300) }, () => int(256)));
      case 5:
        return deep(href);
      case 6:
        return chance(0.5) ? big : big.slice(0, 30_000) + '"}';
      case 7:
        return JSON.stringify(href);
      default:
        return null;
    }
  };
  const answerService = (): Response | Promise<Response> => {
    const roll = int(1000);
    if (roll < 30) throw new TypeError('fetch failed');
    if (roll < 40) return Promise.reject(new Error('socket hang up'));
    if (roll < 42) return new Promise<Response>(() => undefined);
    if (roll < 44) return new Response(new ReadableStream({ start: (c) => c.enqueue(new Uint8Array([123])) }), { headers: { 'Content-Type': 'application/json' } });
    const status = pick([200, 200, 200, 201, 201, 204, 302, 400, 401, 404, 405, 429, 500, 503]);
    upstreamStatus = status;
    const headers = new Headers({ 'Set-Cookie': 'a=b', 'Access-Control-Allow-Origin': '*' });
    if (chance(0.7)) headers.set('Content-Type', pick(['application/json', 'application/json; charset=utf-8', 'text/plain', 'text/html']));
    if (chance(0.3)) headers.set('Location', pick([`${CHAT_ORIGIN}/api/account/${ACCOUNT}/chat/H1`, '/api/account/123456/chat/H2/events/3', 'https://elsewhere.example/', '::not a url::', '']));
    if (status === 429 || chance(0.05)) headers.set('Retry-After', pick(['1', '120', 'Wed, 21 Oct 2015 07:28:00 GMT', 'soon']));
    return new Response(status === 204 ? null : upstreamBody(), { status, headers });
  };
  const fakeFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (!allowedOrigins.has(url.origin)) foreignCalls.push(url.href);
    if (url.origin === CSDS) {
      const roll = int(200);
      if (roll === 0) throw new TypeError('csds down');
      if (roll === 1) return new Response('busy', { status: 503 });
      return Response.json({ baseURI: url.pathname.includes('/msdkgw/') ? ENGAGEMENT_ORIGIN : 'chat.upstream.test' });
    }
    // Read the body the relay sends, as a server would.
    if (init?.body) await new Response(init.body).arrayBuffer();
    return answerService();
  };

  let time = Date.parse('2026-06-01T00:00:00Z');
  const relay = createRelay({
    accounts: [ACCOUNT, SECOND_ACCOUNT],
    csds: CSDS,
    fetch: fakeFetch,
    now: () => time,
    upstreamTimeoutMs: 25,
    domainTtlMs: 5_000,
    maxBodyBytes: 4096,
    maxResponseBytes: 64 * 1024,
    allowOrigins: ['https://shop.brand.example'],
    rateLimitKeys: 500,
    trustProxy: chance(0.5),
  });

  // ---- Requests -----------------------------------------------------------------------------
  const chatIds = ['H7496712445225055898-608c28f64b1f4d41aeca4188fb95f66fK8388836', 'H1', 'abc_DEF-9'];
  const documented: Array<[string, string, boolean]> = [
    ['availability.json?v=1&NC=true', 'GET', false],
    ['availableSlots.json?v=1&skill=Sales', 'GET', false],
    ['estimatedWaitTime.json?v=1', 'GET', false],
    ['/preSurvey.json?v=1', 'GET', false],
    ['offlineSurvey.json?v=1', 'GET', false],
    ['offlineSurvey.json?v=1', 'POST', false],
    ['offlineSurvey.json?v=1', 'POST', true],
    ['request.json?v=1&NC=true', 'POST', false],
    ['{chat}.json?v=1&from=3', 'GET', false],
    ['{chat}/events.json?v=1', 'GET', false],
    ['{chat}/events.json?v=1', 'POST', false],
    ['{chat}/events/3.json?v=1', 'GET', false],
    ['{chat}/info.json?v=1', 'GET', false],
    ['{chat}/info/visitorName.json?v=1', 'POST', true],
    ['{chat}/info/visitorTyping.json?v=1', 'PUT', false],
    ['{chat}/info/agentTyping.json?v=1', 'GET', false],
    ['{chat}/exitSurvey.json?v=1', 'POST', true],
    ['{chat}/transcriptRequest.json?v=1', 'POST', true],
    ['{chat}/transcriptWithSubjectRequest.json?v=1', 'POST', true],
  ];
  const junk = ['..', '.', '%2e%2e', '%2E%2e', '%2f', '%2F', '//', '///', '%00', '%5c', '\\', '@', ':', '%3a', '?', '#', '%23', '%3f', ';', 'é', '%C3%A9', '%FF', '%', '%zz', '~', ' ', '%20', '*', 'http://evil.example', '//evil.example', 'evil.example', '\u2028', '\ud800', 'A'.repeat(300), '.json', 'agentVep', 'msdkgw', 'conversationVep'];
  const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'PROPFIND', 'get', 'post', 'X-CUSTOM', 'M-SEARCH'];
  const origins = [ORIGIN, 'https://shop.brand.example', 'https://evil.example', 'null', '', 'http://brand.example', 'https://brand.example:443', ORIGIN + '/'];
  const ips = ['203.0.113.1', '203.0.113.2', '::1', '::ffff:10.0.0.1', 'fe80::1%eth0', 'garbage', '', '999.1.1.1', undefined];
  const overrides = ['PUT', 'put', ' PUT ', 'DELETE', 'GET', '', 'PUT, PUT', 'P\u00dbT'];

  const bodyFor = (): BodyInit | undefined => {
    switch (int(10)) {
      case 0:
        return undefined;
      case 1:
        return JSON.stringify({ request: { skill: 'Sales', visitorIp: chance(0.5) ? '1.2.3.4' : undefined } });
      case 2:
        return JSON.stringify({ request: { visitorId: 12345678901234567890 } }).replace('12345678901234567000', '12345678901234567890');
      case 3:
        return '{"request":' + '{"a":'.repeat(500);
      case 4:
        return 'x'.repeat(int(9000));
      case 5: {
        const size = int(12_000);
        let sent = 0;
        return new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent >= size) return controller.close();
            const n = Math.min(1 + int(3000), size - sent);
            sent += n;
            controller.enqueue(new Uint8Array(n).fill(0x7b));
          },
        });
      }
      case 6:
        return new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new Uint8Array([1, 2, 3]));
            controller.error(new Error('cut'));
          },
        });
      case 7:
        return new Uint8Array(Array.from({ length: int(500) }, () => int(256)));
      case 8:
        return JSON.stringify({ event: { '@type': 'line', text: 'hi'.repeat(int(100)) } });
      default:
        return '';
    }
  };

  const mutatePath = (path: string): string => {
    const segments = path.split('/');
    for (let n = 1 + int(3); n > 0; n--) {
      const i = int(segments.length);
      switch (int(7)) {
        case 0:
          segments.splice(i, 0, pick(junk));
          break;
        case 1:
          segments[i] = pick(junk);
          break;
        case 2:
          segments.splice(i, 1);
          break;
        case 3:
          segments[i] = (segments[i] ?? '') + pick(junk);
          break;
        case 4:
          segments[i] = (segments[i] ?? '').toUpperCase();
          break;
        case 5:
          segments.splice(i, 0, segments[i] ?? '');
          break;
        default:
          try {
            segments[i] = encodeURIComponent(segments[i] ?? '');
          } catch {
            // A lone surrogate: left as it is.
          }
      }
    }
    return segments.join('/');
  };

  const randomText = (length: number): string =>
    Array.from({ length }, () => (chance(0.9) ? String.fromCharCode(32 + int(95)) : String.fromCharCode(int(0x3000)))).join('');

  const build = (): { url: string; init: RequestInit } => {
    const headers: Array<[string, string]> = [];
    let url: string;
    let method: string;
    if (chance(0.08)) {
      url = `${ORIGIN}/${randomText(int(200))}`;
      method = pick(methods);
    } else {
      const engagement = chance(0.15);
      let path: string;
      if (engagement) {
        path = `${PREFIX}/msdkgw/api/account/${ACCOUNT}/app/engagement/visitors${chance(0.5) ? `/v${int(99)}` : ''}?v=1.0&sid=s${int(9)}`;
        method = pick(['POST', 'POST', 'PUT']);
      } else {
        const [resource, documentedMethod, override] = pick(documented);
        path = `${PREFIX}/conversationVep/api/account/${pick([ACCOUNT, ACCOUNT, SECOND_ACCOUNT, '999'])}/chat/${resource.replace('{chat}', pick(chatIds))}`;
        method = documentedMethod;
        if (override) headers.push(['X-HTTP-Method-Override', 'PUT']);
      }
      const [pathPart, query = ''] = path.split('?');
      const mutated = chance(0.45) ? mutatePath(pathPart!) : pathPart!;
      const mutatedQuery = chance(0.2) ? `${query}&${pick(['appKey=x', 'next=http://evil.example', '%zz=1', 'a=' + 'b'.repeat(int(3000)), randomText(20)])}` : query;
      url = `${pick([ORIGIN, ORIGIN, ORIGIN, 'http://evil.example', 'http://[::1]:8080', 'https://brand.example:8443'])}${mutated}${mutatedQuery ? `?${mutatedQuery}` : ''}`;
      if (chance(0.2)) method = pick(methods);
    }
    if (chance(0.2)) headers.push(['Origin', pick(origins)]);
    if (chance(0.1)) headers.push(['X-HTTP-Method-Override', pick(overrides)]);
    if (chance(0.1)) headers.push(['Sec-Fetch-Site', pick(['cross-site', 'same-origin', 'none', 'same-site'])]);
    if (chance(0.2)) headers.push(['X-Forwarded-For', pick(['1.1.1.1', '1.1.1.1, 2.2.2.2', 'junk, ,', 'x'.repeat(5000), '::1, 10.0.0.1'])]);
    if (chance(0.2)) headers.push(['User-Agent', chance(0.1) ? 'U'.repeat(10_000) : 'Mozilla/5.0 fuzz']);
    if (chance(0.1)) headers.push(['Cookie', 'session=1']);
    if (chance(0.1)) headers.push(['Authorization', 'LivePerson appKey=client']);
    if (chance(0.1)) headers.push(['Content-Type', pick(['application/json', 'text/plain', 'multipart/form-data; boundary=x', 'x'.repeat(400)])]);
    if (chance(0.05)) headers.push(['Content-Length', pick(['0', '5', '999999999', 'abc', '-1'])]);
    if (chance(0.05)) headers.push(['Host', pick(['evil.example', 'a b'])]);
    const body = ['GET', 'HEAD'].includes(method.toUpperCase()) ? undefined : bodyFor();
    return { url, init: { method, headers, body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit };
  };

  // ---- Run ----------------------------------------------------------------------------------
  const byStatus = new Map<number, number>();
  const failures: string[] = [];
  let thrown = 0;
  let unbuildable = 0;
  let sent = 0;
  let peakHeap = process.memoryUsage().heapUsed;
  const started = Date.now();
  for (let i = 0; i < REQUESTS * 2 && sent < REQUESTS; i++) {
    const { url, init } = build();
    let request: Request;
    try {
      request = new Request(url, init);
    } catch {
      unbuildable++;
      continue;
    }
    time += int(120);
    upstreamStatus = undefined;
    sent++;
    let answer: Sent;
    try {
      const response = await relay(request, { clientIp: pick(ips) });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Not JSON.
      }
      answer = { status: response.status, headers: response.headers, body: parsed, text };
    } catch (error) {
      thrown++;
      if (failures.length < 10) failures.push(`threw ${String(error)} for ${init.method} ${url}`);
      continue;
    }
    byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
    const fromUpstream = upstreamStatus !== undefined && answer.status === upstreamStatus;
    if (answer.status < 200 || answer.status > 599) failures.push(`status ${answer.status} for ${init.method} ${url}`);
    else if (!fromUpstream && !isRelayError(answer)) failures.push(`${answer.status} not in the error shape for ${init.method} ${url}: ${answer.text.slice(0, 200)}`);
    if (answer.headers.has('set-cookie') || answer.headers.has('access-control-allow-origin')) failures.push(`leaked header for ${url}`);
    if (i % 250 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    if (failures.length > 20) break;
  }
  const elapsed = Date.now() - started;
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);

  const statuses = [...byStatus].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', ');
  console.log(
    `relay fuzz (seed ${seed}): ${sent} requests sent in ${elapsed} ms (${unbuildable} not constructible by the fetch API), ` +
      `${thrown} thrown, answers by status { ${statuses} }, peak heap ${(peakHeap / 1024 / 1024).toFixed(1)} MiB`,
  );
  expect(failures).toEqual([]);
  expect(thrown).toBe(0);
  expect(foreignCalls).toEqual([]);
  expect(sent).toBeGreaterThanOrEqual(10_000);
  expect(elapsed).toBeLessThan(BUDGET_MS);
});
