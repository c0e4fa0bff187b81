/**
 * Our window with a long transcript: agent lines arrive 50 per poll (poll interval 0) from the real
 * emulator, fed in-process as each poll is answered, until 10,000 are shown; then the visitor sends.
 */
import type { Browser, CDPSession, Page } from 'playwright';
import { addLine } from '../emulator/chats.js';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { onlineAgent } from './agent.js';
import { lineText } from './lines.js';
import { heapByConstructor, startProfile, stopProfile } from './profile.js';

const ACCOUNT = '123456';

export interface LongTasks {
  count: number;
  longest: number;
  total: number;
}

export interface SendSample {
  /** Key event → the frame with the visitor's line painted (ms). */
  painted: number;
  /** Script run by the key's task (ms). */
  script: number;
  tasks: LongTasks;
}

/** Renderer time by kind over a span, from the DevTools Performance domain (ms). */
export interface Work {
  /** All the main thread's tasks. */
  busy: number;
  layout: number;
  style: number;
  layouts: number;
}

export interface TranscriptResult {
  /** [line, ms after feeding began until it was painted], every 1,000 lines and the last. */
  marks: [number, number][];
  longTasks: LongTasks;
  work: Work;
  /** JS heap after a full GC (bytes), before the lines came and after. */
  heapBefore: number;
  heapAfter: number;
  /** Median of the samples: Send with no agent lines yet, and with all of them. */
  sendEmpty: SendSample;
  sendFull: SendSample;
  polls: number;
  /** With `profile`: the top functions by self time while the lines came, and the heap by constructor after. */
  profile?: { functions: [string, number][]; heap: [string, number, number][] };
}

export interface TranscriptOptions {
  /** Lines per poll. */
  batch?: number;
  /** The directory of the build the page loads, to profile it (with its source maps). */
  profile?: string;
  /** The window's `persist` attribute (default: its own default, the tab's session). */
  persist?: 'session' | 'local' | 'none';
}

const median = <T>(list: T[], key: (t: T) => number): T => [...list].sort((a, b) => key(a) - key(b))[Math.floor(list.length / 2)]!;

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

async function heap(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/** The visitor types `text` and presses Enter; measured in the page. */
async function send(page: Page, text: string): Promise<SendSample> {
  await page.locator('lp-chat-window [part=input]').fill(text);
  await page.waitForTimeout(200);
  await page.evaluate(`void (window.sent = bench.armSend(() => bench.lastLine()?.textContent.includes(${JSON.stringify(text)})))`);
  await page.keyboard.press('Enter');
  const sample = (await page.evaluate('window.sent')) as SendSample;
  await page.waitForTimeout(300);
  return sample;
}

async function sends(page: Page, label: string, count: number): Promise<SendSample> {
  const samples: SendSample[] = [];
  for (let i = 0; i < count; i++) samples.push(await send(page, `${label} ${i + 1}`));
  return median(samples, (s) => s.painted);
}

/**
 * Opens a chat on `pageUrl` (a bench page of ours), has the agent accept, then feeds `total` lines
 * in batches of `batch`, one batch per poll.
 */
export async function measureTranscript(browser: Browser, pageUrl: string, total: number, { batch = 50, profile, persist }: TranscriptOptions = {}): Promise<TranscriptResult> {
  const emulator: Emulator = await startEmulator({ port: 0, config: { surveys: { preChat: null } } });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const agent = await onlineAgent(emulator.url, ACCOUNT);
    const timing = encodeURIComponent(JSON.stringify({ pollInterval: 0 }));
    await page.goto(`${pageUrl}?account=${ACCOUNT}&csds=${encodeURIComponent(emulator.url)}&timing=${timing}${persist ? `&persist=${persist}` : ''}`);
    await page.locator('lp-chat-window .launcher').click();
    for (let i = 0; !(await agent.accept()); i++) {
      if (i > 100) throw new Error('the chat never rang');
      await page.waitForTimeout(100);
    }
    await page.getByRole('log').getByText('You are now chatting with').waitFor();
    const [chat] = [...emulator.state.chats.values()];
    if (!chat) throw new Error('no chat');

    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const sendEmpty = await sends(page, 'Hello before', 3);

    // Each answered poll of the chat makes the next batch ready, so every poll brings `batch` lines.
    let fed = 0;
    let polls = 0;
    const feed = () => {
      for (const end = Math.min(total, fed + batch); fed < end; ) {
        addLine(chat, { text: lineText(++fed), textType: 'plain', source: 'agent', by: 'Alex', subType: 'REGULAR' }, Date.now());
      }
    };
    const state = emulator.state as unknown as { record(list: string, entry: { route: string; method: string }): void };
    const record = state.record.bind(state);
    state.record = (list, entry) => {
      record(list, entry);
      if (list === 'requests' && entry.method === 'GET' && /^consumer\.(chat|events)$/.test(entry.route) && fed > 0 && fed < total) {
        polls++;
        feed();
      }
    };

    const heapBefore = await heap(cdp);
    const before = await metrics(cdp);
    if (profile) await startProfile(cdp);
    const t0 = (await page.evaluate('performance.now()')) as number;
    feed();
    const marks = (await page.evaluate(`bench.lines(bench.lastLine, ${total}, ${t0})`)) as [number, number][];
    const after = await metrics(cdp);
    const functions = profile ? await stopProfile(cdp, profile) : undefined;
    const longTasks = (await page.evaluate(`bench.longTasks(${t0}, ${t0 + marks.at(-1)![1]})`)) as LongTasks;
    const heapAfter = await heap(cdp);
    const heapUse = profile ? await heapByConstructor(cdp) : undefined;
    const sendFull = await sends(page, 'Hello after', 5);
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    const delta = (name: string) => (after[name]! - before[name]!) * (name.endsWith('Count') ? 1 : 1000);
    return {
      marks,
      longTasks,
      work: { busy: delta('TaskDuration'), layout: delta('LayoutDuration'), style: delta('RecalcStyleDuration'), layouts: delta('LayoutCount') },
      heapBefore,
      heapAfter,
      sendEmpty,
      sendFull,
      polls,
      ...(functions && heapUse && { profile: { functions, heap: heapUse } }),
    };
  } finally {
    await context.close();
    await emulator.close();
  }
}
