/**
 * What the XSS and strict-page tests watch on the brand page: a tripwire every payload calls if its
 * code ever runs, the page's CSP violations, and an inspection of what agent lines rendered.
 */
import type { Page } from '@playwright/test';
import { acceptChat, call, waitFor, type OnlineAgent } from '../test/emulator/fixtures.js';

export interface Violation {
  directive: string;
  blocked: string;
  source: string;
  line: number;
  column: number;
}

interface Guard {
  hits: string[];
  violations: Violation[];
}

/**
 * Before any script of the page (and of any frame): `__xss` is a tripwire that records a call or an
 * assignment, and every `securitypolicyviolation` is recorded.
 */
export async function installGuard(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const guard = { hits: [] as string[], violations: [] as unknown[] };
    Object.defineProperty(window, '__guard', { value: guard });
    Object.defineProperty(window, '__xss', {
      get: () => (id: unknown) => void guard.hits.push(`called ${String(id)}`),
      set: (value: unknown) => void guard.hits.push(`assigned ${String(value)}`),
    });
    addEventListener(
      'securitypolicyviolation',
      (e) =>
        guard.violations.push({
          directive: e.violatedDirective,
          blocked: e.blockedURI,
          source: e.sourceFile,
          line: e.lineNumber,
          column: e.columnNumber,
        }),
      true,
    );
  });
}

/** The tripwire's hits and the violations so far (violation events are queued: let them arrive). */
export async function readGuard(page: Page): Promise<Guard> {
  await page.waitForTimeout(200);
  return page.evaluate(() => (window as unknown as { __guard: Guard }).__guard);
}

/** Accepts the visitor's chat as soon as it rings for the agent. */
export async function acceptWhenRinging(agent: OnlineAgent): Promise<string> {
  await waitFor(async () => {
    const answer = await call(`${agent.sessionUrl}/incomingRequests.json?v=1&NC=true`, { headers: agent.headers });
    return answer.body?.incomingRequests?.ringingCount === '1';
  }, 10_000);
  return acceptChat(agent);
}

export interface LineReport {
  /** The line's visible text. */
  text: string;
  /** Everything wrong with what the line rendered (empty: nothing). */
  problems: string[];
  /** Whether part of the line is wider than its bubble, which scrolls it (and clips it). */
  scrolls: boolean;
}

export interface WindowReport {
  lines: LineReport[];
  /** Points of the page outside the window and its launcher where the window still answers hits. */
  covered: string[];
  /** The page's own elements (the window's host with no attributes): payloads must not change them. */
  pageElements: string[];
  baseURI: string;
}

/**
 * Inspects every agent line of the window: only the allowed elements and attributes, no handler,
 * only http(s)/mailto/tel links and https images, nothing positioned, every box inside its bubble
 * (or scrolled inside it) and every bubble inside the window; then probes the page outside the
 * window for anything of the window covering it.
 */
export function inspectWindow(page: Page): Promise<WindowReport> {
  return page.evaluate(() => {
    const host = document.querySelector('lp-chat-window')!;
    const root = host.shadowRoot!;
    const win = root.querySelector('[role=dialog]')!.getBoundingClientRect();
    const allowed: Record<string, string[]> = {
      a: ['href', 'target', 'rel'],
      img: ['src', 'alt', 'referrerpolicy'],
      ...Object.fromEntries(['b', 'i', 'em', 'strong', 'u', 's', 'p', 'br', 'ul', 'ol', 'li', 'span', 'div', 'blockquote', 'code', 'pre'].map((t) => [t, []])),
    };
    const tolerance = 0.5;
    const lines = [...root.querySelectorAll<HTMLElement>('.message--agent [part~=bubble]')].map((bubble) => {
      const problems: string[] = [];
      let scrolls = false;
      const b = bubble.getBoundingClientRect();
      const clips = getComputedStyle(bubble).overflowX !== 'visible';
      if (b.left < win.left - tolerance || b.right > win.right + tolerance) problems.push(`bubble ${b.left}..${b.right} outside the window ${win.left}..${win.right}`);
      for (const el of bubble.querySelectorAll('*')) {
        const tag = el.localName;
        if (!(tag in allowed)) problems.push(`<${tag}>`);
        for (const name of el.getAttributeNames()) {
          const value = el.getAttribute(name)!;
          if (!allowed[tag]?.includes(name) && name !== 'dir' && name !== 'lang') problems.push(`<${tag} ${name}>`);
          if (/^on/i.test(name)) problems.push(`handler <${tag} ${name}="${value}">`);
          // Whitespace and control characters are what browsers drop before reading a scheme.
          if (/^(?:javascript|data|vbscript):/i.test(value.replace(/[\u0000-\u0020]/g, ''))) problems.push(`<${tag} ${name}="${value}">`);
        }
        if (tag === 'a' && el.hasAttribute('href') && !/^(?:https?|mailto|tel):/i.test(el.getAttribute('href')!)) problems.push(`link to ${el.getAttribute('href')}`);
        if (tag === 'a' && (el.getAttribute('target') !== '_blank' || el.getAttribute('rel') !== 'noopener noreferrer')) problems.push('link without target=_blank rel="noopener noreferrer"');
        if (tag === 'img' && !/^https:/i.test(el.getAttribute('src') ?? '')) problems.push(`image from ${el.getAttribute('src')}`);
        const style = getComputedStyle(el);
        if (style.position !== 'static') problems.push(`<${tag}> position: ${style.position}`);
        if (style.transform !== 'none') problems.push(`<${tag}> transform: ${style.transform}`);
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (r.top < b.top - tolerance || r.bottom > b.bottom + tolerance) problems.push(`<${tag}> ${r.top}..${r.bottom} outside its bubble ${b.top}..${b.bottom}`);
        if (r.left < b.left - tolerance || r.right > b.right + tolerance) {
          // Wider than the bubble: acceptable only inside the bubble's own scrolling box.
          if (clips && r.left >= b.left - tolerance && r.right <= b.left + bubble.scrollWidth + tolerance) scrolls = true;
          else problems.push(`<${tag}> ${r.left}..${r.right} outside its bubble ${b.left}..${b.right}`);
        }
      }
      return { text: bubble.innerText, problems, scrolls };
    });
    // The page outside the window: no point of it may hit the window.
    const launcher = root.querySelector('.launcher')!.getBoundingClientRect();
    const inside = (r: DOMRect, x: number, y: number) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
    const covered: string[] = [];
    for (let x = 5; x < innerWidth; x += 25) {
      for (let y = 5; y < innerHeight; y += 25) {
        if (inside(win, x, y) || inside(launcher, x, y)) continue;
        if (document.elementFromPoint(x, y) === host) covered.push(`${x},${y}`);
      }
    }
    const pageElements = [...document.querySelectorAll('*')].map((e) =>
      e === host ? e.localName : [e.localName, ...[...e.attributes].map((a) => `${a.name}="${a.value}"`)].join(' '),
    );
    return { lines, covered, pageElements, baseURI: document.baseURI };
  });
}
