import { formatDate, formatTime } from '../../src/i18n/format.js';
import { en, type Strings } from '../../src/i18n/strings.js';
import type { Message } from '../../src/machine/chat.types.js';
import type { LineGroup } from '../../src/machine/view.js';
import { htmlAsText, loadSanitizer, sanitizer } from '../../src/sanitize/sanitizer.js';
import { initials } from './initials.js';

/** A clock: the line waits. */
const CLOCK = 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 2a8 8 0 1 1 0 16 8 8 0 0 1 0-16zm-1 3v6l5 3 1-1.7-4-2.4V7z';

/** An element with its classes and children; strings become text nodes, never markup. */
function h(tag: string, className: string, ...children: (Node | string)[]): HTMLElement {
  const el = document.createElement(tag);
  el.className = className;
  el.append(...children);
  return el;
}

/** A link the agent pushed (an http(s) URL, checked by the machine): offered, opened in a new tab, never followed by itself. */
function link(href: string, text: string): HTMLAnchorElement {
  const a = h('a', '', text) as HTMLAnchorElement;
  a.href = href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  return a;
}

/** A time, machine-readable (`datetime`: the line's ISO time) and as `text`. */
function time(iso: string, text: string): HTMLElement {
  const el = h('time', 'message__time', text);
  el.setAttribute('datetime', iso);
  return el;
}

function clock(): SVGElement {
  const svg = (tag: string) => document.createElementNS('http://www.w3.org/2000/svg', tag);
  const icon = svg('svg');
  const path = svg('path');
  icon.setAttribute('class', 'message__status-icon');
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('aria-hidden', 'true');
  path.setAttribute('d', CLOCK);
  icon.append(path);
  return icon;
}

/**
 * One line of the conversation. Agent HTML is sanitised here, right before rendering (the bubble
 * gets the sanitiser's nodes as they are): this is the only file of the window that may render
 * markup from a string; everything else is text (a link the agent pushed is an anchor built here,
 * never markup). Visitor lines say where they stand:
 * "Waiting to send" (with a clock), "Sending…", nothing once sent, "Not sent" with Retry.
 *
 * The first line of a group (see `groupOf`) shows who wrote it and when: an agent's avatar (their
 * initials, or the window's `agent-avatar` picture), name and time, the visitor's time; the first
 * line of a day shows the date above it. Every line keeps its writer's name for screen readers
 * (visually hidden within a group); avatar and time are not read, so announcements stay as short
 * as they were.
 *
 * A transcript holds thousands of these, so a line is a plain custom element, not a Lit one: it
 * renders synchronously when a property changes, with the DOM alone, and keeps nothing but its
 * properties and the bubble it shows. Lit's per-element state (an update promise, property maps,
 * a template instance and its parts) would cost a dozen objects per line.
 *
 * @internal
 * @csspart message - one line; with `message--agent`, `message--visitor`, `message--system`, `message--failed`
 * @csspart bubble - the text of a line
 * @csspart avatar - the agent's initials or picture, beside the first line of their group
 * @csspart time - the time, on the first line of a group
 * @fires chat-retry - (internal) the visitor asked to send a failed line again; detail: the line key
 */
export class LpChatMessage extends HTMLElement {
  #message?: Message;
  #t: Strings = en;
  #retryable = true;
  #group: LineGroup = 'group';
  #locale = '';
  #avatar = '';
  /** The line's own element, and the date above it with the time it shows. */
  #line?: HTMLElement;
  #day?: [time: string, day: HTMLElement];
  /** The bubble shown, with what it shows: the same bubble (and the same sanitised nodes) while that stays. */
  #bubble?: [shows: string, bubble: HTMLElement];

  /** The line shown. */
  set message(message: Message) {
    this.#message = message;
    this.#render();
  }

  /** The strings for the window's language. */
  set t(t: Strings) {
    this.#t = t;
    this.#render();
  }

  /** Whether a failed line can be sent again now (not once the chat is over). */
  set retryable(retryable: boolean) {
    this.#retryable = retryable;
    if (this.#message?.status === 'failed') this.#render();
  }

  /** How the line follows the one before it (set before `message`). */
  set group(group: LineGroup) {
    if (group === this.#group) return;
    this.#group = group;
    this.#render();
  }

  /** The window's language, for times and dates (a BCP 47 tag). */
  set locale(locale: string) {
    this.#locale = locale;
    this.#render();
  }

  /** A picture of the agent (URL) to show instead of their initials, or ''. */
  set avatar(avatar: string) {
    this.#avatar = avatar;
    this.#render();
  }

  /**
   * Who wrote the line, before its bubble: on the first line of a group shown, with the agent's
   * avatar and the time (both seen, not read: the avatar sits beside the group), else for screen
   * readers only.
   */
  #label(m: Message, ms: number): HTMLElement | null {
    const { source } = m;
    if (source === 'system') return null;
    const agent = source === 'agent';
    const head = this.#group;
    const who = agent ? m.by || this.#t.agent : `${this.#t.you}:`;
    const label = h('span', head && agent ? 'message__author' : 'vh', who);
    if (!head) return label;
    const seen = h('span', '');
    seen.ariaHidden = 'true';
    if (agent) {
      const avatar = seen.appendChild(h('span', 'message__avatar', initials(who)));
      avatar.setAttribute('part', 'avatar');
      if (this.#avatar) {
        const img = avatar.appendChild(document.createElement('img'));
        img.alt = '';
        img.src = this.#avatar;
        // A picture that cannot be shown leaves the initials.
        img.onerror = () => img.remove();
      }
    }
    if (ms === ms) seen.appendChild(time(m.time, formatTime(ms, this.#locale))).setAttribute('part', 'time');
    return h('div', 'message__meta', label, seen);
  }

  /** What a line says under its bubble: nothing once sent. */
  #status({ status, key }: Message): HTMLElement | null {
    const t = this.#t;
    if (status === 'sent') return null;
    if (status === 'queued') return h('span', 'message__status', clock(), t.queued);
    if (status === 'sending') return h('span', 'message__status', t.sending);
    if (!this.#retryable) return h('span', 'message__status', t.notSent);
    const retry = h('button', 'link-button', t.retry);
    // Internal: bubbles to the window's shadow root, no further.
    retry.onclick = () => this.dispatchEvent(new CustomEvent('chat-retry', { detail: key, bubbles: true, cancelable: true }));
    return h('span', 'message__status', t.notSent, ' ', retry);
  }

  /**
   * The bubble of an agent's HTML line holds the sanitiser's nodes, made once per text, so that a
   * render for another reason keeps them (and the focus on a link in them); when the sanitiser has
   * nothing to insert (see `sanitizeHtml`) the line shows as the text it is. The sanitiser is fetched
   * by the first HTML line, which waits for it; if it cannot be had, the line shows what it says as
   * text (see `htmlAsText`). Every other line is text.
   */
  #render(): void {
    const m = this.#message;
    if (!m) return;
    const t = this.#t;
    const { source } = m;
    const text = m.notice ? t.transferring : m.text;
    const html = source === 'agent' && m.textType === 'html';
    const line = (this.#line ??= this.appendChild(document.createElement('div')));
    line.className = `message message--${source}${this.#group ? ' message--first' : ''}`;
    line.setAttribute('part', `message message--${source}${m.status === 'failed' ? ' message--failed' : ''}`);
    const sanitize = html && sanitizer();
    const shows = `${html}${!!sanitize}${m.link ?? ''} ${text}`;
    let bubble = this.#bubble?.[0] === shows ? this.#bubble[1] : undefined;
    if (!bubble) {
      const nodes = sanitize ? sanitize(text) : m.link ? link(m.link, text) : null;
      // An HTML line before the sanitiser is here: an empty, busy bubble, filled once it arrives.
      const wait = html && !sanitize;
      const b = (bubble = nodes ? h('div', 'message__bubble', nodes) : h('div', 'message__bubble message__bubble--plain', wait ? '' : text));
      b.setAttribute('part', 'bubble');
      // A line runs the way its own text does (an English line in a Hebrew window, and the reverse).
      b.dir = 'auto';
      this.#bubble = [shows, b];
      if (wait) {
        b.ariaBusy = 'true';
        loadSanitizer().then(
          () => this.#render(),
          () => {
            b.ariaBusy = null;
            b.replaceChildren(htmlAsText(text));
          },
        );
      }
    }
    const ms = Date.parse(m.time);
    const label = this.#label(m, ms);
    const day = this.#group === 'day' && ms === ms ? m.time : '';
    if (this.#day?.[0] !== day) {
      this.#day?.[1].remove();
      this.#day = day ? [day, this.insertBefore(h('p', 'message__day', time(day, formatDate(ms, this.#locale))), line)] : undefined;
    }
    const status = this.#status(m);
    if (bubble.parentNode === line) {
      // The bubble stays where it is (with the focus on a link in it): only what is around it changes.
      bubble.previousSibling?.remove();
      bubble.nextSibling?.remove();
      if (label) bubble.before(label);
      if (status) bubble.after(status);
    } else line.replaceChildren(...([label, bubble, status].filter(Boolean) as Node[]));
  }
}
