/**
 * What the fuzz (fuzz.spec.ts) found, one case each: answers without the error body.
 */
import { connect } from 'node:net';
import type { Emulator } from '../../emulator/server.js';
import { expect, test } from './fixtures.js';

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
