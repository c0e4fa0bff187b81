import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, expect, test } from './fixtures.js';

const CLI = ['--import', 'tsx', 'emulator/cli.ts'];

function run(args: string[]): ChildProcess {
  return spawn(process.execPath, [...CLI, ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const end = out.indexOf('\n');
      if (end >= 0) resolve(out.slice(0, end));
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code} before printing`)));
  });
}

/** The first `count` lines the process prints. */
function linesUntil(child: ChildProcess, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const lines = out.split('\n');
      if (lines.length > count) resolve(lines.slice(0, count));
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code} before printing ${count} lines: ${out}`)));
  });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

function output(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c) => (stdout += c));
  child.stderr?.on('data', (c) => (stderr += c));
  return exitCode(child).then((code) => ({ code, stdout, stderr }));
}

test('cli: prints the URL, serves with --config and --public-host, stops cleanly on SIGTERM', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lp-emulator-cli-'));
  try {
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify({ appKeys: ['cli-key'] }));
    const child = run(['--port', '0', '--host', '127.0.0.1', '--public-host', 'chat.local:9999', '--config', file]);
    const line = await firstLine(child);
    const match = /^LivePerson platform emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
    expect(match).not.toBeNull();
    const url = match?.[1] ?? '';
    const domain = await call(`${url}/api/account/1/service/conversationVep/baseURI.json?version=1.0`);
    expect(domain.body.baseURI).toBe('chat.local:9999');
    expect((await call(`${url}/api/account/1/chat/availability.json?v=1&appKey=cli-key`)).body).toEqual({ availability: false });
    const exited = exitCode(child);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('cli: --help prints usage; bad options exit 2', async () => {
  const help = await output(run(['--help']));
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('--public-host');
  const bad = await output(run(['--port', 'many']));
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--port must be 0..65535');
  const badConfig = await output(run(['--config', '/nonexistent/config.json']));
  expect(badConfig.code).toBe(2);
});

test('cli: fault, latency and CORS flags', async () => {
  const child = run([
    '--port', '0', '--faults', '1', '--fault-seed', '7', '--fault-kinds', '503,429:2', '--latency', '20', '--jitter', '5', '--faults-agent', '--cors', 'off',
  ]);
  const lines = await linesUntil(child, 3);
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(lines[0])?.[1] ?? '';
  expect(url).not.toBe('');
  expect(lines[1]).toBe(
    'Fault injection: faults on 100% of eligible requests (seed 7; kinds 503,429:2), latency 20 ms + up to 5 ms, on every API but the control API',
  );
  expect(lines[2]).toMatch(/^CORS is off/);
  try {
    const faults = await call(`${url}/_emulator/faults`);
    expect(faults.body.settings).toEqual({ rate: 1, seed: 7, kinds: ['503', '429'], weights: { '429': 2 }, latencyMs: 20, jitterMs: 5, agent: true });
    const availability = await call(`${url}/api/account/1/chat/availability.json?v=1&appKey=721c180b09eb463d9f3191c41762bb68`, {
      headers: { Origin: 'http://shop.example' },
    });
    expect([503, 429]).toContain(availability.status);
    expect(availability.headers.get('access-control-allow-origin')).toBeNull();
    const login = await call(`${url}/api/account/1/login?v=1.3`, { body: { username: 'agent', password: 'agent' } });
    expect([503, 429]).toContain(login.status);
    expect((await fetch(`${url}/api/account/1/chat/availability.json`, { method: 'OPTIONS' })).status).toBe(405);
    const counts = (await call(`${url}/_emulator/faults`)).body;
    expect(counts).toMatchObject({ total: 2, eligible: 2, counts: { latency: 2 } });
  } finally {
    const exited = exitCode(child);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }
});

test('cli: without fault flags faults are off and nothing is said about them', async () => {
  const child = run(['--port', '0']);
  const line = await firstLine(child);
  const url = /listening on (http:\/\/\S+)$/.exec(line)?.[1] ?? '';
  try {
    expect((await call(`${url}/_emulator/faults`)).body).toMatchObject({ settings: { rate: 0, latencyMs: 0, agent: false }, total: 0 });
    expect((await call(`${url}/nothing`)).headers.get('access-control-allow-origin')).toBe('*');
  } finally {
    const exited = exitCode(child);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }
});

test('cli: bad fault and CORS flags exit 2 with the reason', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['--faults', '2'], /--faults must be a rate from 0 to 1/],
    [['--faults', 'often'], /--faults must be a rate/],
    [['--fault-seed', '-3'], /--fault-seed must be an integer/],
    [['--fault-kinds', '500,boom'], /unknown fault kind "boom"/],
    [['--fault-kinds', 'drop:-1'], /weight of drop/],
    [['--latency', '-1'], /--latency must be a whole number of ms/],
    [['--jitter', '1.5'], /--jitter must be a whole number of ms/],
    [['--cors', 'maybe'], /--cors must be open or off/],
    [['--faults-agent=yes'], /--faults-agent takes no value/],
  ];
  const results = await Promise.all(cases.map(([args]) => output(run(args))));
  results.forEach((result, i) => {
    expect(result.code, cases[i][0].join(' ')).toBe(2);
    expect(result.stderr).toMatch(cases[i][1]);
  });
  const help = await output(run(['--help']));
  for (const flag of ['--faults RATE', '--fault-seed N', '--fault-kinds LIST', '--latency MS', '--jitter MS', '--faults-agent', '--cors open|off']) {
    expect(help.stdout).toContain(flag);
  }
});
