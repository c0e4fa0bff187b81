/**
 * JSON Web Tokens (RFC 7519) in compact JWS form, with Node's `crypto` only: verifying HS256 (a shared
 * secret) and RS256 (RSA public keys from a JWKS) signatures and the registered claims the visitor
 * authentication checks (`exp`, `nbf`, `iat`, `iss`, `aud`, `sub`), and signing, for tests and demos.
 * No other algorithm is taken, `none` included, and a token is only checked with keys of its own
 * algorithm (an RS256 public key is never used as an HS256 secret).
 */
import { createHmac, createPublicKey, sign, timingSafeEqual, verify } from 'node:crypto';
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { isObject } from './wire.js';

export type JwtAlgorithm = 'HS256' | 'RS256';

/** Why a token was refused. */
export type JwtFailure = 'malformed' | 'algorithm' | 'no-key' | 'signature' | 'expired' | 'not-yet-valid' | 'claims' | 'issuer' | 'audience';

export class JwtError extends Error {
  override readonly name = 'JwtError';

  constructor(
    readonly reason: JwtFailure,
    message: string,
  ) {
    super(message);
  }
}

/** An RSA public key of a JWKS. */
export interface RsaKey {
  kid?: string;
  key: KeyObject;
}

/** What a token may be verified with. */
export interface JwtKeys {
  /** HS256 shared secret (UTF-8). */
  hs256Secret?: string | null;
  /** RS256 public keys. */
  rsaKeys?: readonly RsaKey[];
}

export interface JwtExpectations {
  /** `iss` must be exactly this (any string when null). */
  issuer: string | null;
  /** `aud` (a string or an array of strings) must name this (not checked when null). */
  audience: string | null;
  /** Milliseconds since the epoch. */
  now: number;
  /** Seconds of clock difference allowed on `exp`, `nbf` and `iat`. */
  toleranceSeconds: number;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** Three base64url segments separated by dots: a compact JWS (anything else is not a JWT). */
export function isCompactJws(token: string): boolean {
  const parts = token.split('.');
  return parts.length === 3 && parts.every((part) => SEGMENT.test(part));
}

function decodeJson(segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new JwtError('malformed', `the token's ${what} is not base64url-encoded JSON`);
  }
  if (!isObject(value)) throw new JwtError('malformed', `the token's ${what} is not a JSON object`);
  return value;
}

function signatureMatches(alg: JwtAlgorithm, input: string, signature: Buffer, keys: JwtKeys, kid: unknown): boolean {
  if (alg === 'HS256') {
    if (!keys.hs256Secret) throw new JwtError('no-key', 'no HS256 secret is configured');
    const expected = createHmac('sha256', keys.hs256Secret).update(input).digest();
    return expected.length === signature.length && timingSafeEqual(expected, signature);
  }
  const all = keys.rsaKeys ?? [];
  if (all.length === 0) throw new JwtError('no-key', 'no RS256 public key is configured');
  const candidates = typeof kid === 'string' ? all.filter((k) => k.kid === kid) : all;
  if (candidates.length === 0) throw new JwtError('no-key', `no RS256 public key has kid ${JSON.stringify(kid)}`);
  return candidates.some(({ key }) => {
    try {
      return verify('sha256', Buffer.from(input), key, signature);
    } catch {
      return false;
    }
  });
}

const isNumericDate = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * The claims of a token whose signature and registered claims check out; throws `JwtError` saying
 * why otherwise. Required: `exp`, `iat` (NumericDate, seconds), `iss`, `sub` (non-empty strings);
 * `aud` when an audience is expected; `nbf` is honoured when present.
 */
export function verifyJwt(token: string, keys: JwtKeys, expected: JwtExpectations): Record<string, unknown> {
  if (!isCompactJws(token)) throw new JwtError('malformed', 'the token is not a compact JWS (three base64url segments)');
  const [head, body, sig] = token.split('.') as [string, string, string];
  const header = decodeJson(head, 'header');
  const alg = header.alg;
  if (alg !== 'HS256' && alg !== 'RS256') throw new JwtError('algorithm', `alg ${JSON.stringify(alg)} is not accepted (HS256 or RS256)`);
  if (header.crit !== undefined) throw new JwtError('malformed', 'critical header parameters are not supported');
  const claims = decodeJson(body, 'payload');
  if (!signatureMatches(alg, `${head}.${body}`, Buffer.from(sig, 'base64url'), keys, header.kid)) {
    throw new JwtError('signature', 'the signature does not match');
  }

  const now = expected.now / 1000;
  const tolerance = expected.toleranceSeconds;
  if (!isNumericDate(claims.exp)) throw new JwtError('claims', 'exp is required (seconds since 1970)');
  if (now >= claims.exp + tolerance) throw new JwtError('expired', 'the token has expired');
  if (claims.nbf !== undefined) {
    if (!isNumericDate(claims.nbf)) throw new JwtError('claims', 'nbf must be a number of seconds since 1970');
    if (now + tolerance < claims.nbf) throw new JwtError('not-yet-valid', 'the token is not valid yet (nbf)');
  }
  if (!isNumericDate(claims.iat)) throw new JwtError('claims', 'iat is required (seconds since 1970)');
  if (claims.iat > now + tolerance) throw new JwtError('not-yet-valid', 'the token was issued in the future (iat)');
  if (typeof claims.iss !== 'string' || claims.iss === '') throw new JwtError('claims', 'iss is required');
  if (expected.issuer !== null && claims.iss !== expected.issuer) throw new JwtError('issuer', `iss ${JSON.stringify(claims.iss)} is not the configured issuer`);
  if (expected.audience !== null) {
    const aud = claims.aud;
    const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
    if (!audiences.includes(expected.audience)) throw new JwtError('audience', `aud ${JSON.stringify(aud ?? null)} does not name the configured audience`);
  }
  if (typeof claims.sub !== 'string' || claims.sub === '') throw new JwtError('claims', 'sub is required');
  return claims;
}

/** A JWKS's RSA keys and the problems found in it (keys of other types are skipped; none usable is a problem). */
export function parseJwks(value: unknown, where: string): { keys: RsaKey[]; problems: string[] } {
  if (!isObject(value) || !Array.isArray(value.keys)) return { keys: [], problems: [`${where} must be a JWKS: {"keys":[…]}`] };
  const keys: RsaKey[] = [];
  const problems: string[] = [];
  value.keys.forEach((jwk: unknown, i: number) => {
    const at = `${where}.keys[${i}]`;
    if (!isObject(jwk)) {
      problems.push(`${at} must be an object`);
      return;
    }
    if (jwk.kty !== 'RSA') return;
    if (jwk.alg !== undefined && jwk.alg !== 'RS256') return;
    if (jwk.use !== undefined && jwk.use !== 'sig') return;
    if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string' || !SEGMENT.test(jwk.n) || !SEGMENT.test(jwk.e)) {
      problems.push(`${at} must have "n" and "e" (base64url)`);
      return;
    }
    if (jwk.kid !== undefined && typeof jwk.kid !== 'string') {
      problems.push(`${at}.kid must be a string`);
      return;
    }
    try {
      const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e } as JsonWebKey, format: 'jwk' });
      const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
      // RFC 7518 §3.3: RS256 keys are 2048 bits or larger.
      if (bits < 2048) {
        problems.push(`${at} is a ${bits}-bit RSA key: RS256 needs 2048 bits or more`);
        return;
      }
      keys.push({ ...(typeof jwk.kid === 'string' ? { kid: jwk.kid } : {}), key });
    } catch (error) {
      problems.push(`${at} is not a usable RSA public key (${(error as Error).message})`);
    }
  });
  if (keys.length === 0 && problems.length === 0) problems.push(`${where} has no RSA signing key (kty "RSA", alg RS256 or none)`);
  return { keys, problems };
}

export type JwtSigner = { alg: 'HS256'; secret: string; kid?: string } | { alg: 'RS256'; privateKey: KeyObject | string; kid?: string };

/** A signed compact JWS of `claims` (for tests and demos: the emulator itself only verifies). */
export function signJwt(claims: Record<string, unknown>, signer: JwtSigner): string {
  const header = { alg: signer.alg, typ: 'JWT', ...(signer.kid === undefined ? {} : { kid: signer.kid }) };
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode(header)}.${encode(claims)}`;
  const signature =
    signer.alg === 'HS256' ? createHmac('sha256', signer.secret).update(input).digest() : sign('sha256', Buffer.from(input), signer.privateKey);
  return `${input}.${signature.toString('base64url')}`;
}
