/**
 * The LivePerson wire conventions: JSON rendered from XML resources (`@`-prefixed attribute keys,
 * one-element collections as plain objects, empty collections as a missing key), ISO times with
 * milliseconds and a UTC offset, and the error shapes the APIs answer with.
 */

/** A `{"@href","@rel"}` link object (most doc examples). */
export interface Link {
  '@href': string;
  '@rel': string;
}

/** A `{"href","rel"}` link object (chat info §7.4, chat sessions). */
export interface PlainLink {
  href: string;
  rel: string;
}

export function link(href: string, rel: string): Link;
export function link(href: string, rel: string, style: '@href' | 'href'): Link | PlainLink;
export function link(href: string, rel: string, style: '@href' | 'href' = '@href'): Link | PlainLink {
  return style === 'href' ? { href, rel } : { '@href': href, '@rel': rel };
}

/**
 * The XML-to-JSON singleton rule: no items → `undefined` (the key disappears from the JSON),
 * one item → the item itself, several → the array.
 */
export function one<T>(items: readonly T[]): T | T[] | undefined {
  if (items.length === 0) return undefined;
  if (items.length === 1) return items[0];
  return [...items];
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `2017-02-27T06:30:00.695-05:00`: local time with milliseconds and the local UTC offset. */
export function isoTime(ms: number): string {
  const d = new Date(ms);
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The Login Service's error time format: `Sep 22, 2016 4:10:15 PM`. */
export function loginServiceTime(ms: number): string {
  const d = new Date(ms);
  const hours = d.getHours() % 12 || 12;
  const ampm = d.getHours() < 12 ? 'AM' : 'PM';
  return `${MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()} ${hours}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${ampm}`;
}

/** The JSON error body of the Server Chat, Chat Agent, Login and Domain APIs. */
export interface ErrorBody {
  error: { time: string; message: string; internalCode: number; responseStatus?: string };
}

export function errorBody(message: string, internalCode: number, time = isoTime(Date.now())): ErrorBody {
  return { error: { time, message, internalCode } };
}

/** App Engagement API errors are flat, with a numeric time: `{"time":1469543282471,"message":"Illegal Version","internalCode":33}`. */
export interface EngagementErrorBody {
  time: number;
  message: string;
  internalCode: number;
}

/** Form-encoded text body answering a missing or unknown consumer appKey (401). */
export const APPKEY_REJECTED =
  'lp_problem=consumer_key_rejected&lp_problem_advice=the appKey is permanently unacceptable to the Service Provider';

/** Form-encoded text body answering a missing or unknown agent bearer token (401). */
export const TOKEN_REJECTED =
  'oauth_problem=token_rejected&oauth_problem_advice=the oauth_token is unacceptable to the Service Provider';

/** Ids rendered as numbers where the documented examples show numbers (skillId, agentId); strings stay strings. */
export function wireNumber(id: string): number | string {
  return /^\d{1,15}$/.test(id) ? Number(id) : id;
}

/**
 * A value a client sent, as text for an error message. Never throws: `String()` does on JSON such as
 * `{"toString":1}`, whose `toString` is not a function.
 */
export function shown(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

/** A JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An absolute `http:` or `https:` URL of at most 2048 characters. */
export function isWebUrl(value: string): boolean {
  if (value.length > 2048) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
