/** Identifier generators shaped like the platform's. */
import { randomBytes, randomInt } from 'node:crypto';

/** `digits` random decimal digits, the first one non-zero. */
export function digits(count: number): string {
  let out = String(randomInt(1, 10));
  while (out.length < count) out += String(randomInt(0, 10));
  return out;
}

/** A chat key like `H7496712445225055898-608c28f64b1f4d41aeca4188fb95f66fK8388836`. */
export function chatKey(): string {
  return `H${digits(19)}-${randomBytes(16).toString('hex')}K${digits(7)}`;
}

/** A monitoring visitor/session id like `rloXnVgEQ-iQuoOytvKNqA`. */
export function visitorToken(): string {
  return randomBytes(16).toString('base64url');
}

/** An opaque secret (bearer, csrf, cookie value). */
export function secret(bytes = 32): string {
  return randomBytes(bytes).toString('hex');
}

/** A numeric visitor id that stays a safe JSON integer (16 digits, below 2^53). */
export function numericVisitorId(): number {
  return 1_000_000_000_000_000 + randomInt(0, 2 ** 47) * 50;
}
