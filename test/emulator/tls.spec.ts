import { X509Certificate } from 'node:crypto';
import { request } from 'node:https';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate } from '../../emulator/tls.js';
import { expect, startTestEmulator, test } from './fixtures.js';

/** GET over HTTPS trusting only `ca`; resolves status and body. */
function httpsGet(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('tls: HTTPS with a self-signed certificate valid for 127.0.0.1, links use https', async () => {
  const emulator = await startTestEmulator({ tls: true });
  try {
    expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.certificateGenerator).toBe('openssl');
    const answer = await httpsGet(`${emulator.url}/api/account/1/service/agentVep/baseURI.json?version=1.0`, emulator.certificate ?? '');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).baseURI).toBe(new URL(emulator.url).host);
    const login = await new Promise<string>((resolve, reject) => {
      const req = request(`${emulator.url}/api/account/1/login?v=1.3`, { method: 'POST', ca: emulator.certificate }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve(body));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ username: 'agent', password: 'agent' }));
    });
    expect(JSON.parse(login).csdsCollectionResponse.baseURIs[0].baseURI).toBe(new URL(emulator.url).host);
  } finally {
    await emulator.close();
  }
});

for (const generator of ['openssl', 'node:crypto'] as const) {
  test(`${generator} certificate: self-signed, matching key, names and IPs, usable by a TLS server`, async () => {
    const { key, cert, generator: used } = await selfSignedCertificate(['chat.example.test'], generator);
    expect(used).toBe(generator);
    const x509 = new X509Certificate(cert);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.checkPrivateKey(await import('node:crypto').then((c) => c.createPrivateKey(key)))).toBe(true);
    expect(x509.checkHost('chat.example.test')).toBe('chat.example.test');
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x509.checkIP('::1')).toBe('::1');
    expect(new Date(x509.validTo).getTime()).toBeGreaterThan(Date.now() + 20 * 86_400_000);

    const server = createServer({ key, cert }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      expect(await httpsGet(`https://127.0.0.1:${port}/`, cert)).toEqual({ status: 200, body: 'ok' });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
}
