import type { Timers } from '../machine/chat.actors.js';
import { ownScriptUrl } from '../security/trusted-types.js';

/** The worker's clock: `[id, ms]` sets timer `id` (ms < 0 clears it); it posts `id` back when due. */
const CLOCK =
  'const t=new Map;onmessage=({data:[i,m]})=>{clearTimeout(t.get(i));t.delete(i);' +
  'm<0||t.set(i,setTimeout(()=>{t.delete(i);postMessage(i)},m))}';

interface Timer {
  fn: () => void;
  due: number;
  /** The page's timer, when it runs on the page's clock. */
  page?: ReturnType<typeof setTimeout>;
}

/**
 * Timers that keep time while the tab is hidden. Browsers throttle a hidden page's timers (Chromium
 * to one wake-up a minute after five minutes hidden), longer than a chat's `interactionTimeout`: a
 * visitor waiting in the queue from another tab would lose the chat. A timer set while the page is
 * hidden therefore runs on the clock of a dedicated worker, which is not throttled; one set while it
 * is visible runs on the page's own (a short timer set before the tab was hidden is due long before
 * throttling begins). The worker is started the first time it is needed, from a blob URL vouched for
 * by the window's Trusted Types policy. Where it cannot run (no workers, a CSP without
 * `worker-src blob:`, a Trusted Types policy that refuses ours), its timers move to the page's
 * clock: late while the tab is hidden, never lost.
 */
export function createHiddenTabTimers(): Timers {
  const timers = new Map<number, Timer>();
  /** Undefined until first needed; null where it cannot run. */
  let worker: Worker | null | undefined;
  let ids = 0;
  const fire = (id: number) => {
    const timer = timers.get(id);
    if (!timer) return;
    timers.delete(id);
    timer.fn();
  };
  const onPage = (id: number, timer: Timer) =>
    (timer.page = setTimeout(() => fire(id), Math.max(0, timer.due - Date.now())));
  const fallBack = () => {
    worker?.terminate();
    worker = null;
    for (const [id, timer] of timers) if (timer.page === undefined) onPage(id, timer);
  };
  const clock = (): Worker | null => {
    if (worker === undefined) {
      try {
        worker = new Worker(ownScriptUrl(CLOCK));
        worker.onmessage = (e: MessageEvent<number>) => fire(e.data);
        // A CSP that refuses the worker reports it here rather than by throwing.
        worker.onerror = fallBack;
      } catch {
        worker = null;
      }
    }
    return worker;
  };
  return {
    setTimeout(fn, ms) {
      const id = ++ids;
      const timer: Timer = { fn, due: Date.now() + ms };
      timers.set(id, timer);
      const worker = globalThis.document?.visibilityState === 'hidden' ? clock() : null;
      if (worker) worker.postMessage([id, ms]);
      else onPage(id, timer);
      return id;
    },
    clearTimeout(id) {
      const timer = timers.get(id as number);
      if (!timer) return;
      timers.delete(id as number);
      if (timer.page !== undefined) clearTimeout(timer.page);
      else worker?.postMessage([id, -1]);
    },
  };
}

let shared: Timers | undefined;

/** The page's one set of hidden-tab timers (one worker at most), made on first use. */
export function hiddenTabTimers(): Timers {
  return (shared ??= createHiddenTabTimers());
}
