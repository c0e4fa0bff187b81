import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Message } from '../machine/chat.types.js';
import type { ChatController } from './chat-controller.js';

/** What the notices read of the element: whether each is wanted (read every time, so they can be turned off). */
export interface NotifyHost extends ReactiveControllerHost {
  notifyTitle: boolean;
  notifySound: boolean;
}

/** Effects and time, injectable for tests. */
export interface NotifyOptions {
  /** Plays the chime (a soft tone through Web Audio by default). */
  chime?: () => void;
  now?: () => number;
}

/** The chime sounds at most once in this long (ms). */
export const CHIME_GAP = 2000;

let audio: AudioContext | undefined;

/** A short, soft tone: a sine fading out over a third of a second, made with Web Audio (no sound file). */
function softChime(): void {
  const a = (audio ??= new AudioContext());
  void a.resume();
  const t = a.currentTime;
  const tone = a.createOscillator();
  const gain = a.createGain();
  tone.frequency.value = 660;
  gain.gain.setValueAtTime(0.0001, t);
  gain.gain.linearRampToValueAtTime(0.06, t + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.35);
  tone.connect(gain).connect(a.destination);
  tone.start(t);
  tone.stop(t + 0.35);
}

/**
 * What the visitor may opt into while the window is minimised or the tab is hidden (both off by
 * default): the unread count before the page's title, `(2) Title` (`notify-title`), and a soft
 * chime when an agent line comes (`notify-sound`). The title is the page's again when the window
 * is opened or the tab shown, and when the element leaves the page; only the count this put there
 * is taken off, so a title the page changed meanwhile stays as the page set it. The chime sounds
 * in the tab that runs the chat only (one chime for all the tabs of a site), and not while the
 * visitor reads the chat in another tab (its window open, the tab shown: that tab holds a shared
 * Web Lock saying so); at most once every `CHIME_GAP` ms, and only once the visitor has interacted
 * with the page (browsers allow sound then). A chunk of its own in the script-tag build: pages that
 * opt into neither never load it.
 */
export class NotifyController implements ReactiveController {
  /** Lines that came while the window was open in a hidden tab (the chat counts those of a minimised window). */
  #hidden = 0;
  /** What this put before the title ('': nothing). */
  #prefix = '';
  #chimed = -Infinity;
  /** Ends this tab's hold of the watching lock, while it holds it (the visitor reads the chat here). */
  #unwatch?: () => void;
  readonly #host: NotifyHost;
  readonly #chat: Pick<ChatController, 'snapshot' | 'leading' | 'sharedAs'>;
  readonly #chime: () => void;
  readonly #now: () => number;
  readonly #update = () => this.hostUpdated();

  constructor(host: NotifyHost, chat: Pick<ChatController, 'snapshot' | 'leading' | 'sharedAs' | 'on'>, { chime = softChime, now = () => performance.now() }: NotifyOptions = {}) {
    this.#host = host;
    this.#chat = chat;
    this.#chime = chime;
    this.#now = now;
    chat.on('message.received', ({ message }) => this.#received(message));
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.#update);
    this.hostUpdated();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#update);
    this.#title('');
    this.#watch(false);
  }

  /** The lock the tabs of this chat hold, shared, while the visitor reads it there; undefined without Web Locks or other tabs. */
  get #watching(): string | undefined {
    const name = this.#chat.sharedAs;
    return name && globalThis.navigator?.locks ? `${name}:watching` : undefined;
  }

  /** Holds the watching lock while the visitor reads the chat in this tab, and lets it go after. */
  #watch(reading: boolean): void {
    const name = this.#watching;
    if (!name || reading === !!this.#unwatch) return;
    if (!reading) {
      this.#unwatch!();
      this.#unwatch = undefined;
      return;
    }
    const held = new Promise<void>((resolve) => (this.#unwatch = resolve));
    // (A page the browser keeps from locks, a sandboxed frame, says nothing.)
    void navigator.locks.request(name, { mode: 'shared' }, () => held).catch(() => undefined);
  }

  /** The title, after every render of the element (a line came, the window opened or closed) and when the tab is shown or hidden. */
  hostUpdated(): void {
    const { open, unread } = this.#chat.snapshot.context;
    const away = !open || document.hidden;
    this.#watch(!away);
    if (!away) this.#hidden = 0;
    const n = open ? this.#hidden : unread;
    this.#title(this.#host.notifyTitle && away && n ? `(${n}) ` : '');
  }

  #received({ source }: Message): void {
    const { open } = this.#chat.snapshot.context;
    const hidden = document.hidden;
    if (open && hidden) this.#hidden++;
    this.hostUpdated();
    const now = this.#now();
    if (
      source === 'agent' &&
      (!open || hidden) &&
      this.#host.notifySound &&
      this.#chat.leading &&
      navigator.userActivation?.hasBeenActive &&
      now - this.#chimed >= CHIME_GAP
    ) {
      const before = this.#chimed;
      this.#chimed = now;
      const watching = this.#watching;
      if (!watching) return this.#chime();
      // Not while the visitor reads the chat in another tab: then the turn (taken at once, so the
      // lines of one batch ask once) is given back.
      void navigator.locks
        .query()
        .then(({ held }) => !!held?.some((lock) => lock.name === watching), () => false)
        .then((reading) => (reading ? (this.#chimed = before) : this.#chime()));
    }
  }

  /** Puts `prefix` before the page's title instead of the one this put there before. */
  #title(prefix: string): void {
    if (prefix === this.#prefix) return;
    const { title } = document;
    document.title = prefix + (this.#prefix && title.startsWith(this.#prefix) ? title.slice(this.#prefix.length) : title);
    this.#prefix = prefix;
  }
}
