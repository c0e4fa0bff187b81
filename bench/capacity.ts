/**
 * Emulator capacity: scripted visitors (plain HTTP, no browser) each start a chat, then poll the
 * chat resource every 2 s as the window does (following its `next` link), against an emulator in
 * its own process, so the clients' work is not counted as the server's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { root } from './server.js';

const HEADERS = { Authorization: 'LivePerson appKey=721c180b09eb463d9f3191c41762bb68', Accept: 'application/json', 'Content-Type': 'application/json' };

export interface CapacityResult {
  chats: number;
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
  /** The emulator process's resident memory at the end (bytes) and CPU use over the polling (share of one core). */
  rss: number;
  cpu: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

async function startChild(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/capacity-emulator.ts'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await createInterface({ input: child.stdout! })[Symbol.asyncIterator]().next().then((r) => [r.value as string]);
  return { child, url: (JSON.parse(line!) as { url: string }).url };
}

/** The `next` link of a chat resource. */
function nextOf(body: unknown): string | undefined {
  const links = (body as { chat?: { link?: { '@href': string; '@rel': string }[] } }).chat?.link ?? [];
  return links.find((l) => l['@rel'] === 'next')?.['@href'];
}

const json = (href: string) => {
  const [path, query] = href.split('?');
  return `${path}.json?${query ? `${query}&` : ''}v=1&NC=true`;
};

/** `chats` visitors polling every `every` ms for `forMs` ms. */
export async function measureCapacity(chats: number, forMs = 20_000, every = 2_000): Promise<CapacityResult> {
  const { child, url } = await startChild();
  try {
    const base = `${url}/api/account/123456/chat`;
    const chatUrls: string[] = [];
    let errors = 0;
    // Start the chats, 50 at a time.
    for (let i = 0; i < chats; i += 50) {
      const started = await Promise.all(
        Array.from({ length: Math.min(50, chats - i) }, async () => {
          const answer = await fetch(`${base}/request.json?v=1&NC=true`, { method: 'POST', headers: HEADERS, body: JSON.stringify({ request: { skill: 'Sales' } }) });
          await answer.arrayBuffer();
          return answer.status === 201 ? answer.headers.get('location') : null;
        }),
      );
      for (const location of started) location ? chatUrls.push(location) : errors++;
    }
    const latencies: number[] = [];
    const cpuBefore = cpuSeconds(child.pid!);
    const started = performance.now();
    const end = started + forMs;
    await Promise.all(
      chatUrls.map(async (chatUrl) => {
        let href = chatUrl;
        // Spread over the interval, as windows opened at different times are.
        let at = started + Math.random() * every;
        for (; at < end; at += every) {
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));
          const t = performance.now();
          try {
            const answer = await fetch(json(href), { headers: HEADERS, signal: AbortSignal.timeout(10_000) });
            const body = answer.status === 200 ? await answer.json() : await answer.arrayBuffer();
            latencies.push(performance.now() - t);
            if (answer.status !== 200) errors++;
            else href = nextOf(body) ?? href;
          } catch {
            errors++;
          }
        }
      }),
    );
    const cpu = (cpuSeconds(child.pid!) - cpuBefore) / ((performance.now() - started) / 1000);
    latencies.sort((a, b) => a - b);
    return { chats, requests: latencies.length, errors, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? 0, rss: rssOf(child.pid!), cpu };
  } finally {
    child.kill();
  }
}
