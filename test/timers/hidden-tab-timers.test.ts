import { expect } from '@open-wc/testing';
import { createHiddenTabTimers } from '../../src/timers/hidden-tab-timers.js';

const visibility = Object.getOwnPropertyDescriptor(Document.prototype, 'visibilityState')!;
const pageSetTimeout = window.setTimeout;
const pageWorker = window.Worker;
const sleep = (ms: number) => new Promise<void>((resolve) => pageSetTimeout(resolve, ms));

/** Makes the page say it is hidden, and its own timers stop, as a hidden tab's are throttled. */
function hideAndThrottle() {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  window.setTimeout = ((() => 0) as unknown) as typeof window.setTimeout;
}

/** Counts workers started, and can make them fail as a CSP that refuses them does. */
function watchWorkers(refuse = false) {
  const started: Worker[] = [];
  window.Worker = class extends pageWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      started.push(this);
      if (refuse) {
        this.terminate();
        pageSetTimeout(() => this.dispatchEvent(new Event('error')), 5);
      }
    }
  } as typeof Worker;
  return started;
}

describe('hidden-tab timers', () => {
  afterEach(() => {
    delete (document as { visibilityState?: unknown }).visibilityState;
    Object.defineProperty(Document.prototype, 'visibilityState', visibility);
    window.setTimeout = pageSetTimeout;
    window.Worker = pageWorker;
  });

  it('runs on the page clock while the page is visible, and starts no worker', async () => {
    const started = watchWorkers();
    const timers = createHiddenTabTimers();
    let fired = 0;
    timers.setTimeout(() => fired++, 10);
    const cleared = timers.setTimeout(() => fired++, 10);
    timers.clearTimeout(cleared);
    await sleep(60);
    expect(fired).to.equal(1);
    expect(started).to.have.length(0);
  });

  it('keeps time on a worker while the page is hidden and its own timers are throttled', async () => {
    const started = watchWorkers();
    const timers = createHiddenTabTimers();
    hideAndThrottle();
    const fired: string[] = [];
    timers.setTimeout(() => fired.push('a'), 20);
    timers.setTimeout(() => fired.push('b'), 5);
    const cleared = timers.setTimeout(() => fired.push('cleared'), 10);
    timers.clearTimeout(cleared);
    await sleep(120);
    expect(fired).to.deep.equal(['b', 'a']);
    // One worker for every timer.
    expect(started).to.have.length(1);
  });

  it('moves its timers to the page clock when the worker is refused, and loses none', async () => {
    const started = watchWorkers(true);
    const timers = createHiddenTabTimers();
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    const fired: string[] = [];
    timers.setTimeout(() => fired.push('before'), 20);
    const cleared = timers.setTimeout(() => fired.push('cleared'), 20);
    timers.clearTimeout(cleared);
    await sleep(80);
    timers.setTimeout(() => fired.push('after'), 5);
    await sleep(60);
    expect(fired).to.deep.equal(['before', 'after']);
    // Refused once, not asked again.
    expect(started).to.have.length(1);
  });

  it('falls back to the page clock where workers are missing', async () => {
    (window as { Worker?: unknown }).Worker = undefined;
    const timers = createHiddenTabTimers();
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    let fired = 0;
    timers.setTimeout(() => fired++, 5);
    await sleep(50);
    expect(fired).to.equal(1);
  });
});
