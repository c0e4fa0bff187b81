import DOMPurify, { type Config } from 'dompurify';
import { trustedPolicy } from '../security/trusted-types.js';

/**
 * The one place agent HTML is cleaned, with a private DOMPurify instance (its config and hooks
 * never touch a DOMPurify the host page may use). Only `lp-chat-message` calls it, right before
 * rendering. The result is DOM nodes, never a string: nothing is parsed a second time on its way
 * into the window, and no HTML sink sees it, so pages that enforce Trusted Types need no policy
 * for the output.
 */
const purify = DOMPurify(window);

/**
 * Every URL (links, images): absolute, of these schemes only (relative ones would resolve against
 * the host page). DOMPurify checks it with whitespace and control characters taken out.
 */
const LINK = /^(?:https?|mailto|tel):/i;
/** Images: https only, so a line cannot load anything over plain http or from data. */
const IMAGE = /^https:/i;

// Scripts and style sheets go before DOMPurify moves or copies anything (it copies the whole line to
// drop the <body> it parsed it into): Chromium checks a copied <script> the parser never closed
// against Trusted Types, and a moved <style> against style-src, and reports both although nothing
// in the inert document can ever run or apply.
purify.addHook('beforeSanitizeElements', (node) => {
  if (node.nodeName === 'BODY') for (const el of (node as Element).querySelectorAll('script,style')) el.remove();
});

purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  } else if (node.nodeName === 'IMG') {
    // An image that may not load leaves its description, as text. (DOMPurify has trimmed the URL,
    // and lets data: images through its URL check: this one does not.)
    if (!IMAGE.test(node.getAttribute('src') as string)) node.replaceWith(node.getAttribute('alt') ?? '');
    // The host page's address is none of the image server's business.
    else node.setAttribute('referrerpolicy', 'no-referrer');
  }
});

type Policy = NonNullable<Config['TRUSTED_TYPES_POLICY']>;

/** Undefined until the first line: the instance is configured then, and once. */
let ready: boolean | undefined;

/**
 * Sets the instance up on first use. Where the browser has Trusted Types, DOMPurify's inert parse of
 * the raw line is the one HTML sink it needs, so it gets the window's policy `lp-chat-window`
 * (src/security/trusted-types.ts), given to our DOMPurify instance only. DOMPurify never creates its
 * own `dompurify` policy (a page with its own DOMPurify may have taken the name), and no default
 * policy is ever created. Returns false when the page's CSP refuses the policy: a page that
 * enforces Trusted Types then lets nothing parse the line.
 */
function setUp(): boolean {
  if (ready === undefined) {
    const policy = trustedPolicy();
    ready = policy !== false;
    purify.setConfig({
      ALLOWED_TAGS: ['b', 'i', 'em', 'strong', 'u', 's', 'a', 'p', 'br', 'ul', 'ol', 'li', 'span', 'div', 'blockquote', 'code', 'pre', 'img'],
      // No style (CSS could cover the page), class, id or name (DOM clobbering), no handlers.
      ALLOWED_ATTR: ['href', 'src', 'alt', 'dir', 'lang'],
      ALLOWED_URI_REGEXP: LINK,
      // DOMPurify checks the values of the other attributes as URLs too: these two are words.
      ADD_URI_SAFE_ATTR: ['dir', 'lang'],
      // Otherwise allowed by default: an agent line must not relabel or hide content for screen readers.
      ALLOW_ARIA_ATTR: false,
      ALLOW_DATA_ATTR: false,
      RETURN_DOM_FRAGMENT: true,
      TRUSTED_TYPES_POLICY: (policy || null) as Policy | null,
    });
  }
  return ready;
}

/**
 * Returns agent HTML reduced to formatting tags, safe links and https images, as a fragment to
 * insert as it is. Null when there is nothing to insert: the page's Trusted Types policy does not
 * list `lp-chat-window`, so the line cannot be parsed at all, or the markup is a frameset document,
 * which has no body (the caller shows such a line as text).
 */
export function sanitizeHtml(html: string): DocumentFragment | null {
  return setUp() ? (purify.sanitize(html) as unknown as DocumentFragment) : null;
}
