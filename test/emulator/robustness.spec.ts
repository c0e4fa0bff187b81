import { connect } from 'node:net';
import { APP_KEY, call, chatBase, consumerHeaders, expect, requestChat, startTestEmulator, test } from './fixtures.js';
import type { Emulator } from '../../emulator/server.js';

/** Sends raw bytes and returns whatever comes back before the server closes or 1 s passes. */
function raw(emulator: Emulator, payload: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(emulator.port, '127.0.0.1');
    let received = '';
    const done = (): void => {
      socket.destroy();
      resolve(received);
    };
    socket.setTimeout(1000, done);
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('end', done);
    socket.on('error', done);
    socket.write(payload);
  });
}

async function alive(emulator: Emulator): Promise<void> {
  const answer = await call(`${emulator.url}/api/account/1/service/agentVep/baseURI.json?version=1.0`);
  expect(answer.status).toBe(200);
}

test.describe('CORS', () => {
  test('preflight answers 204 with the allowed methods and headers', async ({ emulator }) => {
    const answer = await fetch(`${chatBase(emulator)}/request.json?v=1`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://shop.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type, x-custom',
        'Access-Control-Request-Private-Network': 'true',
      },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://shop.example');
    expect(answer.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, DELETE, OPTIONS');
    const allowed = answer.headers.get('access-control-allow-headers') ?? '';
    for (const header of ['Authorization', 'Content-Type', 'Accept', 'X-HTTP-Method-Override', 'X-Requested-With', 'x-custom']) {
      expect(allowed).toContain(header);
    }
    expect(answer.headers.get('access-control-allow-private-network')).toBe('true');
    const unknownPath = await fetch(`${emulator.url}/whatever`, { method: 'OPTIONS' });
    expect(unknownPath.status).toBe(204);
  });

  test('every response carries CORS headers and exposes Location', async ({ emulator }) => {
    const created = await call(`${chatBase(emulator)}/request.json?v=1`, { headers: consumerHeaders({ Origin: 'http://shop.example' }), body: { request: {} } });
    expect(created.headers.get('access-control-allow-origin')).toBe('http://shop.example');
    expect(created.headers.get('access-control-expose-headers')).toBe('Location');
    const rejected = await call(`${chatBase(emulator)}/availability.json`);
    expect(rejected.status).toBe(401);
    expect(rejected.headers.get('access-control-allow-origin')).toBe('*');
    const missing = await call(`${emulator.url}/nothing/here`);
    expect(missing.headers.get('access-control-allow-origin')).toBe('*');
  });
});

test.describe('CORS off', () => {
  test.use({ emulatorOptions: { cors: 'off' } });

  const corsHeaders = (headers: Headers): string[] => [...headers.keys()].filter((name) => name.startsWith('access-control-'));

  test('no Access-Control-* header on any answer', async ({ emulator }) => {
    expect(emulator.cors).toBe('off');
    const origin = { Origin: 'http://shop.example' };
    const answers = [
      await call(`${chatBase(emulator)}/request.json?v=1`, { headers: consumerHeaders(origin), body: { request: {} } }),
      await call(`${chatBase(emulator)}/availability.json`, { headers: origin }),
      await call(`${emulator.url}/nothing/here`, { headers: origin }),
      await call(`${emulator.url}/_emulator/state`, { headers: origin }),
      await call(`${emulator.url}/api/account/1/service/agentVep/baseURI.json?version=1.0`, { headers: origin }),
    ];
    expect(answers.map((a) => a.status)).toEqual([201, 401, 404, 200, 200]);
    for (const answer of answers) {
      expect(corsHeaders(answer.headers)).toEqual([]);
      expect(answer.headers.get('vary')).toBeNull();
    }
  });

  test('OPTIONS is not a preflight: 405 with Allow and the error body (404 on unknown paths)', async ({ emulator }) => {
    const preflight = await fetch(`${chatBase(emulator)}/request.json?v=1`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://shop.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Private-Network': 'true' },
    });
    expect(preflight.status).toBe(405);
    expect(preflight.headers.get('allow')).toBe('POST');
    expect(corsHeaders(preflight.headers)).toEqual([]);
    expect((await preflight.json()).error).toMatchObject({ message: 'Method OPTIONS not allowed', internalCode: 5 });
    const events = await fetch(`${chatBase(emulator)}/H1/events`, { method: 'OPTIONS' });
    expect(events.status).toBe(405);
    expect(events.headers.get('allow')).toBe('GET, POST');
    const unknown = await fetch(`${emulator.url}/whatever`, { method: 'OPTIONS' });
    expect(unknown.status).toBe(404);
    expect(corsHeaders(unknown.headers)).toEqual([]);
    const logged = emulator.state.records.requests.filter((r) => r.method === 'OPTIONS');
    expect(logged.map((r) => r.status)).toEqual([405, 405, 404]);
  });

  test("open is the default and can be asked for", async () => {
    for (const options of [{}, { cors: 'open' as const }]) {
      const emulator = await startTestEmulator(options);
      try {
        expect(emulator.cors).toBe('open');
        const answer = await call(`${emulator.url}/nothing`, { headers: { Origin: 'http://shop.example' } });
        expect(answer.headers.get('access-control-allow-origin')).toBe('http://shop.example');
        expect((await fetch(`${emulator.url}/nothing`, { method: 'OPTIONS' })).status).toBe(204);
      } finally {
        await emulator.close();
      }
    }
    await expect(startTestEmulator({ cors: 'sometimes' as never })).rejects.toThrow(/cors/);
  });
});

test.describe('malformed input', () => {
  test.use({ emulatorOptions: { config: { limits: { maxBodyBytes: 1024 } } } });

  test('a body over the limit is 413 with the error body, and the server keeps going', async ({ emulator }) => {
    const big = await call(`${chatBase(emulator)}/request.json?v=1`, {
      headers: consumerHeaders(),
      body: { request: { chatReferrer: 'x'.repeat(5000) } },
    });
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ internalCode: 5, message: expect.stringMatching(/larger than 1024/) });
    const chunked = await raw(
      emulator,
      `POST /api/account/1/chat/request.json?v=1&appKey=${APP_KEY} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n` +
        `800\r\n${'y'.repeat(0x800)}\r\n0\r\n\r\n`,
    );
    expect(chunked).toMatch(/^HTTP\/1\.1 413/);
    await alive(emulator);
    expect(emulator.state.chats.size).toBe(0);
  });

  test('unknown routes are 404 with the error body, wrong methods 405', async ({ emulator }) => {
    const missing = await call(`${emulator.url}/api/account/1/nothing`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ internalCode: 12 });
    const method = await call(`${chatBase(emulator)}/request.json?v=1`, { headers: consumerHeaders() });
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('POST');
  });

  test('garbage requests never bring the server down', async ({ emulator }) => {
    const chatUrl = await requestChat(emulator);
    const attempts: Array<Promise<unknown>> = [
      call(`${chatUrl}/events.json?v=1`, { headers: consumerHeaders(), body: '\u0000\u0001{{{' }),
      call(`${chatUrl}/events.json?v=1`, { headers: consumerHeaders(), body: 'null' }),
      call(`${chatUrl}/events.json?v=1`, { headers: consumerHeaders(), body: '{"event":null}' }),
      call(`${chatUrl}/events.json?v=1`, { headers: consumerHeaders(), body: '{"event":{"@type":{"x":1},"text":["a"]}}' }),
      call(`${chatUrl}/info/visitorName.json?v=1`, { method: 'PUT', headers: consumerHeaders(), body: '{"visitorName":{"toString":1}}' }),
      call(`${emulator.url}/_emulator/config`, { method: 'PUT', body: '{"__proto__":{"polluted":true}}' }),
      call(`${emulator.url}/api/account/%%%/chat/%ZZ?%%%=%%`),
      call(`${emulator.url}/api/account/1/chat/${'a'.repeat(5000)}/events`),
      call(`${emulator.url}/api/account/1/chat/request.json?v=1&v=2&appKey=${APP_KEY}&appKey=x`, { body: { request: { skill: ['Sales'] } } }),
      raw(emulator, 'this is not http\r\n\r\n'),
      raw(emulator, Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x01, 0x00])),
      raw(emulator, `GET http://evil.example/api/account/1/service/agentVep/baseURI.json?version=1.0 HTTP/1.1\r\nHost: x\r\n\r\n`),
      raw(emulator, `GET //api/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n`),
      raw(emulator, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'h'.repeat(20_000)}\r\n\r\n`),
    ];
    const results = await Promise.all(attempts);
    const statuses = results.slice(0, 9).map((r: any) => r.status);
    expect(statuses.every((s) => s >= 400 && s < 500)).toBe(true);
    expect(results[9]).toMatch(/^HTTP\/1\.1 400/);
    expect(results[11]).toMatch(/^HTTP\/1\.1 200/);
    expect(results[12]).toMatch(/^HTTP\/1\.1 404/);
    expect(results[13]).toMatch(/^HTTP\/1\.1 431/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await alive(emulator);
    expect((await call(chatUrl + '.json?v=1', { headers: consumerHeaders() })).status).toBe(200);
  });
});
