import { importChunk } from '../chunks/import-chunk.js';
import type { Strings } from './strings.js';

/**
 * The English words the first stage shows itself: the launcher, and the window while the
 * conversation loads (the rest of the table, `en` in `strings.ts`, comes with the conversation).
 */
export const enLauncher = {
  /** Language of this table (marks the window's content for assistive technology). */
  lang: 'en',
  /** Its writing direction: the window mirrors for `rtl`. */
  dir: 'ltr',
  launcher: 'Chat with us',
  /** The launcher's name and the window's title when nobody is available. */
  offline: 'Leave a message',
  unread: (n: number) => `${n} unread message${n === 1 ? '' : 's'}`,
  /** Joins the launcher's name and its unread count. */
  comma: ', ',
  title: 'Chat',
  close: 'Minimise chat',
  loading: 'Loading…',
  errorNetwork: 'The chat service cannot be reached. Check your connection and try again.',
  tryAgain: 'Try again',
};

/** The other languages, each a chunk of its own (named after it). */
const locales: Record<string, () => Promise<{ default: Strings }>> = {
  es: () => import('./locales/es.js'),
  de: () => import('./locales/de.js'),
  fr: () => import('./locales/fr.js'),
  he: () => import('./locales/he.js'),
  ar: () => import('./locales/ar.js'),
};

/**
 * The first of `tags` (BCP 47, best first; empty ones skipped) the window speaks, by its base
 * language (`es-MX` → `es`); English when it speaks none of them.
 */
export const pickLanguage = (...tags: (string | undefined)[]): string =>
  tags.map((tag) => tag?.toLowerCase().split(/[-_]/)[0]).find((lang) => lang === 'en' || Object.hasOwn(locales, lang!)) ?? 'en';

/**
 * The table of a language `pickLanguage` chose, from its chunk (undefined when the chunk cannot be
 * loaded: the window speaks English then); nothing to wait for in English, which is built in.
 * `attempt` above 0 asks again after a failure (see `importChunk`).
 */
export const loadStrings = (lang: string, attempt = 0): Promise<Strings | undefined> | undefined =>
  locales[lang] &&
  importChunk(locales[lang], lang, attempt).then(
    (m) => m.default,
    () => undefined,
  );
