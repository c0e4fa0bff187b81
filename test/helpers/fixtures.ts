import { fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { LpChatWindow } from '../../components/chat-window/chat-window.js';
import type { ChatTiming } from '../../src/machine/chat.types.js';
import { FakeChatApi } from './fake-chat-api.js';

// Each test starts without a chat kept by an earlier one (the window keeps its chat in sessionStorage),
// and once the windows of the last test have let go of the chat they shared (a task after removal).
beforeEach(async () => {
  await new Promise((resolve) => setTimeout(resolve, 10));
  sessionStorage.clear();
  localStorage.clear();
});

/** Short timings so a test runs a whole conversation in well under a second. */
export const fastTiming: Partial<ChatTiming> = {
  pollInterval: 20,
  pollRetryDelays: [20],
  pollFailureTolerance: 3,
  sendRetryDelays: [20, 20],
  typingIdle: 50,
};

/** A `<lp-chat-window>` over a fake API, after its first render. */
export async function renderWindow(
  api = new FakeChatApi(),
  open = false,
  timing?: Partial<ChatTiming>,
  persist: 'session' | 'local' | 'none' = 'session',
): Promise<LpChatWindow> {
  return fixture<LpChatWindow>(
    html`<lp-chat-window account="123456" skill="Sales" persist=${persist} ?open=${open} .api=${api} .timing=${{ ...fastTiming, ...timing }}></lp-chat-window>`,
  );
}

/** Waits until `predicate` holds, then for the element's next render. */
export async function until(el: LpChatWindow, predicate: () => unknown, message?: string): Promise<void> {
  await waitUntil(predicate, message, { timeout: 3000, interval: 10 });
  await el.updateComplete;
}

/** Waits for a status. */
export const statusIs = (el: LpChatWindow, status: LpChatWindow['status']) =>
  until(el, () => el.status === status, `status ${status} (is ${el.status})`);

/** First match in the element's shadow root. */
export function $<T extends Element = HTMLElement>(el: Element, selector: string): T {
  const found = el.shadowRoot!.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

export function $$<T extends Element = HTMLElement>(el: Element, selector: string): T[] {
  return [...el.shadowRoot!.querySelectorAll<T>(selector)];
}

/** Text a visitor sees in a part of the window (whitespace collapsed). */
export function textOf(el: Element, selector = '.window'): string {
  return (el.shadowRoot!.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The launcher's accessible name (its text without aria-hidden content). */
export function launcherName(el: Element): string {
  return $(el, '[part=launcher] .vh').textContent!.trim();
}

/** The element focused inside the window's shadow root, if any. */
export const focused = (el: Element) => el.shadowRoot!.activeElement as HTMLElement | null;

/** Opens a rendered window and waits until the agent (`agentName`) has the chat. */
export async function openToChatting(el: LpChatWindow, api: FakeChatApi, agentName?: string): Promise<void> {
  await openToWaiting(el);
  api.accept(agentName);
  await statusIs(el, 'chatting');
}

/** Ends the chat as the visitor does: End chat, then End chat again in the question it asks. */
export async function endChat(el: LpChatWindow): Promise<void> {
  $(el, '[part=end-button]').click();
  await until(el, () => el.shadowRoot!.querySelector('.confirm'));
  $(el, '.confirm button').click();
}

/** Opens the window and waits until a chat is in the queue. */
export async function openToWaiting(el: LpChatWindow): Promise<void> {
  await statusIs(el, 'available');
  $(el, '[part=launcher]').click();
  await statusIs(el, 'waiting');
}

/** Visible lines as `source: text`. */
export function lines(el: Element): string[] {
  return $$(el, 'lp-chat-message').map((m) => {
    const part = m.querySelector('[part~=message]')!.getAttribute('part')!;
    return `${/message--(\w+)/.exec(part)![1]}: ${m.querySelector('[part=bubble]')!.textContent!.trim()}`;
  });
}
