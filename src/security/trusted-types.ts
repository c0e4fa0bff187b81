/** What the window asks of a Trusted Types policy. */
export interface TrustedPolicy {
  createHTML(html: string): unknown;
  createScriptURL(url: string): unknown;
}

interface TrustedTypesWindow {
  trustedTypes?: {
    createPolicy(name: string, rules: { createHTML(html: string): string; createScriptURL(url: string): string }): TrustedPolicy;
  };
}

/** Undefined until first asked for; null where the browser has no Trusted Types; false if refused. */
let created: TrustedPolicy | null | false | undefined;
/** Blob URLs of the window's own scripts: the only script URLs the policy vouches for. */
const ours = new Set<string>();

/**
 * The window's one Trusted Types policy, `lp-chat-window`, created on first use and kept private to
 * the window's modules (no default policy is ever created). Its HTML rule passes the string through:
 * it is given to our DOMPurify instance only, for the sanitiser's inert parse of a raw agent line.
 * Its script-URL rule vouches only for blob URLs that `ownScriptUrl` made of the window's own code.
 * Null where the browser has no Trusted Types (nothing needs vouching for); false where the page's
 * CSP does not list `lp-chat-window` (the page then lets the window parse no HTML and start no worker).
 */
export function trustedPolicy(): TrustedPolicy | null | false {
  if (created === undefined) {
    try {
      created =
        (globalThis as TrustedTypesWindow).trustedTypes?.createPolicy('lp-chat-window', {
          createHTML: (html) => html,
          createScriptURL: (url) => {
            if (!ours.has(url)) throw new TypeError(`lp-chat-window: ${url} is not a script of the window`);
            return url;
          },
        }) ?? null;
    } catch {
      created = false;
    }
  }
  return created;
}

/**
 * A blob URL holding `source` (a script of the window's own), vouched for by the policy where the
 * page enforces Trusted Types, for `new Worker()`. Throws where the page refuses the policy.
 */
export function ownScriptUrl(source: string): string {
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  ours.add(url);
  const policy = trustedPolicy();
  if (policy === false) throw new TypeError('lp-chat-window: the page refuses the lp-chat-window Trusted Types policy');
  return (policy ? policy.createScriptURL(url) : url) as string;
}
