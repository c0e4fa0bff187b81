import DOMPurify from 'dompurify';

/**
 * The one place agent HTML is cleaned, with a private DOMPurify instance (its config and hooks
 * never touch a DOMPurify the host page may use). Only `lp-chat-message` calls it, right before
 * rendering; the result must not be modified afterwards.
 */
const purify = DOMPurify(window);

const SAFE_URL = /^(?:https?|mailto|tel):/i;

purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName !== 'A') return;
  const href = node.getAttribute('href');
  // Relative and scheme-less URLs resolve against the host page: only absolute safe schemes stay.
  if (href !== null && !SAFE_URL.test(href.trim())) node.removeAttribute('href');
  node.setAttribute('target', '_blank');
  node.setAttribute('rel', 'noopener noreferrer');
});

const config = {
  ALLOWED_TAGS: ['b', 'i', 'em', 'strong', 'u', 's', 'a', 'p', 'br', 'ul', 'ol', 'li', 'span', 'div', 'blockquote', 'code', 'pre'],
  ALLOWED_ATTR: ['href', 'dir', 'lang'],
  // Otherwise allowed by default: an agent line must not relabel or hide content for screen readers.
  ALLOW_ARIA_ATTR: false,
  ALLOW_DATA_ATTR: false,
};

/** Returns agent HTML reduced to a narrow set of formatting tags and safe links. */
export function sanitizeHtml(html: string): string {
  return purify.sanitize(html, config);
}
