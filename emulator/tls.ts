/**
 * A throwaway self-signed certificate for `--tls`, made at start: with the `openssl` command when it
 * is installed, otherwise with `node:crypto` (an EC P-256 key and a hand-encoded X.509 v3 certificate).
 * Both carry subjectAltNames for the given host names/IPs plus localhost, 127.0.0.1 and ::1.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type CertificateGenerator = 'openssl' | 'node:crypto';

export interface SelfSignedCertificate {
  /** PEM private key. */
  key: string;
  /** PEM certificate. */
  cert: string;
  generator: CertificateGenerator;
}

const VALID_DAYS = 30;

function subjectNames(names: readonly string[]): string[] {
  const all = [...names, 'localhost', '127.0.0.1', '::1'].map((n) => n.replace(/^\[|\]$/g, '')).filter((n) => n !== '');
  return [...new Set(all)].filter((n) => isIP(n) !== 0 || /^[a-zA-Z0-9.-]+$/.test(n));
}

function run(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 15_000 }, (error) => (error ? reject(error) : resolve()));
  });
}

async function withOpenssl(names: string[]): Promise<SelfSignedCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'lp-emulator-tls-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    const san = names.map((n) => (isIP(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
    await run('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyFile, '-out', certFile, '-days', String(VALID_DAYS),
      '-subj', `/CN=${names[0]}`, '-addext', `subjectAltName=${san}`,
    ]);
    return { key: await readFile(keyFile, 'utf8'), cert: await readFile(certFile, 'utf8'), generator: 'openssl' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// --- Minimal DER encoding -----------------------------------------------------------------------

function der(tag: number, content: Buffer): Buffer {
  const len = content.length;
  if (len < 0x80) return Buffer.concat([Buffer.from([tag, len]), content]);
  const bytes: number[] = [];
  for (let n = len; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.concat([Buffer.from([tag, 0x80 | bytes.length, ...bytes]), content]);
}

const seq = (...items: Buffer[]): Buffer => der(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => der(0x31, Buffer.concat(items));
const integer = (value: Buffer): Buffer => der(0x02, value[0] & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value);
const utf8 = (text: string): Buffer => der(0x0c, Buffer.from(text, 'utf8'));
const octets = (value: Buffer): Buffer => der(0x04, value);
const bits = (value: Buffer): Buffer => der(0x03, Buffer.concat([Buffer.from([0]), value]));
const explicit = (n: number, content: Buffer): Buffer => der(0xa0 + n, content);
const bool = (value: boolean): Buffer => der(0x01, Buffer.from([value ? 0xff : 0]));

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >>> 7; v > 0; v >>>= 7) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return der(0x06, Buffer.from(out));
}

function utcTime(date: Date): Buffer {
  const p = (n: number): string => String(n).padStart(2, '0');
  const text =
    p(date.getUTCFullYear() % 100) + p(date.getUTCMonth() + 1) + p(date.getUTCDate()) +
    p(date.getUTCHours()) + p(date.getUTCMinutes()) + p(date.getUTCSeconds()) + 'Z';
  return der(0x17, Buffer.from(text, 'ascii'));
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const [head, tail = ''] = ip.split('::');
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const h = groups(head);
  const t = groups(tail);
  const all = ip.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  return Buffer.from(all.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]));
}

function withNodeCrypto(names: string[]): SelfSignedCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const name = seq(set(seq(oid('2.5.4.3'), utf8(names[0]))));
  const now = Date.now();
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const altNames = names.map((n) => (isIP(n) ? der(0x87, ipBytes(n)) : der(0x82, Buffer.from(n, 'ascii'))));
  const extensions = seq(
    seq(oid('2.5.29.17'), octets(seq(...altNames))),
    seq(oid('2.5.29.19'), bool(true), octets(seq())),
  );
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    ecdsaWithSha256,
    name,
    seq(utcTime(new Date(now - 86_400_000)), utcTime(new Date(now + VALID_DAYS * 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, extensions),
  );
  const certificate = seq(tbs, ecdsaWithSha256, bits(sign('sha256', tbs, privateKey)));
  const body = certificate.toString('base64').replace(/(.{64})/g, '$1\n').trimEnd();
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`,
    generator: 'node:crypto',
  };
}

/** A certificate for these host names/IPs; `openssl` first unless `node:crypto` is asked for. */
export async function selfSignedCertificate(
  hosts: readonly string[],
  prefer: CertificateGenerator = 'openssl',
): Promise<SelfSignedCertificate> {
  const names = subjectNames(hosts);
  if (prefer === 'openssl') {
    try {
      return await withOpenssl(names);
    } catch {
      // openssl missing or too old for -addext: fall through to node:crypto.
    }
  }
  return withNodeCrypto(names);
}
