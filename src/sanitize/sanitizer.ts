import { importChunk } from '../chunks/import-chunk.js';
import type { sanitizeHtml } from './sanitize-html.js';

type Sanitize = typeof sanitizeHtml;

/** The sanitiser once its module has arrived. */
let loaded: Sanitize | undefined;
let pending: Promise<Sanitize> | undefined;
let attempts = 0;

const importSanitizer = (attempt: number) =>
  importChunk(() => import('./sanitize-html.js'), 'sanitizer', attempt);

/**
 * The sanitiser, if it has arrived. It is a module of its own (DOMPurify is a fifth of a chat's
 * bytes, and most chats never see an HTML line), fetched by the first agent HTML line.
 */
export const sanitizer = (): Sanitize | undefined => loaded;

/**
 * Fetches the sanitiser once. A failed load is forgotten, so the next HTML line asks again (under a
 * new URL: see `importChunk`).
 */
export function loadSanitizer(): Promise<Sanitize> {
  return (pending ??= importSanitizer(attempts++).then(
    (module) => (loaded = module.sanitizeHtml),
    (error: unknown) => {
      pending = undefined;
      throw error;
    },
  ));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * What an HTML line says, as text, for when the sanitiser cannot be had: tags dropped (a line break
 * for `<br>` and block ends), the common entities decoded. The result is only ever shown as text.
 */
export const htmlAsText = (html: string): string =>
  html
    .replace(/<(?:br|\/p|\/div|\/li)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>?/g, '')
    .replace(/&(?:#(\d+)|#x([\da-f]+)|(\w+));/gi, (entity, dec?: string, hex?: string, name?: string) =>
      dec || hex ? String.fromCodePoint(Math.min(parseInt(dec ?? hex!, dec ? 10 : 16), 0x10ffff) || 0xfffd) : ENTITIES[name!.toLowerCase()] ?? entity,
    )
    .trim();
