import { adoptStyles, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { EngagementAttribute } from '../../src/api/sde.js';
import type { AuthCode, ChatApi } from '../../src/api/types.js';
import { FocusController } from '../../src/controllers/focus-controller.js';
import { LpCloseEvent, type LpCloseSource } from '../../src/events/lp-close.js';
import { LpOpenEvent, type LpOpenSource } from '../../src/events/lp-open.js';
import { LpStatusChangeEvent } from '../../src/events/lp-status-change.js';
import { enLauncher, loadStrings, pickLanguage } from '../../src/i18n/locale.js';
import type { Strings } from '../../src/i18n/strings.js';
import type { ChatEvent, ChatStatus, ChatTiming } from '../../src/machine/chat.types.js';
import { hasKeptChat, type PersistMode } from '../../src/persist/kept-chat.js';
import { importChunk } from '../../src/chunks/import-chunk.js';
import { hostStyles } from '../../styles/host.styles.js';
import type { ChatWindowDialog } from './chat-window-dialog.js';
import { chatFrame, dialogKeys, FILLS_SCREEN, type FrameContent } from './chat-window-frame.js';
import { windowStyles } from './chat-window.styles.js';

/** Loads the conversation (again under a new URL after a failure: see `importChunk`). */
const importDialog = (attempt: number) =>
  importChunk(() => import('./chat-window-dialog.js'), 'conversation', attempt);

/**
 * A consumer chat window for LivePerson's chat platform: a launcher button and a chat dialog,
 * beside the page or, on a narrow screen, filling it as a modal one (pre-chat survey, queue,
 * conversation, exit survey, transcript, leave-a-message).
 * Configuration is read at the element's first update (properties set right after inserting it count).
 *
 * Events all bubble and are composed (they cross shadow roots); `detail` is always an object.
 *
 * CSS custom properties: the public `--lp-*` tokens, listed with their defaults in styles/tokens.css
 * (and in custom-elements.json).
 *
 * Custom states (`lp-chat-window:state(chatting)`): one per `status` value.
 *
 * @summary Embeddable LivePerson chat window.
 * @tag lp-chat-window
 *
 * @event lp-open - The visitor (launcher), `open()` or the page's Web Tag opened the window.
 *   Detail: `{ source: 'launcher' | 'api' | 'web-tag' }`
 * @event lp-close - The window is closing (visitor or `close()`).
 *   Cancelable: `preventDefault()` keeps it open. Detail: `{ source: 'close-button' | 'escape' | 'api' }`
 * @event lp-status-change - `status` changed. Detail: `{ status, previous }`
 * @event lp-message - An agent or system line arrived.
 *   Detail: `{ message }` (`source`, `text`, `textType`, `by`, `time`)
 * @event lp-send - The visitor is sending a line. Cancelable: the line is not sent and the draft stays.
 *   Detail: `{ text }`
 * @event lp-error - Something failed. Detail: `{ code, message, retryable, during }`
 * @event lp-funnel - A step of the engagement's funnel, also reported to LivePerson (see
 *   [the funnel](#the-funnel)). Detail: `{ type, campaignId, engagementId }`, `type` one of
 *   `impDisplay`, `impAccept`, `impExpanded`, `impClose`, `impTimeout`
 *
 * @csspart launcher - The round button that opens and closes the window; the unread count is part of its name.
 * @csspart window - The chat dialog, labelled by its title.
 * @csspart header - The title bar.
 * @csspart title - The title.
 * @csspart status - The line under the title.
 * @csspart close-button - Minimises the window.
 * @csspart end-button - "End chat", while a chat is live.
 * @csspart log - The message list.
 * @csspart message - A line; also `message--agent`, `message--visitor`, `message--system`, `message--failed`.
 * @csspart bubble - A line's text.
 * @csspart avatar - The agent's initials (or `agent-avatar` picture), beside the first line of their group.
 * @csspart time - A group's time, on its first line.
 * @csspart typing-indicator - "… is typing".
 * @csspart composer - The message form.
 * @csspart input - Its text area.
 * @csspart counter - Characters used of `max-length`, shown near the limit.
 * @csspart send-button - "Send".
 * @csspart survey - A survey or the transcript form.
 * @csspart error - An error message.
 */
export class LpChatWindow extends LitElement {
  static override styles = [hostStyles, windowStyles];
  static override properties = {
    account: {},
    appKey: { attribute: 'app-key' },
    csds: {},
    chatDomain: { attribute: 'chat-domain' },
    skill: {},
    relay: {},
    appKeyIn: { attribute: 'app-key-in' },
    persist: {},
    isOpen: { type: Boolean, reflect: true, attribute: 'open' },
    lang: {},
    sections: {},
    visitorName: { attribute: 'visitor-name' },
    engagementAttributes: { attribute: 'engagement-attributes', type: Array },
    consent: {},
    jsMethodName: { attribute: 'js-method-name' },
    jsContext: { attribute: 'js-context' },
    authFallback: { type: Boolean, attribute: 'auth-fallback' },
    maxLength: { type: Number, attribute: 'max-length' },
    agentAvatar: { attribute: 'agent-avatar' },
    notifyTitle: { type: Boolean, attribute: 'notify-title' },
    notifySound: { type: Boolean, attribute: 'notify-sound' },
    api: { attribute: false },
  };

  /** The conversation and its dialog, once loaded. */
  #dialog?: ChatWindowDialog;
  /** Loading it (undefined: not asked for yet, or the last try failed). */
  #loading?: Promise<void>;
  /** The last try to load it failed (the network, a blocked file): the window says so, with a retry. */
  #loadFailed = false;
  /** Tries so far to load it. */
  #attempts = 0;
  /** A chat was kept from an earlier page: nothing shows until it does (no launcher flash). */
  #kept = false;
  /** The visitor interacted with the launcher, or the host or the Web Tag opened the window (`consent`). */
  #consented = false;
  /** What the Web Tag passed, until the conversation is there to take it. */
  #tagged?: unknown;
  /** Removes the Web Tag's method again (when this element defined it). */
  #untag?: () => void;
  readonly #internals = this.attachInternals?.();
  #lastStatus?: ChatStatus;
  /**
   * The table of the language the window speaks, from its chunk; undefined for English (the first
   * stage's `enLauncher`, the conversation's `en`).
   */
  #t?: Strings;
  /** The language the window speaks: `#t`'s, or the one whose table is on its way. */
  #lang = '';
  /** That table, while it is on its way. */
  #locale?: Promise<void>;
  /** Its chunk could not be loaded (the window speaks English meanwhile); tries so far. */
  #localeFailed = false;
  #localeAttempts = 0;

  /**
   * LivePerson account (site) id, `[A-Za-z0-9_]{1,20}`. Missing or invalid: the window shows a
   * clear error (and logs one), never a blank box.
   * @required
   */
  account = '';
  /**
   * Server Chat API application key (the public global key from LivePerson's docs, also when
   * empty).
   * @default '721c180b09eb463d9f3191c41762bb68'
   */
  appKey = '';
  /**
   * Domain API base URL; `conversationVep` and `msdkgw` are looked up there. A bare host that comes
   * back uses the scheme of this URL.
   */
  csds = 'https://api.liveperson.net';
  /**
   * Server Chat API domain, to skip the `conversationVep` lookup. A bare host means `https://`; a
   * full URL keeps its scheme.
   */
  chatDomain = '';
  /** Skill (agent group) to chat with. */
  skill = '';
  /**
   * Language of the window's texts (a BCP 47 tag); unset, the engagement's, else the page's
   * (`<html lang>`), else the browser's (see [Languages](#languages)). Set, it also goes with the
   * chat request, so the platform's system lines follow it instead of the engagement's.
   */
  override lang = '';
  /** A `ChatApi` to use instead of the one built from the attributes. */
  api?: ChatApi;
  /**
   * URL prefix of the first-party relay on the page's origin (e.g. `/lp-relay`). Every platform
   * call goes through it (`{relay}/conversationVep/…`, `{relay}/msdkgw/…`), no Domain API lookup is
   * made and no appKey is sent (the relay adds it); platform links that come back are mapped onto
   * it. Without it the window calls the platform directly, and a platform that refuses
   * cross-origin calls gets a clear configuration error naming this attribute, before any chat
   * exists.
   */
  relay = '';
  /**
   * Direct calls only: the appKey as `Authorization: LivePerson appKey=…` (`header`) or as the
   * `appKey` query parameter (`query`), for accounts that refuse the header.
   */
  appKeyIn: 'header' | 'query' = 'header';
  /**
   * Where the chat is kept across reloads and pages of the same origin: `session`
   * (sessionStorage, this tab), `local` (localStorage) or `none`.
   */
  persist: PersistMode = 'session';
  /**
   * Overrides of the poll interval, retry pauses (polls and lines), keep-alive, typing idle time
   * and interaction timeout.
   */
  timing?: Partial<ChatTiming>;
  /**
   * App Engagement consumer sections, comma separated (`shop,tents`), sent with create session for
   * the engagement's targeting.
   */
  sections = '';
  /**
   * The visitor's name: sent with the chat request and set on the chat for the agent. Without it,
   * the answer to a pre-chat question asking for a name (its label says "name") is used.
   */
  visitorName = '';
  /**
   * Engagement attributes (SDEs) about the visitor, a list of the ten documented types (`cart`,
   * `purchase`, `prodView`, `ctmrinfo`, `mrktInfo`, `personal`, `lead`, `service`, `error`,
   * `searchInfo`; TypeScript types `EngagementAttribute`, `CartAttribute`, … are exported). The
   * attribute takes JSON. Sent with create session; later changes in one update per burst. A
   * malformed entry is refused with a console error naming it and its field; the others go. See
   * [Engagement flows](#engagement-flows).
   */
  engagementAttributes?: EngagementAttribute[];
  /**
   * `interaction`: no request and no storage write until the visitor clicks the launcher (or the
   * host calls `open()`, sets `open`, or sets `consent="granted"`); the launcher shows meanwhile.
   * Unset: the window prepares itself as soon as the browser is idle.
   */
  consent: '' | 'granted' | 'interaction' = '';
  /**
   * The monitored flow: the name of the function LivePerson's Web Tag calls for the API-based
   * window (as set in its window gallery). The element defines it on `js-context` while it is in
   * the page, makes no App Engagement call of its own, and starts a chat with the ids the Web Tag
   * passes.
   */
  jsMethodName = '';
  /**
   * Where that function is defined: `window`, or a dotted path from it (`lpBrand.chat`), created
   * when missing.
   */
  jsContext = 'window';
  /**
   * On an authenticated engagement, a visitor who cannot be authenticated gets an ordinary chat on
   * the engagement's skill instead of an error. See [Authenticated visitors](#authenticated-visitors).
   */
  authFallback = false;
  /**
   * The longest line the visitor can send, in characters (the platform documents no limit). A
   * counter shows from 80 % of it; a longer draft is kept, marked and cannot be sent.
   */
  maxLength = 2000;
  /**
   * A picture (URL) for the agent's avatar instead of their initials, e.g. the brand's logo (the
   * platform gives no picture of the agent; a picture that cannot be loaded leaves the initials).
   * On a strict page it needs `img-src`.
   */
  agentAvatar = '';
  /**
   * While the window is minimised or the tab hidden, the unread count goes before the page's
   * title: `(2) Title`; the title comes back when the window is opened or the tab shown. See
   * [What the visitor gets](#what-the-visitor-gets).
   */
  notifyTitle = false;
  /**
   * A short, soft chime when an agent line comes while the window is minimised or the tab hidden:
   * at most one every 2 s, in one tab of the site, not while the visitor reads the chat in another
   * tab, once the visitor has interacted with the page. See [What the visitor gets](#what-the-visitor-gets).
   */
  notifySound = false;
  /**
   * `() => Promise<{ ssoKey: string; redirectUri?: string }>`, called before each chat on an
   * authenticated engagement (read when called; set it with the element, as a chat kept from the
   * page before resumes its authentication as soon as it loads): the visitor's key, an OAuth 2.0
   * authorization code with the `redirectUri` it was issued for (code flow) or an OpenID Connect
   * id_token, a JWT (implicit flow). A credential: the window sends it once and never logs or keeps
   * it. See [Authenticated visitors](#authenticated-visitors).
   */
  getAuthCode?: () => Promise<AuthCode>;

  constructor() {
    super();
    new FocusController(this, {
      isOpen: () => this.isOpen,
      launcher: () => this.renderRoot.querySelector<HTMLElement>('.launcher'),
      targets: [
        // The message box while chatting,
        '[part=input]:enabled',
        // else the first field or button of the body, but not the log's (a line's Retry, "New messages"),
        '.window__body :is(input, select, textarea, button):enabled:not(lp-chat-log *)',
        // else the header's.
        '.header button',
      ],
      views: 'lp-chat-log, lp-chat-composer, lp-chat-survey',
    });
  }

  /**
   * Whether the window is open (reflected; setting it opens or closes the window, without `lp-open`
   * or `lp-close`: the host already knows).
   * @default false
   */
  get isOpen(): boolean {
    // The one truth is the machine's `context.open` once it runs; before that (and when the
    // configuration keeps it from running) it is the attribute.
    return this.#dialog?.open ?? this.hasAttribute('open');
  }

  set isOpen(open: boolean) {
    if (this.#dialog?.open !== undefined) this.#send({ type: open ? 'user.open' : 'user.close' });
    else this.toggleAttribute('open', open);
  }

  /**
   * Read only: `loading`, `available`, `unavailable`, `connecting`, `prechat`, `waiting`,
   * `chatting`, `ended`, `offline`, `error`. Also exposed as custom states:
   * `lp-chat-window:state(chatting)`.
   */
  get status(): ChatStatus {
    return this.#lastStatus ?? 'loading';
  }

  /**
   * Loads the conversation: on the visitor's first sign of interest (pointer over or focus on the
   * launcher, a click, `open()`), for a chat kept from an earlier page, for a host that hands in its
   * own `api`, or once the browser is idle. Until then the page has paid for the launcher alone.
   */
  #load = (): Promise<void> => {
    this.#loading ??= importDialog(this.#attempts++).then(
      ({ ChatWindowDialog }) => {
        const root = this.renderRoot as ShadowRoot;
        adoptStyles(root, [...(this.constructor as typeof LpChatWindow).elementStyles, ...ChatWindowDialog.styles]);
        this.#loadFailed = false;
        this.#dialog = new ChatWindowDialog(this, {
          strings: () => this.#t,
          status: (s) => this.#setStatus(s),
          frame: this.#frame,
        });
        this.requestUpdate();
      },
      (error: unknown) => {
        console.error(`<lp-chat-window>: the conversation could not be loaded (${(error as Error).message})`);
        this.#loading = undefined;
        this.#loadFailed = true;
        this.requestUpdate();
      },
    );
    return this.#loading;
  };

  /**
   * Waits for the conversation too while it is loading, and for the table of the window's
   * language, so `updateComplete` means "shown".
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    while (this.#locale || (this.#loading && !this.#dialog)) {
      await (this.#locale ?? this.#loading);
      done = await super.getUpdateComplete();
    }
    return done;
  }

  /**
   * Picks the window's language (see `lang`) and loads its table when it is not English. Until
   * the window has shown anything, `render` waits for that table (English if it cannot be had),
   * so the first thing shown is in the right language; after that the window goes on in the
   * language it speaks until the table arrives. A table that could not be loaded is asked for again
   * when the window opens (`retry`).
   */
  #speak(retry: boolean): void {
    const lang = pickLanguage(this.lang, this.#dialog?.language, document.documentElement.lang, ...navigator.languages);
    if (lang === this.#lang && !(retry && this.#localeFailed && !this.#locale)) return;
    this.#lang = lang;
    this.#localeFailed = false;
    this.#locale = loadStrings(lang, this.#localeAttempts++)?.then((t) => {
      if (lang !== this.#lang) return;
      this.#t = t;
      this.#localeFailed = !t;
      this.#locale = undefined;
      this.requestUpdate();
    });
    if (!this.#locale) this.#t = undefined;
  }

  /** Whether anything may be fetched or stored yet (`consent`). */
  #allowed = () => this.consent !== 'interaction' || this.#consented;
  /** Loads the conversation ahead of a click, unless the visitor has not consented yet. */
  #warm = () => this.#allowed() && this.#load();

  override connectedCallback(): void {
    super.connectedCallback();
    this.#fillsScreen?.addEventListener('change', this.#relayout);
    this.#tag();
    if (this.#dialog || this.#loading) return;
    const idle = globalThis.requestIdleCallback ?? ((fn: () => void) => setTimeout(fn, 1));
    // After the frame that paints the launcher: the conversation never competes with it.
    void this.updateComplete.then(() => requestAnimationFrame(() => idle(() => this.isConnected && void this.#warm(), { timeout: 5000 })));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#fillsScreen?.removeEventListener('change', this.#relayout);
    this.#untag?.();
  }

  /**
   * Defines the Web Tag's function (`jsMethodName` on `jsContext`): the Web Tag calls it with the
   * engagement's ids when the visitor clicks the engagement, which opens the window for a chat with
   * them (or just opens it while a chat is live).
   */
  #tag(): void {
    this.#untag?.();
    const name = this.jsMethodName;
    if (!name || !this.isConnected) return;
    const page: Record<string, unknown> = window as never;
    let target = page;
    for (const key of (this.jsContext || 'window').split('.')) {
      if (key !== 'window' || target !== page) target = (target[key] ??= {}) as Record<string, unknown>;
    }
    const method = (data: unknown) => {
      if (this.#dialog) this.#dialog.engage(data);
      else this.#tagged = data;
      this.#requestOpen('web-tag');
    };
    target[name] = method;
    this.#untag = () => target[name] === method && delete target[name];
  }

  /** Records the status: custom state, and `lp-status-change` for every change after the first. */
  #setStatus(status: ChatStatus): void {
    const previous = this.#lastStatus;
    if (status === previous) return;
    this.#lastStatus = status;
    const states = this.#internals?.states;
    try {
      states?.clear();
      states?.add(status);
    } catch {
      // Engines with the early CustomStateSet accept only dashed names.
      states?.add(`--${status}`);
    }
    if (previous) this.dispatchEvent(new LpStatusChangeEvent({ status, previous }));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('jsMethodName') || changed.has('jsContext')) this.#tag();
    if (!this.#dialog && !this.#loading && !this.#loadFailed && ((this.api && this.#allowed()) || this.hasAttribute('open') || (this.#kept = hasKeptChat(this.persist, this.account || 'api')))) {
      void this.#load();
    }
    // Consent given since: what waited for it goes now.
    if (changed.get('consent') === 'interaction') void this.#warm();
    this.#dialog?.update(changed);
    if (this.#dialog && this.#tagged) this.#dialog.engage(this.#tagged);
    if (this.#dialog) this.#tagged = undefined;
    // The attribute follows the machine, whatever opened or closed the window.
    if (this.hasAttribute('open') !== this.isOpen) this.requestUpdate('isOpen', !this.isOpen);
    this.#speak(changed.has('isOpen') && this.isOpen);
  }

  #send(event: ChatEvent): void {
    this.#dialog?.send(event);
  }

  #requestOpen(source: LpOpenSource): void {
    this.#consented = true;
    if (this.isOpen) return;
    this.isOpen = true;
    if (this.isOpen) this.dispatchEvent(new LpOpenEvent({ source }));
  }

  readonly #handleKeyDown = dialogKeys((source) => this.#requestClose(source));
  readonly #handleMinimise = () => this.#requestClose('close-button');
  /** The window fills the screen now (it is modal then). */
  readonly #fillsScreen = globalThis.matchMedia?.(FILLS_SCREEN);
  readonly #relayout = () => this.requestUpdate();
  /** The dialog's frame, drawn here for the conversation and for the wait before it. */
  readonly #frame = (open: boolean, content: FrameContent) =>
    chatFrame(this.#t ?? enLauncher, open, !!this.#fillsScreen?.matches, this.#handleKeyDown, this.#handleMinimise, content);

  #requestClose(source: LpCloseSource): void {
    if (this.isOpen && this.dispatchEvent(new LpCloseEvent({ source }))) this.isOpen = false;
  }

  /** Opens the window; `lp-open` follows with `source: 'api'`. */
  open(): void {
    this.#requestOpen('api');
  }

  /**
   * Closes (minimises) the window; a live chat goes on and counts unread lines. A cancelable
   * `lp-close` with `source: 'api'` comes first.
   */
  close(): void {
    this.#requestClose('api');
  }

  /** Ends the chat, when one is live. */
  endChat(): void {
    this.#send({ type: 'user.end' });
  }

  #renderLauncher(leaveMessage = false, unread = 0) {
    const t = this.#t ?? enLauncher;
    const open = this.isOpen;
    return html`<button class="launcher" part="launcher" aria-controls="window" aria-expanded=${open}
      @pointerenter=${this.#warm} @focus=${this.#warm}
      @click=${() => (open ? this.#requestClose('close-button') : this.#requestOpen('launcher'))}>
      <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" /></svg>
      <span class="vh">${leaveMessage ? t.offline : t.launcher}${unread ? t.comma + t.unread(unread) : ''}</span>
      ${unread ? html`<span class="launcher__badge" aria-hidden="true">${unread}</span>` : ''}
    </button>`;
  }

  /** The window while the conversation is not there: loading it, or why it could not be loaded. */
  #renderPending() {
    const t = this.#t ?? enLauncher;
    // Focus goes to its minimise button, and on into the conversation once it is there.
    return this.#frame(true, {
      title: t.title,
      body: this.#loadFailed
        ? html`<div class="note">
            <p class="note__error" part="error" role="alert">${t.errorNetwork}</p>
            <button @click=${this.#load}>${t.tryAgain}</button>
          </div>`
        : html`<p class="note" role="status">${t.loading}</p>`,
    });
  }

  override render() {
    // Nothing shows before the chat kept from an earlier page (no launcher flash), nor before the
    // table of the window's language.
    if ((this.#kept && this.#loading && !this.#dialog) || (this.#locale && !this.renderRoot.firstElementChild)) return nothing;
    const view = this.#dialog?.view();
    const t = this.#t ?? enLauncher;
    return html`<div class="root" lang=${t.lang} dir=${t.dir}>
      ${this.#renderLauncher(view?.leaveMessage, view?.unread)}
      ${view ? this.#dialog!.render(view, this.isOpen) : this.isOpen ? this.#renderPending() : nothing}
    </div>`;
  }
}
