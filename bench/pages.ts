/** Page-level benches: what a page pays to show the chat, the peer's transcript, and requests per minute. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright';
import { startEmulator } from '../emulator/server.js';
import { onlineAgent } from './agent.js';
import { lineTexts } from './lines.js';
import { root } from './server.js';
import type { LongTasks } from './transcript.js';

export interface LoadResult {
  /** Median time from navigation to the element painted visible (ms), and every sample. */
  visible: number;
  samples: number[];
  /** Scripts fetched by then, bench probes aside: gzip -9 and raw bytes. */
  gzip: number;
  raw: number;
  files: string[];
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;

/** The file behind a script URL of the bench site (`/base/` is the baseline's build). */
function fileOf(path: string, baseline?: string): string | undefined {
  if (path.startsWith('/base/dist/') && baseline) return join(baseline, path.slice('/base/dist/'.length));
  if (path.startsWith('/dist/')) return join(root, path.slice(1));
  if (path.startsWith('/deep-chat/')) return join(root, 'node_modules/deep-chat/dist', path.slice('/deep-chat/'.length));
  return undefined;
}

/** Loads `url` in `samples` fresh browser contexts (cold cache) and times the element's first visible paint. */
export async function measureLoad(browser: Browser, url: string, samples: number, baseline?: string): Promise<LoadResult> {
  const times: number[] = [];
  let scripts: [string, number][] = [];
  for (let i = 0; i < samples; i++) {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForFunction('bench.visibleAt > 0', null, { timeout: 30_000 });
      const at = (await page.evaluate('bench.visibleAt')) as number;
      times.push(at);
      // The scripts requested before the frame that painted the element (a chunk the page fetches
      // once it is idle after that frame is not what it waited for).
      scripts = (await page.evaluate('bench.scripts(bench.visibleFrame)')) as [string, number][];
    } finally {
      await context.close();
    }
  }
  const files = scripts.map(([path]) => fileOf(path, baseline)).filter((f): f is string => !!f);
  return {
    visible: median(times),
    samples: times,
    gzip: files.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0),
    raw: files.reduce((n, f) => n + readFileSync(f).length, 0),
    files: files.map((f) => f.slice(root.length)),
  };
}

export interface PeerResult {
  /** [line, ms] at 1,000 lines. */
  time: number;
  longTasks: LongTasks;
  heap: number;
}

/** deep-chat shows `total` agent lines added through its API, `batch` per task. */
export async function measurePeer(browser: Browser, siteUrl: string, total: number, batch = 50): Promise<PeerResult> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(`${siteUrl}/deep-chat.html`);
    await page.waitForFunction('bench.visibleAt > 0', null, { timeout: 30_000 });
    const cdp = await context.newCDPSession(page);
    const result = (await page.evaluate(`(async () => {
      const t0 = performance.now();
      const done = bench.lines(bench.lastLine, ${total}, t0);
      await bench.feedPeer(${JSON.stringify(lineTexts(total))}, ${batch});
      const marks = await done;
      const time = marks.at(-1)[1];
      return { time, longTasks: bench.longTasks(t0, t0 + time) };
    })()`)) as Omit<PeerResult, 'heap'>;
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    return { ...result, heap };
  } finally {
    await context.close();
  }
}

export interface RequestsResult {
  /** Requests per minute of a window left closed, and of an open chat where nobody writes, by route. */
  closed: Record<string, number>;
  idle: Record<string, number>;
}

/** Requests per minute over `forMs`, by route. */
async function countOver(page: Page, emulator: { state: { records: { requests: { route: string }[] } } }, forMs: number): Promise<Record<string, number>> {
  const { requests } = emulator.state.records;
  const before = requests.length;
  await page.waitForTimeout(forMs);
  const perMinute: Record<string, number> = {};
  for (const { route } of requests.slice(before)) perMinute[route] = (perMinute[route] ?? 0) + 60_000 / forMs;
  return perMinute;
}

/** Both windows at once, each on its own emulator, with the window's default timing. */
export async function measureRequests(browser: Browser, pageUrl: string, forMs = 30_000): Promise<RequestsResult> {
  const ACCOUNT = '123456';
  const emulators = await Promise.all([0, 1].map(() => startEmulator({ port: 0, config: { surveys: { preChat: null } } })));
  const contexts = await Promise.all(emulators.map(() => browser.newContext()));
  try {
    const [closedEmulator, idleEmulator] = emulators as [(typeof emulators)[0], (typeof emulators)[0]];
    const [closedPage, idlePage] = await Promise.all(contexts.map((c) => c.newPage()));
    const agent = await onlineAgent(idleEmulator.url, ACCOUNT);
    await Promise.all(
      [closedPage!, idlePage!].map((page, i) => page.goto(`${pageUrl}?account=${ACCOUNT}&csds=${encodeURIComponent(emulators[i]!.url)}`)),
    );
    await idlePage!.locator('lp-chat-window .launcher').click();
    for (let i = 0; !(await agent.accept()); i++) {
      if (i > 100) throw new Error('the chat never rang');
      await idlePage!.waitForTimeout(100);
    }
    await idlePage!.getByRole('log').getByText('You are now chatting with').waitFor();
    // Settled: the closed window's start-up calls and the chat's first reads are behind.
    await closedPage!.waitForTimeout(3_000);
    const [closed, idle] = await Promise.all([
      countOver(closedPage!, closedEmulator, forMs),
      countOver(idlePage!, idleEmulator, forMs),
    ]);
    return { closed, idle };
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
    await Promise.all(emulators.map((e) => e.close()));
  }
}
