/**
 * Visitor authentication (OAuth 2.0 + OpenID Connect) as the platform's authentication connector
 * does it: an `ssoKey` is either an implicit-flow id_token (a JWT, verified here: HS256 with a shared
 * secret or RS256 with the public keys of a JWKS; `exp`, `iat`, `iss`, `aud`, `sub`) or a code-flow
 * authorization code, which the platform would exchange at the brand's token endpoint: here it is
 * looked up in a configured list that holds the claims that exchange would return. What the agent is
 * shown of the visitor comes from the claims (LivePerson's "standard claim set").
 */
import { readFileSync } from 'node:fs';
import { EmulatorError } from './errors.js';
import { isCompactJws, JwtError, parseJwks, verifyJwt } from './jwt.js';
import type { RsaKey } from './jwt.js';
import { isObject } from './wire.js';

/** A code-flow authorization code the brand's token endpoint would accept, with the id_token claims it would return. */
export interface AuthorizationCode {
  code: string;
  /** At least `sub`; the standard claims (`given_name`, `family_name`, `email`…) are shown to the agent. */
  claims: Record<string, unknown>;
  /** When set, the request's `redirectUri` must be exactly this (OAuth 2.0 code exchange). */
  redirectUri?: string;
}

/** The account's authentication connector. */
export interface AuthenticationConfig {
  /** Expected `iss` of id_tokens (any issuer when null; `iss` is required either way). */
  issuer: string | null;
  /** Expected `aud` of id_tokens (not checked when null). */
  audience: string | null;
  /** HS256 shared secret, at least 32 bytes (RFC 7518 §3.2); null = no HS256. */
  hs256Secret: string | null;
  /** Path of a JWKS file with the RS256 public keys (read at every check, relative to the working directory). */
  jwksFile: string | null;
  /** The same JWKS inline: `{"keys":[{"kty":"RSA","n":"…","e":"AQAB","kid"?:"…"}]}`. */
  jwks: unknown;
  /** Code-flow authorization codes that are accepted. */
  codes: AuthorizationCode[];
  /** Seconds of clock difference allowed on `exp`, `nbf` and `iat` (0..300). */
  clockToleranceSeconds: number;
}

export function defaultAuthentication(): AuthenticationConfig {
  return { issuer: null, audience: null, hs256Secret: null, jwksFile: null, jwks: null, codes: [], clockToleranceSeconds: 0 };
}

function jwksFromFile(path: string): { keys: RsaKey[]; problems: string[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { keys: [], problems: [`authentication.jwksFile ${path} cannot be read (${(error as Error).message})`] };
  }
  try {
    return parseJwks(JSON.parse(text), `authentication.jwksFile ${path}`);
  } catch {
    return { keys: [], problems: [`authentication.jwksFile ${path} is not valid JSON`] };
  }
}

const nonEmpty = (x: unknown): x is string => typeof x === 'string' && x.trim() !== '';
const nullOr = (x: unknown, check: (y: unknown) => boolean): boolean => x === null || check(x);

/** Problems with an `authentication` configuration (reads the JWKS file, so a bad one is refused up front). */
export function authenticationProblems(a: unknown): string[] {
  if (!isObject(a)) return ['authentication must be an object'];
  const p: string[] = [];
  if (!nullOr(a.issuer, nonEmpty)) p.push('authentication.issuer must be null or a non-empty string');
  if (!nullOr(a.audience, nonEmpty)) p.push('authentication.audience must be null or a non-empty string');
  if (!nullOr(a.hs256Secret, (s) => typeof s === 'string' && Buffer.byteLength(s) >= 32)) {
    p.push('authentication.hs256Secret must be null or a string of at least 32 bytes');
  }
  if (a.jwksFile !== null) {
    if (nonEmpty(a.jwksFile)) p.push(...jwksFromFile(a.jwksFile).problems);
    else p.push('authentication.jwksFile must be null or a file path');
  }
  if (a.jwks !== null) p.push(...parseJwks(a.jwks, 'authentication.jwks').problems);
  if (!Array.isArray(a.codes)) {
    p.push('authentication.codes must be an array');
  } else {
    const seen = new Set<string>();
    a.codes.forEach((c: unknown, i: number) => {
      const at = `authentication.codes[${i}]`;
      if (!isObject(c) || !nonEmpty(c.code) || !isObject(c.claims) || !nonEmpty(c.claims.sub)) {
        p.push(`${at} must be {code: string, claims: {sub: string, …}, redirectUri?: string}`);
        return;
      }
      if (isCompactJws(c.code)) p.push(`${at}.code looks like a JWT: codes must not`);
      if (c.redirectUri !== undefined && typeof c.redirectUri !== 'string') p.push(`${at}.redirectUri must be a string`);
      const unknown = Object.keys(c).filter((k) => !['code', 'claims', 'redirectUri'].includes(k));
      if (unknown.length > 0) p.push(`${at} has unknown keys ${unknown.join(', ')}`);
      if (seen.has(c.code)) p.push(`${at} repeats the code ${c.code}`);
      seen.add(c.code);
    });
  }
  const t = a.clockToleranceSeconds;
  if (!Number.isSafeInteger(t) || (t as number) < 0 || (t as number) > 300) p.push('authentication.clockToleranceSeconds must be an integer 0..300');
  return p;
}

/** A visitor whose `ssoKey` checked out. */
export interface VerifiedVisitor {
  /** `implicit`: a JWT; `code`: an authorization code. */
  flow: 'implicit' | 'code';
  claims: Record<string, unknown>;
}

/** 401 with the platform's error body (internal code 10), as for other refused visitors. */
function refused(message: string): never {
  throw new EmulatorError('unauthorized', `Visitor authentication failed: ${message}`);
}

/**
 * Checks an `ssoKey` against the connector; throws a 401 `EmulatorError` saying why it is refused.
 * A compact JWS is an implicit-flow id_token; anything else is a code-flow authorization code.
 */
export function verifySsoKey(auth: AuthenticationConfig, ssoKey: string, redirectUri: string | undefined, now: number): VerifiedVisitor {
  if (!isCompactJws(ssoKey)) {
    const code = auth.codes.find((c) => c.code === ssoKey);
    if (!code) return refused('unknown authorization code');
    if (code.redirectUri !== undefined && code.redirectUri !== redirectUri) return refused('redirectUri does not match the one of the code');
    return { flow: 'code', claims: structuredClone(code.claims) };
  }
  const rsaKeys: RsaKey[] = [];
  if (auth.jwks !== null) rsaKeys.push(...parseJwks(auth.jwks, 'authentication.jwks').keys);
  if (auth.jwksFile !== null) rsaKeys.push(...jwksFromFile(auth.jwksFile).keys);
  try {
    const claims = verifyJwt(ssoKey, { hs256Secret: auth.hs256Secret, rsaKeys }, {
      issuer: auth.issuer,
      audience: auth.audience,
      now,
      toleranceSeconds: auth.clockToleranceSeconds,
    });
    return { flow: 'implicit', claims };
  } catch (error) {
    if (error instanceof JwtError) return refused(error.message);
    throw error;
  }
}

/** The claims shown to the agent: `sub`, `iss` and the standard OpenID Connect claims that are strings. */
export const SHOWN_CLAIMS = ['sub', 'iss', 'given_name', 'family_name', 'name', 'preferred_username', 'email', 'phone_number', 'gender'] as const;

export type VisitorIdentity = Partial<Record<(typeof SHOWN_CLAIMS)[number], string>>;

export function identityOf(claims: Record<string, unknown>): VisitorIdentity {
  const identity: VisitorIdentity = {};
  for (const key of SHOWN_CLAIMS) {
    const value = claims[key];
    if (typeof value === 'string' && value !== '') identity[key] = value;
  }
  return identity;
}
