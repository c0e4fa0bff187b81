/**
 * What the fuzz (fuzz.spec.ts) found, one case each: answers without the error body, 500s on JSON
 * values that cannot be turned into text, deeply nested bodies that break every later read, and App
 * Engagement sessions that grew without bound.
 */
import { connect } from 'node:net';
import type { Emulator } from '../../emulator/server.js';
import { ACCOUNT, call, chatBase, chatting, consumerHeaders, expect, test } from './fixtures.js';

/** Sends raw bytes; resolves with everything received until the server closes (or 1 s passes). */
function raw(emulator: Emulator, payload: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(emulator.port, '127.0.0.1');
    let received = '';
    const done = (): void => {
      socket.destroy();
      resolve(received);
    };
    socket.setTimeout(1000, done);
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('close', done);
    socket.on('error', done);
    socket.write(Buffer.from(payload, 'latin1'));
  });
}

/** Status, headers (lower-cased) and body of a raw HTTP answer. */
function parse(answer: string): { status: number; headers: Record<string, string>; body: string } {
  const end = answer.indexOf('\r\n\r\n');
  const [statusLine, ...lines] = answer.slice(0, end).split('\r\n');
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine?.split(' ')[1]), headers, body: answer.slice(end + 4) };
}

const DOMAIN_PATH = '/api/account/1/service/agentVep/baseURI.json?version=1.0';

/** `{"a":[{"a":[…]}]}`, `depth` levels deep, as text. */
const nestedText = (depth: number): string => `${'{"a":['.repeat(depth / 2)}1${']}'.repeat(depth / 2)}`;

test.describe('answers the HTTP parser gives', () => {
  test('a request it refuses gets the standard error body (and none after a HEAD)', async ({ emulator }) => {
    for (const request of [`get ${DOMAIN_PATH} HTTP/1.1\r\nHost: x\r\n\r\n`, `GET ${DOMAIN_PATH} HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n`, 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n']) {
      const answer = parse(await raw(emulator, request));
      expect(answer.status, request).toBe(400);
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
      expect(JSON.parse(answer.body)).toEqual({ error: { time: expect.any(String), message: 'Malformed HTTP request', internalCode: 5 } });
    }
    const overflow = parse(await raw(emulator, `GET ${DOMAIN_PATH} HTTP/1.1\r\nHost: x\r\nX-Big: ${'h'.repeat(20_000)}\r\n\r\n`));
    expect(overflow.status).toBe(431);
    expect(JSON.parse(overflow.body).error).toMatchObject({ message: 'Request header fields too large', internalCode: 5 });
    // A HEAD answer has no body, whatever its Content-Length says: a client would read the body as garbage.
    const head = parse(await raw(emulator, 'HEAD nowhere HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(head.status).toBe(400);
    expect(head.body).toBe('');
  });

  test('an HTTP/1.1 request without Host is 400 with the error body; HTTP/1.0 needs none', async ({ emulator }) => {
    const missing = parse(await raw(emulator, `GET ${DOMAIN_PATH} HTTP/1.1\r\n\r\n`));
    expect(missing.status).toBe(400);
    expect(missing.headers.connection).toBe('close');
    expect(JSON.parse(missing.body).error).toMatchObject({ message: 'Missing Host header', internalCode: 5 });
    const old = parse(await raw(emulator, `GET ${DOMAIN_PATH} HTTP/1.0\r\n\r\n`));
    expect(old.status).toBe(200);
    expect(JSON.parse(old.body)).toMatchObject({ service: 'agentVep' });
  });
});

test('values that cannot be turned into text (`{"toString":1}`) are 400, not 500', async ({ emulator }) => {
  const { chatUrl, agent, agentChatUrl } = await chatting(emulator);
  const cannot = { toString: 1 };
  const neither = { valueOf: 1, toString: 1 };
  const asVisitor = (url: string, body: unknown) => call(url, { headers: consumerHeaders({ 'X-HTTP-Method-Override': 'PUT' }), body });
  const answers = [
    await call(`${chatUrl}/events.json?v=1`, { headers: consumerHeaders(), body: { event: { '@type': cannot } } }),
    await call(`${chatUrl}/events.json?v=1`, { headers: consumerHeaders(), body: { event: { '@type': 'state', state: [neither] } } }),
    await call(`${agentChatUrl}/events.json?v=1`, { headers: agent.headers, body: { event: { '@type': neither } } }),
    await call(`${agentChatUrl}/events.json?v=1`, { headers: agent.headers, body: { event: { '@type': 'state', state: cannot } } }),
    await asVisitor(`${chatUrl}/exitSurvey.json?v=1`, { survey: { id: 361348, questions: { question: { id: 4991315, entry: { value: cannot, checked: true } } } } }),
    await call(`${emulator.url}/_emulator/chats/${chatUrl.split('/').pop()}/a2a-transfer`, { body: { domain: 'x.example', skill: 'Sales', remoteSiteId: neither } }),
  ];
  for (const answer of answers) {
    expect(answer.status, answer.text).toBe(400);
    expect(answer.body.error).toMatchObject({ internalCode: 5 });
  }
  expect(answers[0].body.error.message).toBe('Unsupported event type an object');
  expect(answers[1].body.error.message).toBe('Cannot set chat state to an array');
  expect(answers[4].body.error.message).toMatch(/answer of question 4991315 must be a string/);
  expect(answers[5].body.error.message).toBe('remoteSiteId must be an account id');
  // What worked before still does: a numeric remoteSiteId, a checked entry's string value.
  const a2a = await call(`${emulator.url}/_emulator/chats/${chatUrl.split('/').pop()}/a2a-transfer`, { body: { domain: 'x.example', skill: 'Sales', remoteSiteId: 70648893 } });
  expect(a2a.status).toBe(201);
  const survey = await asVisitor(`${chatUrl}/exitSurvey.json?v=1`, { survey: { id: 361348, questions: { question: { id: 4991315, entry: [{ value: 'yes', checked: true }, { value: 'no', checked: 'false' }] } } } });
  expect(survey.status).toBe(200);
  expect(emulator.state.records.exitSurveys.at(-1)?.answers).toEqual({ '4991315': ['yes'] });
});

test.describe('deeply nested JSON', () => {
  test('is refused (400) before it is kept, so no later read of the chat or the state can break', async ({ emulator }) => {
    const { chatUrl, agent, agentChatUrl } = await chatting(emulator);
    const deep = nestedText(6000);
    const request = await call(`${chatBase(emulator)}/request.json?v=1`, { headers: consumerHeaders(), body: `{"request":{"skill":"Sales","deep":${deep}}}` });
    expect(request.status).toBe(400);
    expect(request.body.error).toMatchObject({ message: 'JSON nested deeper than 64 levels', internalCode: 5 });
    const richContent = `{"event":{"@type":"line","text":"card","textType":"rich-content","json":${deep}}}`;
    const line = await call(`${agentChatUrl}/events.json?v=1`, { headers: agent.headers, body: richContent });
    expect(line.status).toBe(400);
    const session = await call(`${emulator.url}/api/account/${ACCOUNT}/agentSession.json?v=1`, { headers: agent.headers, body: `{"loginData":${deep}}` });
    expect(session.status).toBe(400);
    const engagement = await call(`${emulator.url}/api/account/${ACCOUNT}/app/engagement/visitors?v=1.0`, { body: `{"appType":"EXTERNAL","appDetails":${deep}}` });
    expect(engagement.status).toBe(400);
    expect(engagement.body).toEqual({ time: expect.any(Number), message: 'JSON nested deeper than 64 levels', internalCode: 5 });
    const config = await call(`${emulator.url}/_emulator/config`, { method: 'PUT', body: `{"limits":${deep}}` });
    expect(config.status).toBe(400);

    // Nesting up to the limit is kept and read back; brackets inside strings do not count.
    const json = JSON.parse(nestedText(62));
    const kept = await call(`${agentChatUrl}/events.json?v=1`, { headers: agent.headers, body: { event: { '@type': 'line', text: '[[[[{{{{'.repeat(100), textType: 'rich-content', json } } });
    expect(kept.status).toBe(201);
    const read = await call(`${chatUrl}/events.json?v=1`, { headers: consumerHeaders() });
    expect(read.status).toBe(200);
    expect(read.body.events.event.at(-1).json).toEqual(json);
    expect((await call(`${agentChatUrl}.json?v=1`, { headers: agent.headers })).status).toBe(200);
    expect((await call(`${emulator.url}/_emulator/state`)).status).toBe(200);
  });
});

test.describe('App Engagement sessions', () => {
  test.use({ emulatorOptions: { config: { limits: { maxRecords: 5 }, engagement: { status: 'Available' } } } });

  test('keep their last maxRecords requests, page ids, engagements, SDEs and impressions', async ({ emulator }) => {
    const base = `${emulator.url}/api/account/${ACCOUNT}/app/engagement/visitors`;
    const created = await call(`${base}?v=1.0`, { body: { appType: 'EXTERNAL' } });
    const { visitorId, sessionId } = created.body;
    const display = (contextId: string) => ({
      type: 'impDisplay',
      campaign: 3346848610,
      engId: 3562981110,
      revision: 44,
      eContext: [{ type: 'engagementContext', id: contextId }],
    });
    for (let i = 0; i < 8; i++) {
      const again = await call(`${base}/${visitorId}?v=1.0&sid=${sessionId}`, { body: { appType: 'EXTERNAL' } });
      const { pageId, engagementDetails } = again.body;
      const updated = await call(`${base}/${visitorId}?v=1.0&sid=${sessionId}`, {
        method: 'PUT',
        body: {
          pageId,
          impAttributes: [display(engagementDetails.contextId)],
          engagementAttributes: [
            { type: 'purchase', orderId: String(i) },
            { type: 'lead', lead: { leadId: String(i) } },
          ],
        },
      });
      expect(updated.status, updated.text).toBe(200);
    }
    const session = emulator.state.engagementSessions.get(`${ACCOUNT}/${sessionId}`)!;
    expect(session.requests).toHaveLength(5);
    expect(session.pageIds).toHaveLength(5);
    expect(session.engagements.map((e) => e.contextId)).toEqual(['5', '6', '7', '8', '9']);
    expect(session.engagementAttributes).toEqual(
      [3, 4, 5, 6, 7].flatMap((n) => [{ type: 'purchase', orderId: String(n) }, { type: 'lead', lead: { leadId: String(n) } }]).slice(-5),
    );
    expect(session.impressions.map((i) => i.contextId)).toEqual(['5', '6', '7', '8', '9']);
    expect(session.requests.at(-1)).toMatchObject({ kind: 'update', body: { pageId: session.pageIds.at(-1) } });
  });
});
