import type { Emulator, FaultKind } from '../../emulator/server.js';
import {
  ACCOUNT,
  call,
  chatBase,
  chatting,
  consumerHeaders,
  eventList,
  expect,
  loginAgent,
  requestChat,
  startTestEmulator,
  test,
  visitorGet,
} from './fixtures.js';

// Fault injection: each kind's contract (applied or not, what the client gets), determinism by seed,
// the control API and its counts, the agent opt-in and latency.

interface Outcome {
  /** HTTP status, or `network` when the connection ended without an answer. */
  status: number | 'network';
  contentType: string;
  text: string;
  headers?: Headers;
}

/** One request that may end in a socket error instead of an answer. */
async function attempt(url: string, init: RequestInit = {}): Promise<Outcome> {
  try {
    const response = await fetch(url, init);
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text(), headers: response.headers };
  } catch {
    return { status: 'network', contentType: '', text: '' };
  }
}

const addLine = (chatUrl: string, text: string): Promise<Outcome> =>
  attempt(`${chatUrl}/events.json?v=1&NC=true`, {
    method: 'POST',
    headers: { ...consumerHeaders(), 'Content-Type': 'application/json' },
    body: JSON.stringify({ event: { '@type': 'line', text } }),
  });

const chatOf = (emulator: Emulator, chatUrl: string) => emulator.state.chats.get(chatUrl.split('/').pop() ?? '');

const visitorLines = (emulator: Emulator, chatUrl: string): string[] =>
  (chatOf(emulator, chatUrl)?.events ?? []).flatMap((e) => (e.type === 'line' && e.source === 'visitor' ? [e.text] : []));

/** A chat in progress, then every eligible request gets a fault of this one kind. */
async function chatWithFault(emulator: Emulator, kind: FaultKind): Promise<string> {
  const { chatUrl } = await chatting(emulator);
  emulator.setFaults({ rate: 1, kinds: [kind], seed: 1 });
  return chatUrl;
}

const isJson = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

test.describe('fault kinds', () => {
  test('drop: the line is added, then the answer is cut off before its body ends', async ({ emulator }) => {
    const chatUrl = await chatWithFault(emulator, 'drop');
    expect((await addLine(chatUrl, 'dropped but kept')).status).toBe('network');
    expect(visitorLines(emulator, chatUrl)).toEqual(['dropped but kept']);
    expect(emulator.faults.counts.drop).toBe(1);
    expect(emulator.state.records.requests.at(-1)).toMatchObject({ route: 'consumer.events', fault: 'drop', status: 201 });
  });

  test('reset: the socket is reset before anything is applied', async ({ emulator }) => {
    const chatUrl = await chatWithFault(emulator, 'reset');
    expect((await addLine(chatUrl, 'never arrives')).status).toBe('network');
    expect(visitorLines(emulator, chatUrl)).toEqual([]);
    expect(emulator.state.records.requests.at(-1)).toMatchObject({ route: 'consumer.events', fault: 'reset', status: 0 });
    // A reset chat request starts nothing either.
    expect((await attempt(`${chatBase(emulator)}/request.json?v=1`, { method: 'POST', headers: consumerHeaders(), body: '{"request":{}}' })).status).toBe('network');
    expect(emulator.state.chats.size).toBe(1);
  });

  test('truncated: applied, and the body is cut in half ({"ev when there was none)', async ({ emulator }) => {
    const chatUrl = await chatWithFault(emulator, 'truncated');
    const added = await addLine(chatUrl, 'kept despite the garbled answer');
    expect(added.status).toBe(200);
    expect(added.contentType).toMatch(/^application\/json/);
    expect(added.text).toBe('{"ev');
    expect(visitorLines(emulator, chatUrl)).toEqual(['kept despite the garbled answer']);

    emulator.setFaults({ rate: 0 });
    const whole = await attempt(`${chatUrl}/events.json?v=1&appKey=721c180b09eb463d9f3191c41762bb68`);
    emulator.setFaults({ rate: 1 });
    const cut = await attempt(`${chatUrl}/events.json?v=1&appKey=721c180b09eb463d9f3191c41762bb68`);
    expect(cut.status).toBe(200);
    expect(isJson(whole.text)).toBe(true);
    expect(isJson(cut.text)).toBe(false);
    expect(cut.text).toBe(whole.text.slice(0, Math.floor(whole.text.length / 2)));
  });

  test('html200: not applied; 200 with an HTML page', async ({ emulator }) => {
    const chatUrl = await chatWithFault(emulator, 'html200');
    const answer = await addLine(chatUrl, 'lost behind a proxy page');
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^text\/html/);
    expect(answer.text).toBe('<html><body>Service temporarily unavailable</body></html>');
    expect(visitorLines(emulator, chatUrl)).toEqual([]);
  });

  test('html502: not applied; 502 with an HTML page', async ({ emulator }) => {
    const chatUrl = await chatWithFault(emulator, 'html502');
    const answer = await addLine(chatUrl, 'lost at the gateway');
    expect(answer.status).toBe(502);
    expect(answer.contentType).toMatch(/^text\/html/);
    expect(answer.text).toContain('502 Bad Gateway');
    expect(visitorLines(emulator, chatUrl)).toEqual([]);
  });

  for (const [kind, status] of [
    ['500', 500],
    ['503', 503],
    ['429', 429],
  ] as const) {
    test(`${kind}: not applied; the platform's JSON error body, internal code 0`, async ({ emulator }) => {
      const chatUrl = await chatWithFault(emulator, kind);
      const answer = await addLine(chatUrl, 'refused');
      expect(answer.status).toBe(status);
      expect(answer.contentType).toMatch(/^application\/json/);
      const { error } = JSON.parse(answer.text);
      expect(error).toEqual({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), message: expect.any(String), internalCode: 0 });
      expect(answer.headers?.get('retry-after') ?? null).toBe(kind === '429' ? '1' : null);
      expect(visitorLines(emulator, chatUrl)).toEqual([]);
    });
  }

  test('vanish: the chat is gone for this request and every later one (404, code 12)', async ({ emulator }) => {
    const chatUrl = await chatWithFault(emulator, 'vanish');
    // Requests that address no chat are eligible but cannot vanish anything: no fault.
    expect((await call(`${chatBase(emulator)}/availability.json?v=1`, { headers: consumerHeaders() })).status).toBe(200);
    const answer = await addLine(chatUrl, 'too late');
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.text).error).toMatchObject({ message: 'Chat session not found', internalCode: 12 });
    emulator.setFaults({ rate: 0 });
    for (const suffix of ['', '/events', '/info']) {
      const later = await visitorGet(`${chatUrl}${suffix}`);
      expect(later.status).toBe(404);
      expect(later.body.error).toMatchObject({ message: 'Chat session not found', internalCode: 12 });
    }
    expect(emulator.faults).toMatchObject({ counts: { vanish: 1 }, total: 1, eligible: 5 });
    expect(emulator.state.chats.size).toBe(0);
  });

  test('vanish is never drawn unless listed', async ({ emulator }) => {
    const { chatUrl } = await chatting(emulator);
    emulator.setFaults({ rate: 1, seed: 3 });
    expect(emulator.faults.settings.kinds).not.toContain('vanish');
    for (let i = 0; i < 40; i++) await attempt(`${chatUrl}/info.json?v=1&appKey=721c180b09eb463d9f3191c41762bb68`);
    emulator.setFaults({ rate: 0 });
    expect(emulator.faults.counts.vanish).toBe(0);
    expect(emulator.faults.total).toBe(40);
  });

  test('POST /_emulator/chats/{id}/vanish makes one chat vanish', async ({ emulator }) => {
    const chatUrl = await requestChat(emulator);
    const id = chatUrl.split('/').pop();
    const vanish = await call(`${emulator.url}/_emulator/chats/${id}/vanish`, { method: 'POST' });
    expect(vanish.status).toBe(204);
    expect((await visitorGet(chatUrl)).body.error).toMatchObject({ message: 'Chat session not found', internalCode: 12 });
    const again = await call(`${emulator.url}/_emulator/chats/${id}/vanish`, { method: 'POST' });
    expect(again.status).toBe(404);
    expect(again.body.error.internalCode).toBe(12);
  });
});

test.describe('determinism', () => {
  /** 50 availability calls against a fresh emulator; the fault (or `-`) each one got, from the request log. */
  async function run(faults: Record<string, unknown>): Promise<string[]> {
    const emulator = await startTestEmulator({ faults });
    try {
      for (let i = 0; i < 50; i++) await attempt(`${chatBase(emulator)}/availability.json?v=1&appKey=721c180b09eb463d9f3191c41762bb68`);
      return emulator.state.records.requests.map((r) => r.fault ?? '-');
    } finally {
      await emulator.close();
    }
  }

  test('the same seed gives the same faults in the same order; another seed others', async () => {
    const first = await run({ rate: 0.5, seed: 42 });
    const second = await run({ rate: 0.5, seed: 42 });
    const other = await run({ rate: 0.5, seed: 43 });
    expect(first).toHaveLength(50);
    expect(second).toEqual(first);
    expect(other).not.toEqual(first);
    const faulted = first.filter((f) => f !== '-');
    expect(faulted.length).toBeGreaterThan(10);
    expect(faulted.length).toBeLessThan(40);
    expect(new Set(faulted).size).toBeGreaterThan(3);
  });

  test('re-seeding over the control API replays the sequence', async ({ emulator }) => {
    const url = `${chatBase(emulator)}/estimatedWaitTime.json?v=1&appKey=721c180b09eb463d9f3191c41762bb68`;
    const sequence = async (): Promise<string[]> => {
      const put = await call(`${emulator.url}/_emulator/faults`, { method: 'PUT', body: { rate: 0.6, seed: 7 } });
      expect(put.status).toBe(200);
      const before = emulator.state.records.requests.length;
      for (let i = 0; i < 20; i++) await attempt(url);
      return emulator.state.records.requests.slice(before).map((r) => r.fault ?? '-');
    };
    const first = await sequence();
    expect(await sequence()).toEqual(first);
  });

  test('weights: a kind with weight 0 is never drawn', async () => {
    const kinds = await run({ rate: 1, kinds: '500,503:0,html502:3' });
    expect(new Set(kinds)).toEqual(new Set(['500', 'html502']));
    expect(kinds.filter((k) => k === 'html502').length).toBeGreaterThan(kinds.filter((k) => k === '500').length);
  });
});

test.describe('control API', () => {
  test('GET /_emulator/faults: settings, counts by kind, total, eligible', async ({ emulator }) => {
    const initial = await call(`${emulator.url}/_emulator/faults`);
    expect(initial.status).toBe(200);
    expect(initial.body).toEqual({
      settings: {
        rate: 0,
        seed: 1,
        kinds: ['500', '503', '429', 'drop', 'reset', 'truncated', 'html200', 'html502'],
        weights: {},
        latencyMs: 0,
        jitterMs: 0,
        agent: false,
      },
      counts: { '500': 0, '503': 0, '429': 0, drop: 0, reset: 0, truncated: 0, html200: 0, html502: 0, vanish: 0, latency: 0 },
      total: 0,
      eligible: 0,
    });

    const put = await call(`${emulator.url}/_emulator/faults`, { method: 'PUT', body: { rate: 1, kinds: ['503', '429'] } });
    expect(put.body.settings).toMatchObject({ rate: 1, seed: 1, kinds: ['503', '429'] });
    for (let i = 0; i < 6; i++) await call(`${chatBase(emulator)}/availability.json?v=1`, { headers: consumerHeaders() });
    // Control calls and agent calls are not eligible.
    await call(`${emulator.url}/_emulator/state`);
    await loginAgent(emulator);
    const after = (await call(`${emulator.url}/_emulator/faults`)).body;
    expect(after.total).toBe(6);
    expect(after.eligible).toBe(6);
    expect(after.counts['503'] + after.counts['429']).toBe(6);
    expect(emulator.faults).toEqual(after);
    const logged = emulator.state.records.requests.filter((r) => r.route === 'consumer.availability');
    expect(logged.map((r) => r.fault)).toEqual(logged.map((r) => String(r.status)));

    const reset = await call(`${emulator.url}/_emulator/faults/reset-counts`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ total: 0, eligible: 0, settings: { rate: 1 } });

    await call(`${chatBase(emulator)}/availability.json?v=1`, { headers: consumerHeaders() });
    expect(emulator.faults.total).toBe(1);
    const reseeded = await call(`${emulator.url}/_emulator/faults`, { method: 'PUT', body: { seed: 9 } });
    expect(reseeded.body).toMatchObject({ total: 0, eligible: 0, settings: { seed: 9, rate: 1 } });
    const unseeded = await call(`${emulator.url}/_emulator/faults`, { method: 'PUT', body: { rate: 0.5 } });
    expect(unseeded.body.settings).toMatchObject({ seed: 9, rate: 0.5 });
  });

  test('invalid settings are 400 with the standard error body and change nothing', async ({ emulator }) => {
    const bodies: unknown[] = [
      '{',
      [],
      { rate: 2 },
      { rate: '0.5' },
      { seed: 1.5 },
      { seed: -1 },
      { kinds: [] },
      { kinds: ['500', 'boom'] },
      { kinds: 'drop,,nope' },
      { weights: { drop: -1 } },
      { weights: { nope: 1 } },
      { latencyMs: -5 },
      { jitterMs: 'lots' },
      { agent: 'yes' },
      { rate: 0.5, surprise: true },
    ];
    for (const body of bodies) {
      const answer = await call(`${emulator.url}/_emulator/faults`, { method: 'PUT', body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error).toEqual({ time: expect.any(String), message: expect.any(String), internalCode: 5 });
    }
    expect(emulator.faults.settings.rate).toBe(0);
    expect(() => emulator.setFaults({ rate: -1 })).toThrow(/rate/);
    await expect(startTestEmulator({ faults: { kinds: ['nope' as FaultKind] } })).rejects.toThrow(/kinds/);
  });

  test('control routes never get faults', async ({ emulator }) => {
    emulator.setFaults({ rate: 1, kinds: ['reset'], agent: true });
    expect((await call(`${emulator.url}/_emulator/state`)).status).toBe(200);
    expect((await call(`${emulator.url}/_emulator/config`)).status).toBe(200);
    expect((await call(`${emulator.url}/_emulator/faults`)).status).toBe(200);
    expect(emulator.faults.eligible).toBe(0);
  });
});

test.describe('eligibility', () => {
  test('agent and login routes get faults only when opted in', async ({ emulator }) => {
    emulator.setFaults({ rate: 1, kinds: ['500'] });
    const login = await loginAgent(emulator);
    expect(login.bearer).toBeTruthy();
    expect((await call(`${emulator.url}/api/account/${ACCOUNT}/service/agentVep/baseURI.json?version=1.0`)).status).toBe(500);
    expect(emulator.faults.eligible).toBe(1);

    emulator.setFaults({ agent: true });
    const refused = await call(`${emulator.url}/api/account/${ACCOUNT}/login?v=1.3`, { body: { username: 'agent', password: 'agent' } });
    expect(refused.status).toBe(500);
    const session = await call(`${emulator.url}/api/account/${ACCOUNT}/agentSession.json?v=1`, { headers: login.headers, body: { loginData: '' } });
    expect(session.status).toBe(500);
    expect(emulator.faults.eligible).toBe(3);
    expect(emulator.state.agentSessions.size).toBe(0);
  });

  test('unknown routes, wrong methods and preflights are not eligible', async ({ emulator }) => {
    emulator.setFaults({ rate: 1, kinds: ['reset'] });
    expect((await call(`${emulator.url}/api/account/1/nothing`)).status).toBe(404);
    expect((await call(`${chatBase(emulator)}/request.json?v=1`, { headers: consumerHeaders() })).status).toBe(405);
    expect((await fetch(`${chatBase(emulator)}/request.json`, { method: 'OPTIONS' })).status).toBe(204);
    expect(emulator.faults.eligible).toBe(0);
  });
});

test.describe('latency', () => {
  test('delays eligible requests by latency + jitter, counted and logged; others are not delayed', async ({ emulator }) => {
    emulator.setFaults({ latencyMs: 300 });
    const started = Date.now();
    const answer = await call(`${chatBase(emulator)}/availability.json?v=1`, { headers: consumerHeaders() });
    const took = Date.now() - started;
    expect(answer.status).toBe(200);
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(5000);
    expect(emulator.faults).toMatchObject({ total: 0, eligible: 1, counts: { latency: 1 } });
    expect(emulator.state.records.requests.at(-1)).toMatchObject({ route: 'consumer.availability', delayMs: 300 });

    const control = Date.now();
    await call(`${emulator.url}/_emulator/state`);
    expect(Date.now() - control).toBeLessThan(250);

    emulator.setFaults({ latencyMs: 0, jitterMs: 100 });
    for (let i = 0; i < 5; i++) await call(`${chatBase(emulator)}/availability.json?v=1`, { headers: consumerHeaders() });
    const delays = emulator.state.records.requests.slice(-5).map((r) => r.delayMs ?? 0);
    expect(delays.every((d) => d >= 0 && d <= 100)).toBe(true);
  });

  test('a delayed request is applied after the delay, and its events carry that time', async ({ emulator }) => {
    const { chatUrl } = await chatting(emulator);
    emulator.setFaults({ latencyMs: 200 });
    const sent = Date.now();
    expect((await addLine(chatUrl, 'slow')).status).toBe(201);
    emulator.setFaults({ latencyMs: 0 });
    const line = eventList((await visitorGet(`${chatUrl}/events`)).body.events).find((e) => e.text === 'slow');
    expect(Date.parse(line.time)).toBeGreaterThanOrEqual(sent + 150);
  });

  test('closing the emulator drops requests still waiting out their latency', async () => {
    const emulator = await startTestEmulator({ faults: { latencyMs: 10_000 } });
    const pending = attempt(`${chatBase(emulator)}/availability.json?v=1&appKey=721c180b09eb463d9f3191c41762bb68`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = Date.now();
    await emulator.close();
    expect((await pending).status).toBe('network');
    expect(Date.now() - closed).toBeLessThan(2000);
  });
});
