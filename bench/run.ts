/**
 * `npm run bench [-- --baseline REF] [--only SECTIONS] [--profile]`: the benchmark suite (not
 * tests: it asserts nothing). Builds the script-tag bundle, measures it in headless Chromium
 * against the platform emulator (started in-process) and against deep-chat where a peer does the
 * same work, prints a table and writes BENCHMARKS.md with the machine described.
 *
 * - `--baseline REF`: also builds REF (a commit, a branch) and measures its transcript in the same
 *   run, so a change is judged by a ratio on one machine at one time, not by numbers from another day.
 * - `--only load,transcript,peer,requests,capacity`: some sections (BENCHMARKS.md is then not written).
 * - `--profile`: the functions with the most self time while the 10,000 lines come, and the heap by
 *   constructor after (source-mapped to the sources), for finding what to fix.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright';
import { browserPath } from '../scripts/browser-path.mjs';
import { measureCapacity, type CapacityResult } from './capacity.js';
import { measureLoad, measurePeer, measureRequests, type LoadResult, type PeerResult, type RequestsResult } from './pages.js';
import { root, startSite } from './server.js';
import { measureTranscript, type TranscriptResult } from './transcript.js';

const SECTIONS = ['load', 'transcript', 'peer', 'requests', 'capacity'] as const;
const LINES = 10_000;
const PEER_LINES = 1_000;

const { values: args } = parseArgs({
  options: { baseline: { type: 'string' }, only: { type: 'string' }, profile: { type: 'boolean' } },
});
const only = new Set(args.only ? args.only.split(',') : SECTIONS);
for (const s of only) if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`unknown section ${s}; sections: ${SECTIONS.join(', ')}`);

const run = (command: string, cwd = root) => execSync(command, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
const ms = (n: number) => `${Math.round(n).toLocaleString('en-US')} ms`;
const kb = (n: number) => `${(n / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} kB`;
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '—');

/** A markdown table, also readable as printed text. */
function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  return [line(head), `| ${widths.map((w, i) => (i ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`, ...rows.map(line)].join('\n');
}

const out: string[] = [];
/** Prints a section and keeps it for BENCHMARKS.md. */
function section(title: string, body: string, note = ''): void {
  const text = `## ${title}\n\n${body}\n${note ? `\n${note}\n` : ''}`;
  console.log(`\n${text}`);
  out.push(text);
}

function machine(browserVersion: string): string {
  const cpu = cpus();
  const os = execSync('. /etc/os-release && echo "$PRETTY_NAME"; uname -r', { shell: '/bin/sh' }).toString().trim().split('\n');
  return table(
    ['', ''],
    [
      ['CPU', `${cpu[0]?.model.trim()} (${cpu.length} cores as the OS sees them)`],
      ['memory', `${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} GiB free at start)`],
      ['load average at start (1, 5, 15 min)', loadavg().map((n) => n.toFixed(2)).join(', ')],
      ['OS', `${os[0]}, Linux ${os[1]}`],
      ['browser', `headless Chromium ${browserVersion} (${browserPath() ?? "Playwright's own"})`],
      ['Node', process.version],
    ],
  );
}

/** Builds `ref` in a temporary directory and returns its dist/. */
function buildBaseline(ref: string): { dist: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lp-bench-'));
  run(`git archive ${JSON.stringify(ref)} | tar -x -C ${JSON.stringify(dir)}`);
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  run('npx vite build --mode bundle', dir);
  return { dist: join(dir, 'dist'), dir };
}

const transcriptRows = (name: string, r: TranscriptResult): string[] => {
  const at1000 = r.marks.find(([n]) => n === 1000)![1];
  const last = r.marks.at(-1)![1];
  const first = r.marks[0]![1];
  const lastThousand = last - r.marks.at(-2)![1];
  return [
    name,
    ms(at1000),
    ms(last),
    ratio(lastThousand, first),
    ms(r.longTasks.longest),
    ms(r.longTasks.total),
    ms(r.work.busy),
    ms(r.work.layout + r.work.style),
    mb(r.heapAfter),
    mb(r.heapAfter - r.heapBefore),
    `${ms(r.sendFull.painted)} (${ratio(r.sendFull.painted, r.sendEmpty.painted)})`,
    ms(r.sendFull.script),
  ];
};
const TRANSCRIPT_HEAD = [
  'window',
  '1,000 lines',
  '10,000 lines',
  'last 1,000 ÷ first 1,000',
  'longest task',
  'long tasks, total',
  'main thread busy',
  'of which style + layout',
  'heap after',
  'heap for the lines',
  'Send → painted (÷ at 0 lines)',
  'Send: script',
];

const started = new Date();
const browser = await chromium.launch({
  executablePath: browserPath(),
  // deep-chat asks for outside resources: no DNS here, so nothing leaves the machine.
  args: ['--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost, EXCLUDE 127.0.0.1'],
});
console.log('Building the script-tag bundle (dist/lp-chat-window*.js)…');
run('npx vite build --mode bundle');
const baseline = args.baseline ? buildBaseline(args.baseline) : undefined;
const site = await startSite(baseline?.dist);
section('Machine', machine(browser.version()), `Run ${started.toISOString()}. Timings are one run on a shared machine: compare the ratios measured in the same run, not numbers across runs.`);

try {
  let load: LoadResult | undefined;
  if (only.has('load')) {
    const emulator = await (await import('../emulator/server.js')).startEmulator({ port: 0 });
    try {
      const samples = 5;
      load = await measureLoad(browser, `${site.url}/window.html?account=123456&csds=${encodeURIComponent(emulator.url)}`, samples);
      const peer = await measureLoad(browser, `${site.url}/deep-chat.html`, samples);
      section(
        'Script bytes and time to visible',
        table(
          ['page', 'scripts before visible (gzip -9)', 'raw', 'visible after (median)', 'samples'],
          [
            ['lp-chat-window: launcher', kb(load.gzip), kb(load.raw), ms(load.visible), load.samples.map((n) => Math.round(n)).join(', ')],
            ['deep-chat 2.4.2: chat box', kb(peer.gzip), kb(peer.raw), ms(peer.visible), peer.samples.map((n) => Math.round(n)).join(', ')],
            ['ratio (ours ÷ deep-chat)', ratio(load.gzip, peer.gzip), ratio(load.raw, peer.raw), ratio(load.visible, peer.visible), ''],
          ],
        ),
        `From navigation to the frame that painted the element visible, each load in a fresh browser context (cold cache), scripts served uncompressed from localhost; bytes are the gzip -9 size of the scripts requested before that frame began (${load.files.join(', ')}; deep-chat: its published single-file bundle); the conversation, fetched once the browser is idle after that frame, is not counted.`,
      );
    } finally {
      await emulator.close();
    }
  }

  let ours: TranscriptResult | undefined;
  let oursNone: TranscriptResult | undefined;
  let peerTime: number | undefined;
  let capacity: CapacityResult[] = [];
  if (only.has('transcript')) {
    const rows: string[][] = [];
    const runs: [string, string, 'none' | undefined][] = [
      ['this build', `${site.url}/window.html`, undefined],
      ['this build, persist="none"', `${site.url}/window.html`, 'none'],
    ];
    if (baseline) {
      runs.push([`baseline ${args.baseline}`, `${site.url}/base/window.html`, undefined]);
      runs.push([`baseline ${args.baseline}, persist="none"`, `${site.url}/base/window.html`, 'none']);
    }
    const results: TranscriptResult[] = [];
    for (const [name, url, persist] of runs) {
      console.log(`Transcript: ${name}…`);
      const r = await measureTranscript(browser, url, LINES, { persist });
      results.push(r);
      rows.push(transcriptRows(name, r));
    }
    [ours, oursNone] = results;
    if (baseline) {
      const [now, nowNone, base, baseNone] = results as [TranscriptResult, TranscriptResult, TranscriptResult, TranscriptResult];
      rows.push(['ratio this ÷ baseline', ...ratios(now, base)]);
      rows.push(['ratio this ÷ baseline, persist="none"', ...ratios(nowNone, baseNone)]);
    }
    section(
      `A long transcript: ${LINES.toLocaleString('en-US')} agent lines, 50 per poll`,
      table(TRANSCRIPT_HEAD, rows),
      'The window polls with `timing.pollInterval` 0 against the emulator; each answered poll of the chat makes the next 50 lines ready, ' +
        'so every poll brings 50. Times run from the first batch being ready to the frame that painted the line (every 1,000th line is noted; ' +
        '"last 1,000 ÷ first 1,000" is 1.0 when the work per line does not grow with the transcript). Long tasks (> 50 ms) come from ' +
        "PerformanceObserver('longtask'); main-thread busy time and style + layout from the DevTools Performance domain; heap is " +
        '`Runtime.getHeapUsage` after a forced GC (the JS heap; the DOM lives outside it). Send → painted: the key event of Enter in the ' +
        'message box to the frame that painted the visitor\'s line, median of 5 at 10,000 lines (3 at 0 lines); "Send: script" is the ' +
        'script run by that key\'s task. persist="none" keeps no copy of the chat in session storage, which shows what the kept chat costs.',
    );
    if (args.profile) {
      // A run of its own: sampling slows the page, so its times are not the table's.
      console.log('Transcript: this build, profiled…');
      const { profile } = await measureTranscript(browser, `${site.url}/window.html`, LINES, { profile: join(root, 'dist') });
      section(
        `Profile: this build, while ${LINES.toLocaleString('en-US')} lines came`,
        table(['function (self time, source-mapped)', 'ms'], profile!.functions.map(([f, t]) => [f, t.toFixed(0)])) +
          '\n\n' +
          table(['heap after, by constructor', 'bytes', 'objects'], profile!.heap.map(([n, b, c]) => [n || '(empty)', String(b), String(c)])),
      );
    }
  }

  if (only.has('peer')) {
    const peer: PeerResult = await measurePeer(browser, site.url, PEER_LINES);
    peerTime = peer.time;
    const at1000 = ours?.marks.find(([n]) => n === PEER_LINES)?.[1];
    section(
      `The peer: ${PEER_LINES.toLocaleString('en-US')} agent lines, 50 at a time`,
      table(
        ['window', `${PEER_LINES.toLocaleString('en-US')} lines`, 'longest task', 'long tasks, total', 'heap after'],
        [
          ['deep-chat 2.4.2', ms(peer.time), ms(peer.longTasks.longest), ms(peer.longTasks.total), mb(peer.heap)],
          ...(at1000 && ours ? [['lp-chat-window (from the transcript run)', ms(at1000), '', '', ''], ['ratio (ours ÷ deep-chat)', ratio(at1000, peer.time), '', '', '']] : []),
        ],
      ),
      "The same 1,000 texts through deep-chat's API (`addMessage({ role: 'ai', text })`), 50 per task with a macrotask between batches, " +
        'timed to the frame that painted the last one. Ours come over HTTP from the emulator, one poll per batch, so ours also pays the network.',
    );
  }

  if (only.has('requests')) {
    const r: RequestsResult = await measureRequests(browser, `${site.url}/window.html`);
    const row = (name: string, routes: Record<string, number>) => [
      name,
      Object.values(routes).reduce((n, v) => n + v, 0).toFixed(1),
      Object.entries(routes).map(([route, n]) => `${route} ${n.toFixed(1)}`).join(', ') || '—',
    ];
    section(
      'Requests per minute',
      table(['window', 'requests per minute', 'by route'], [row('closed (launcher only)', r.closed), row('open, chatting, nobody writes', r.idle)]),
      'Default timing, counted at the emulator (CORS preflights included) over 30 s after start-up settled, both at once.',
    );
  }

  if (only.has('capacity')) {
    const results: CapacityResult[] = (capacity = []);
    for (const chats of [100, 300, 1000]) {
      console.log(`Capacity: ${chats} chats…`);
      results.push(await measureCapacity(chats));
    }
    section(
      'Emulator capacity',
      table(
        ['chats polling every 2 s', 'requests', 'errors', 'p50', 'p99', 'max', 'emulator CPU (one core = 100 %)', 'emulator memory (RSS)'],
        results.map((r) => [
          String(r.chats),
          String(r.requests),
          String(r.errors),
          `${r.p50.toFixed(1)} ms`,
          `${r.p99.toFixed(1)} ms`,
          `${r.max.toFixed(1)} ms`,
          `${(r.cpu * 100).toFixed(0)} %`,
          mb(r.rss),
        ]),
      ),
      'Scripted visitors over plain HTTP (no browser): each starts a chat (none is answered), then reads the chat resource every 2 s for 20 s, ' +
        'following its `next` link as the window does. The emulator runs alone in its own Node process; latency is measured by the clients, ' +
        'on the same machine.',
    );
  }

  if (ours && oursNone) {
    const last = (r: TranscriptResult) => r.marks.at(-1)![1];
    const at1000 = (r: TranscriptResult) => r.marks.find(([n]) => n === 1000)![1];
    const row = (target: string, value: (r: TranscriptResult) => number, limit: number, show: (n: number) => string) => [
      target,
      ...[ours!, oursNone!].map((r) => `${show(value(r))} ${value(r) <= limit ? 'met' : 'not met'}`),
    ];
    const rows = [
      row('10,000 lines rendered ≤ 3 s', last, 3000, ms),
      row('work linear in the lines added (last 1,000 ÷ first 1,000 ≤ 1.5)', (r) => (last(r) - r.marks.at(-2)![1]) / r.marks[0]![1], 1.5, (n) => `${n.toFixed(2)}×`),
      row('no task > 50 ms', (r) => r.longTasks.longest, 50, ms),
      row('Send → painted: ≤ 16 ms of script at 10,000 lines', (r) => r.sendFull.script, 16, ms),
      row('JS heap ≤ 10 MB at 10,000 lines', (r) => r.heapAfter, 10e6, mb),
    ];
    if (peerTime) rows.push(row('1,000 lines in ≤ 0.2 × deep-chat\'s time', (r) => at1000(r) / peerTime!, 0.2, (n) => `${n.toFixed(2)}×`));
    const chats1000 = capacity.find((c) => c.chats === 1000);
    if (chats1000) rows.push(['emulator: p99 < 20 ms at 1,000 chats', `${chats1000.p99.toFixed(1)} ms ${chats1000.p99 < 20 ? 'met' : 'not met'}`, '']);
    section(
      'Against the targets (issue 9)',
      table(['target', 'this build', 'this build, persist="none"'], rows),
      'A report, not a test: one run on a shared machine.',
    );
  }
} finally {
  await site.close();
  await browser.close();
  if (baseline) rmSync(baseline.dir, { recursive: true, force: true });
}

/** This build's numbers over the baseline's, column by column. */
function ratios(now: TranscriptResult, base: TranscriptResult): string[] {
  const at = (r: TranscriptResult, n: number) => r.marks.find(([m]) => m === n)![1];
  return [
    ratio(at(now, 1000), at(base, 1000)),
    ratio(now.marks.at(-1)![1], base.marks.at(-1)![1]),
    '',
    ratio(now.longTasks.longest, base.longTasks.longest),
    ratio(now.longTasks.total, base.longTasks.total),
    ratio(now.work.busy, base.work.busy),
    ratio(now.work.layout + now.work.style, base.work.layout + base.work.style),
    ratio(now.heapAfter, base.heapAfter),
    ratio(now.heapAfter - now.heapBefore, base.heapAfter - base.heapBefore),
    ratio(now.sendFull.painted, base.sendFull.painted),
    ratio(now.sendFull.script, base.sendFull.script),
  ];
}

if (only.size === SECTIONS.length) {
  writeFileSync(
    join(root, 'BENCHMARKS.md'),
    `# Benchmarks\n\nWritten by \`npm run bench${args.baseline ? ` -- --baseline ${args.baseline}` : ''}\` (bench/run.ts); every number below is from that one run.\n\n${out.join('\n')}`,
  );
  console.log('\nWrote BENCHMARKS.md');
}
